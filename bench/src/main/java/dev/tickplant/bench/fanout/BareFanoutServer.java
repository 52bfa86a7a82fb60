package dev.tickplant.bench.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bare Vert.x WebSocket fan-out server, the reference tickplant's gateway is compared with: no pipeline, no
 * subscriptions, no protocol beyond what the load client needs. Every client that sends a text containing
 * {@code subscribe} gets {@code {"type":"subscribed"}} and from then on every tick; a text containing {@code start}
 * (sent by the load client once all its clients have subscribed) starts the generators.
 *
 * <p>One verticle per event loop, each with its own clients and its own generator, so every write happens on the
 * socket's own event loop. Delivery is lossless: a generator pauses while any of its clients' write queue is full
 * and resumes on that client's drain, so the delivered rate is the most the socket layer sustains for the slowest
 * client. Write modes:
 *
 * <ul>
 *   <li>{@code flush}: {@code writeTextMessage} per frame, which Vert.x flushes per frame (one syscall each);
 *   <li>{@code fch}: the same writes with Netty's {@code FlushConsolidationHandler(64, true)} first in the pipeline,
 *       as the gateway does;
 *   <li>{@code manual}: the frame's bytes are made once and the same buffer is written to every channel with
 *       {@code ChannelHandlerContext.write}, then one flush per client per generator turn (internal API
 *       {@code WebSocketInternal}).
 * </ul>
 *
 * <p>Usage: {@code BareFanoutServer [--port 0] [--mode flush|fch|manual] [--ticks-per-frame 1] [--rate 0]
 * [--instances 2] [--hops]}; {@code --rate} is ticks per second per client (0: as fast as the lossless window
 * allows). Logs {@code bare fanout listening port=P} once it accepts connections.
 */
public final class BareFanoutServer {
    private static final Logger LOG = LoggerFactory.getLogger(BareFanoutServer.class);
    /** Frames generated per generator turn before it yields to I/O, so reads and drains interleave with writes. */
    private static final int ROUNDS_PER_TURN = 16;
    private static final String START_ADDRESS = "bench.bare.start";

    /** How frames reach the sockets. */
    public enum Mode { FLUSH, FCH, MANUAL }

    /** The server's settings. */
    public record Settings(int port, Mode mode, int ticksPerFrame, double ratePerClient, int instances,
            boolean hops) {
        /** Parses {@code --key value} arguments. */
        public static Settings parse(String... args) {
            int port = 0;
            Mode mode = Mode.FCH;
            int ticksPerFrame = 1;
            double rate = 0;
            int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
            boolean hops = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(value(args, ++i));
                    case "--mode" -> mode = Mode.valueOf(value(args, ++i).toUpperCase(Locale.ROOT));
                    case "--ticks-per-frame" -> ticksPerFrame = Integer.parseInt(value(args, ++i));
                    case "--rate" -> rate = Double.parseDouble(value(args, ++i));
                    case "--instances" -> instances = Integer.parseInt(value(args, ++i));
                    case "--hops" -> hops = true;
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            if (ticksPerFrame < 1 || instances < 1 || rate < 0) {
                throw new IllegalArgumentException("--ticks-per-frame and --instances must be >= 1, --rate >= 0");
            }
            return new Settings(port, mode, ticksPerFrame, rate, instances, hops);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    private BareFanoutServer() {}

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(settings.instances()));
        // One server per event loop sharing one port. Vert.x shares a random port among servers that ask for the
        // same negative port, where port 0 would give each server its own.
        int port = settings.port() == 0 ? -1 : settings.port();
        FanoutVerticle first = new FanoutVerticle(settings, port);
        vertx.deployVerticle(first).await(30, TimeUnit.SECONDS);
        for (int i = 1; i < settings.instances(); i++) {
            FanoutVerticle next = new FanoutVerticle(settings, port);
            vertx.deployVerticle(next).await(30, TimeUnit.SECONDS);
            if (next.actualPort != first.actualPort) {
                throw new IllegalStateException("servers did not share the port: " + first.actualPort + " and "
                        + next.actualPort);
            }
        }
        LOG.info("bare fanout listening port={} mode={} ticksPerFrame={} rate={} instances={}", first.actualPort,
                settings.mode().name().toLowerCase(Locale.ROOT), settings.ticksPerFrame(), settings.ratePerClient(),
                settings.instances());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close().onComplete(ar -> stopped.countDown());
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        stopped.await();
    }

    /** One event loop's server, clients and generator. Confined to its event loop. */
    static final class FanoutVerticle extends VerticleBase {
        private final Settings settings;
        private final int port;
        private final List<Client> clients = new ArrayList<>();
        private final SyntheticTicks ticks = new SyntheticTicks();
        private final Clock clock = Clock.systemUTC();
        private volatile int actualPort;
        /** Generating: from a start request until the last client left. */
        private boolean running;
        /** The client whose full write queue paused generation, until it drains or leaves. */
        private Client awaited;
        private long timerId = -1;
        private long startNanos;
        private long framesMade;

        FanoutVerticle(Settings settings, int port) {
            this.settings = settings;
            this.port = port;
        }

        @Override
        public Future<?> start() {
            vertx.eventBus().<String>localConsumer(START_ADDRESS, msg -> startGenerating());
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                    .webSocketHandler(this::onWebSocket);
            return server.listen().onSuccess(s -> actualPort = s.actualPort());
        }

        private void onWebSocket(ServerWebSocket ws) {
            ChannelHandlerContext chctx = null;
            if (settings.mode() != Mode.FLUSH) {
                if (!(ws instanceof WebSocketInternal internal)) {
                    ws.close((short) 1011, "internal websocket API unavailable");
                    return;
                }
                chctx = internal.channelHandlerContext();
                if (settings.mode() == Mode.FCH) {
                    chctx.pipeline().addFirst(new FlushConsolidationHandler(64, true));
                }
            }
            Client client = new Client(ws, chctx);
            ws.textMessageHandler(text -> {
                if (text.contains("subscribe") && !client.subscribed) {
                    client.subscribed = true;
                    clients.add(client);
                    ws.writeTextMessage("{\"type\":\"subscribed\",\"symbols\":[\"*\"]}");
                } else if (text.contains("start")) {
                    vertx.eventBus().publish(START_ADDRESS, "start");
                }
            });
            ws.closeHandler(v -> onClosed(client));
            ws.exceptionHandler(err -> LOG.debug("client error", err));
        }

        private void startGenerating() {
            if (running || clients.isEmpty()) {
                return;
            }
            running = true;
            awaited = null;
            startNanos = System.nanoTime();
            framesMade = 0;
            if (settings.ratePerClient() > 0) {
                timerId = vertx.setPeriodic(1, id -> generateDue());
            } else {
                context.runOnContext(v -> generateFlat());
            }
        }

        /** A run's clients leave at its end: stop once none is left, so the next run starts afresh. */
        private void onClosed(Client client) {
            clients.remove(client);
            if (clients.isEmpty()) {
                running = false;
                awaited = null;
                if (timerId >= 0) {
                    vertx.cancelTimer(timerId);
                    timerId = -1;
                }
            } else if (awaited == client) {
                resume();
            }
        }

        private void resume() {
            awaited = null;
            if (running && settings.ratePerClient() == 0) {
                generateFlat();
            }
        }

        /** As fast as the slowest client's write queue allows. */
        private void generateFlat() {
            if (!running || awaited != null) {
                return;
            }
            if (produce(ROUNDS_PER_TURN)) {
                // Yield to I/O between turns, so reads, drains and flushes interleave with the writes.
                context.runOnContext(v -> generateFlat());
            }
        }

        /** The frames due at the offered rate since the start, at most a second's worth in one go. */
        private void generateDue() {
            if (!running || awaited != null) {
                return;
            }
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            double framesPerSecond = settings.ratePerClient() / settings.ticksPerFrame();
            long due = (long) (elapsed * framesPerSecond) - framesMade;
            long cap = Math.max(1, (long) framesPerSecond);
            if (due > cap) {
                // Fell behind (a full write queue): the offered load beyond what was delivered is not replayed.
                framesMade += due - cap;
                due = cap;
            }
            if (due > 0) {
                produce((int) due);
            }
        }

        /** Writes up to {@code frames} frames to every client; false when a full write queue paused generation. */
        private boolean produce(int frames) {
            for (int f = 0; f < frames; f++) {
                Client full = firstFull();
                if (full != null) {
                    awaited = full;
                    full.ws.drainHandler(v -> {
                        full.ws.drainHandler(null);
                        if (awaited == full) {
                            resume();
                        }
                    });
                    flushManual();
                    return false;
                }
                writeFrame();
                framesMade++;
            }
            flushManual();
            return true;
        }

        private Client firstFull() {
            for (Client c : clients) {
                if (c.ws.writeQueueFull()) {
                    return c;
                }
            }
            return null;
        }

        private void writeFrame() {
            long hopsUs = 0;
            long nowMs;
            if (settings.hops()) {
                Instant now = clock.instant();
                hopsUs = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
                nowMs = hopsUs / 1000;
            } else {
                nowMs = System.currentTimeMillis();
            }
            byte[] frame = ticks.next(settings.ticksPerFrame(), nowMs, hopsUs);
            if (settings.mode() == Mode.MANUAL) {
                ByteBuf shared = Unpooled.wrappedBuffer(frame);
                for (Client c : clients) {
                    c.chctx.write(new TextWebSocketFrame(shared.retainedDuplicate()), c.chctx.voidPromise());
                }
                shared.release();
            } else {
                String text = new String(frame, StandardCharsets.US_ASCII);
                for (Client c : clients) {
                    c.ws.writeTextMessage(text);
                }
            }
        }

        private void flushManual() {
            if (settings.mode() == Mode.MANUAL) {
                for (Client c : clients) {
                    c.chctx.flush();
                }
            }
        }

    }

    private static final class Client {
        final ServerWebSocket ws;
        final ChannelHandlerContext chctx;
        boolean subscribed;

        Client(ServerWebSocket ws, ChannelHandlerContext chctx) {
            this.ws = ws;
            this.chctx = chctx;
        }
    }
}
