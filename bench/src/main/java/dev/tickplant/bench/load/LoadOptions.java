package dev.tickplant.bench.load;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Settings of one {@link LoadClient} run, parsed from {@code --key value} arguments (see {@link #USAGE}).
 *
 * @param target what the clients connect to
 * @param port the WebSocket port of the server
 * @param clients number of WebSocket clients
 * @param symbols what each client subscribes to (tickplant only)
 * @param batch tickplant's batched mode ({@code &batch=true}): every frame a JSON array of messages
 * @param hops ask for per-hop µs timestamps ({@code &hops=true}) and measure latency from {@code hops.recv}
 * @param warmupSeconds seconds between "all subscribed" and the start of the measured window
 * @param seconds length of the measured window
 * @param connectParallel connections being opened at once at most
 * @param eventLoops client event loops
 * @param serverPid the server's process id for CPU and RSS, or -1
 * @param metricsPort the server's management port for {@code /metrics} (tickplant), or -1
 * @param label the row's name in reports (system/mode)
 * @param offered the offered load as the driver set it, for reports (e.g. {@code 300000}, or {@code max})
 * @param natsPort nats-server's client (TCP) port, for the publisher
 * @param natsTicksPerMessage ticks per NATS message
 * @param ratePerClient offered ticks per second per client for the NATS publisher, 0 for as fast as its window allows
 * @param natsWindow NATS messages per client in flight at most (published, not yet received)
 * @param connectTimeoutSeconds how long all clients together may take to connect and subscribe; the run goes on
 *     with those subscribed by then
 */
public record LoadOptions(
        Target target,
        int port,
        int clients,
        List<String> symbols,
        boolean batch,
        boolean hops,
        double warmupSeconds,
        double seconds,
        int connectParallel,
        int eventLoops,
        long serverPid,
        int metricsPort,
        String label,
        String offered,
        int natsPort,
        int natsTicksPerMessage,
        double ratePerClient,
        int natsWindow,
        double connectTimeoutSeconds) {
    /** The default subscription: every instrument of the default universe (the 21 AllTick ones and two crypto). */
    public static final List<String> DEFAULT_SYMBOLS = List.of("AAPL", "MSFT", "UNH", "NVDA", "TSLA", "AMZN",
            "700.HK", "1.HK", "2.HK", "5.HK", "9988.HK", "EURUSD", "GBPUSD", "USDJPY", "AUDUSD", "USDCHF", "USDCAD",
            "AUDCHF", "NZDUSD", "XAUUSD", "XAGUSD", "BTCUSDT", "ETHUSDT");

    public static final String USAGE = String.join("\n",
            "usage: LoadClient --port P [--target tickplant|bare|nats] [--clients 100] [--batch] [--hops]",
            "  [--symbols A,B,...|--symbol-count K] [--warmup 5] [--seconds 10] [--connect-parallel 50]",
            "  [--event-loops CORES] [--server-pid PID] [--metrics-port P] [--label NAME] [--offered TEXT]",
            "  [--nats-port P] [--nats-ticks-per-message 1] [--rate TICKS_PER_S_PER_CLIENT] [--nats-window 500]",
            "  [--connect-timeout SECONDS (default clients/10 + 120)]");

    /** What the clients connect to. */
    public enum Target {
        /** A tickplant gateway (native protocol, {@code ?token=demo}). */
        TICKPLANT,
        /** {@code BareFanoutServer}. */
        BARE,
        /** nats-server's websocket port, NATS text protocol; a publisher in this JVM feeds subject {@code ticks}. */
        NATS
    }

    public LoadOptions {
        symbols = List.copyOf(symbols);
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be given (1-65535)");
        }
        if (clients < 1 || connectParallel < 1 || eventLoops < 1 || natsTicksPerMessage < 1 || natsWindow < 1) {
            throw new IllegalArgumentException(
                    "--clients, --connect-parallel, --event-loops, --nats-ticks-per-message, --nats-window must be >= 1");
        }
        if (target == Target.NATS && natsPort <= 0) {
            throw new IllegalArgumentException("--target nats needs --nats-port (the publisher's TCP port)");
        }
        if (seconds <= 0 || warmupSeconds < 0 || ratePerClient < 0 || connectTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("--seconds and --connect-timeout must be > 0, --warmup and --rate >= 0");
        }
    }

    /**
     * Parses the command line.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static LoadOptions parse(String... args) {
        Target target = Target.TICKPLANT;
        int port = -1;
        int clients = 100;
        List<String> symbols = DEFAULT_SYMBOLS;
        boolean batch = false;
        boolean hops = false;
        double warmup = 5;
        double seconds = 10;
        int parallel = 50;
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        long pid = -1;
        int metricsPort = -1;
        String label = null;
        String offered = "";
        int natsPort = -1;
        int ticksPerMessage = 1;
        double rate = 0;
        int window = 500;
        double connectTimeout = -1;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--target" -> target = Target.valueOf(value(args, ++i, arg).toUpperCase(Locale.ROOT));
                case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
                case "--clients" -> clients = Integer.parseInt(value(args, ++i, arg));
                case "--symbols" -> symbols = Arrays.stream(value(args, ++i, arg).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList();
                case "--symbol-count" -> {
                    int k = Integer.parseInt(value(args, ++i, arg));
                    if (k < 1 || k > DEFAULT_SYMBOLS.size()) {
                        throw new IllegalArgumentException("--symbol-count must be 1.." + DEFAULT_SYMBOLS.size());
                    }
                    symbols = DEFAULT_SYMBOLS.subList(0, k);
                }
                case "--batch" -> batch = true;
                case "--hops" -> hops = true;
                case "--warmup" -> warmup = Double.parseDouble(value(args, ++i, arg));
                case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, arg));
                case "--connect-parallel" -> parallel = Integer.parseInt(value(args, ++i, arg));
                case "--event-loops" -> loops = Integer.parseInt(value(args, ++i, arg));
                case "--server-pid" -> pid = Long.parseLong(value(args, ++i, arg));
                case "--metrics-port" -> metricsPort = Integer.parseInt(value(args, ++i, arg));
                case "--label" -> label = value(args, ++i, arg);
                case "--offered" -> offered = value(args, ++i, arg);
                case "--nats-port" -> natsPort = Integer.parseInt(value(args, ++i, arg));
                case "--nats-ticks-per-message" -> ticksPerMessage = Integer.parseInt(value(args, ++i, arg));
                case "--rate" -> rate = Double.parseDouble(value(args, ++i, arg));
                case "--nats-window" -> window = Integer.parseInt(value(args, ++i, arg));
                case "--connect-timeout" -> connectTimeout = Double.parseDouble(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
            }
        }
        if (label == null) {
            label = target.name().toLowerCase(Locale.ROOT) + (batch ? "/batched" : "");
        }
        if (connectTimeout < 0) {
            connectTimeout = clients / 10.0 + 120;
        }
        return new LoadOptions(target, port, clients, symbols, batch, hops, warmup, seconds, parallel, loops, pid,
                metricsPort, label, offered, natsPort, ticksPerMessage, rate, window, connectTimeout);
    }

    /** The request path and query a client connects with. */
    public String uri() {
        return switch (target) {
            case TICKPLANT -> "/?token=demo" + (batch ? "&batch=true" : "") + (hops ? "&hops=true" : "");
            case BARE, NATS -> "/";
        };
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
