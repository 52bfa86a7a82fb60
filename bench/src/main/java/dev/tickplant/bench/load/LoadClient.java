package dev.tickplant.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load generator, meant to run in its own JVM next to the server it measures: N WebSocket clients against a
 * tickplant gateway, {@code BareFanoutServer} or nats-server's websocket port, each subscribed to a symbol mix.
 * Connections are opened at most {@code --connect-parallel} at a time; warm-up starts once every client has its
 * subscription confirmed, and the measured window after the warm-up.
 *
 * <p>Reported: delivered market-data messages per second ({@code tick}, {@code depth}, {@code trade}), WebSocket
 * frames per second, per-client min/max, latency percentiles (receive time − the message's {@code time}, epoch ms;
 * with {@code --hops}, receive time − {@code hops.recv} in µs and the split recv→norm→send→client), the sum of
 * {@code conflated} fields, and, given the server's pid and management port, its CPU (% of one core), RSS, heap and
 * conflation counter over the window. Output: a table for people and one {@code RESULT {json}} line for drivers.
 *
 * <p>Usage: see {@link LoadOptions#USAGE}.
 */
public final class LoadClient {
    private static final Logger LOG = LoggerFactory.getLogger(LoadClient.class);
    /** Connections per {@link WebSocketClient}; 10 000 clients use several. */
    private static final int CONNECTIONS_PER_CLIENT = 2500;
    private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private LoadClient() {}

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        JsonObject result = run(options);
        // The report is this program's output (stdout); progress goes to the log (stderr).
        System.out.println(humanReport(result));
        System.out.println("RESULT " + result.encode());
        System.out.flush();
        System.exit(0);
    }

    /** Runs one measurement and returns its result (the {@code RESULT} object). */
    public static JsonObject run(LoadOptions o) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(o.eventLoops()));
        try {
            return measure(vertx, o);
        } finally {
            try {
                vertx.close().await(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Never hide the run's own outcome behind a slow close; the process exits anyway.
                LOG.warn("client Vert.x did not close within 20 s", e);
            }
        }
    }

    private static JsonObject measure(Vertx vertx, LoadOptions o) throws Exception {
        Recording recording = new Recording();
        LongAdder natsMessages = new LongAdder();
        List<WebSocketClient> pools = new ArrayList<>();
        for (int i = 0; i < (o.clients() + CONNECTIONS_PER_CLIENT - 1) / CONNECTIONS_PER_CLIENT; i++) {
            pools.add(vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxConnections(o.clients() + 10)
                    .setMaxFrameSize(MAX_FRAME_BYTES)
                    .setMaxMessageSize(MAX_FRAME_BYTES)
                    .setConnectTimeout(30_000)));
        }
        AtomicReferenceArray<ClientConnection> connections = new AtomicReferenceArray<>(o.clients());
        Semaphore permits = new Semaphore(o.connectParallel());
        List<Future<Void>> subscribed = new ArrayList<>();
        long connectStart = System.nanoTime();
        long connectDeadline = connectStart + (long) (o.connectTimeoutSeconds() * 1e9);
        for (int i = 0; i < o.clients(); i++) {
            long left = connectDeadline - System.nanoTime();
            if (left <= 0 || !permits.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                subscribed.add(Future.failedFuture("connect timeout: not started within --connect-timeout"));
                continue;
            }
            int index = i;
            WebSocketConnectOptions target = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(o.port())
                    .setURI(o.uri());
            Future<Void> ready = pools.get(i % pools.size()).connect(target)
                    .compose(ws -> {
                        ClientConnection c = open(ws, o, recording, natsMessages);
                        connections.set(index, c);
                        return c.subscribed();
                    })
                    .timeout(60, TimeUnit.SECONDS);
            ready.onComplete(ar -> permits.release());
            subscribed.add(ready);
        }
        try {
            Future.join(subscribed).await(Math.max(1, connectDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            LOG.warn("not every client settled in time; measuring with those subscribed so far", e);
        }
        // An overloaded server may refuse or drop a few clients while they connect: that is counted and reported,
        // and the run goes on with the others rather than producing no figure at all.
        List<ClientConnection> ready = new ArrayList<>();
        for (int i = 0; i < o.clients(); i++) {
            ClientConnection c = connections.get(i);
            if (subscribed.get(i).succeeded() && c != null) {
                ready.add(c);
            } else if (c != null) {
                c.ws.close();
            }
        }
        int failedClients = o.clients() - ready.size();
        if (ready.isEmpty()) {
            throw new IllegalStateException("no client could connect and subscribe; first cause: "
                    + firstCause(subscribed));
        }
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        LOG.info("clients={} subscribed in {} s (failed {}, first cause: {}); warming up {} s", ready.size(),
                String.format(Locale.ROOT, "%.1f", connectSeconds), failedClients,
                failedClients == 0 ? "none" : firstCause(subscribed), o.warmupSeconds());

        NatsPublisher publisher = null;
        switch (o.target()) {
            case BARE -> ready.get(0).ws.writeTextMessage("{\"type\":\"start\"}");
            case NATS -> {
                publisher = connectPublisher(vertx, o, natsMessages);
                publisher.start();
            }
            case TICKPLANT -> {}
        }
        sleepSeconds(o.warmupSeconds());

        String metricsUri = o.metricsPort() > 0 ? "http://127.0.0.1:" + o.metricsPort() + "/metrics" : null;
        ServerProbe probe = new ServerProbe(o.serverPid(), metricsUri);
        long self = ProcessHandle.current().pid();
        ServerProbe.Sample before = probe.sample();
        double selfCpuBefore = ServerProbe.cpuSeconds(self);
        long publishedBefore = publisher == null ? 0 : publisher.published();
        recording.measuring(true);
        long start = System.nanoTime();
        sleepSeconds(o.seconds());
        recording.measuring(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double selfCpuAfter = ServerProbe.cpuSeconds(self);
        long publishedAfter = publisher == null ? 0 : publisher.published();
        ServerProbe.Sample after = probe.sample();
        if (publisher != null) {
            publisher.stop();
        }
        quiesce(ready);

        Recording.LoopStats stats = recording.merged();
        long min = Long.MAX_VALUE;
        long max = 0;
        int closed = 0;
        for (ClientConnection c : ready) {
            min = Math.min(min, c.measuredMarketData());
            max = Math.max(max, c.measuredMarketData());
            closed += c.closed() ? 1 : 0;
        }
        // Closed only now, which also keeps them reachable: Vert.x closes the connections of an unreachable client.
        for (WebSocketClient pool : pools) {
            pool.close();
        }
        JsonObject r = new JsonObject()
                .put("label", o.label())
                .put("target", o.target().name().toLowerCase(Locale.ROOT))
                .put("clients", o.clients())
                .put("failed_clients", failedClients)
                .put("symbols", o.target() == LoadOptions.Target.TICKPLANT ? o.symbols().size() : 0)
                .put("batch", o.batch())
                .put("hops", o.hops())
                .put("offered", o.offered())
                .put("connect_s", round(connectSeconds, 1))
                .put("seconds", round(elapsed, 2))
                .put("ticks_per_s", Math.round(stats.marketData / elapsed))
                .put("frames_per_s", Math.round(stats.frames / elapsed))
                .put("per_client_min_per_s", round(min / elapsed, 1))
                .put("per_client_max_per_s", round(max / elapsed, 1))
                .put("conflated_client", stats.conflated)
                .put("errors", stats.errors)
                .put("closed_clients", closed);
        putPercentilesMs(r, "lat_ms", stats.fromVenueTime);
        if (o.hops()) {
            putPercentilesUs(r, "lat_us", stats.fromIngest);
            String[] hopNames = {"recv_norm_us", "norm_send_us", "send_client_us"};
            List<Histogram> hops = stats.hopHistograms();
            for (int h = 0; h < hopNames.length; h++) {
                if (hops.get(h).getTotalCount() == 0) {
                    continue;
                }
                r.put(hopNames[h] + "_p50", hops.get(h).getValueAtPercentile(50))
                        .put(hopNames[h] + "_p99", hops.get(h).getValueAtPercentile(99));
            }
        }
        r.put("server_cpu_pct", round(ServerProbe.cpuPercent(before, after), 1))
                .put("server_rss_mb", after.rssBytes() < 0 ? null : after.rssBytes() / (1024 * 1024))
                .put("server_heap_mb", Double.isNaN(after.heapUsedBytes()) ? null
                        : Math.round(after.heapUsedBytes() / (1024 * 1024)))
                .put("conflated_server", Double.isNaN(after.conflated()) ? null
                        : Math.round(after.conflated() - before.conflated()))
                .put("server_sent_per_s", Double.isNaN(after.ticksSent()) ? null
                        : Math.round((after.ticksSent() - before.ticksSent()) / elapsed))
                .put("client_cpu_pct", round(100 * (selfCpuAfter - selfCpuBefore) / elapsed, 1));
        if (publisher != null) {
            r.put("nats_published_per_s", Math.round((publishedAfter - publishedBefore) / elapsed));
        }
        return r;
    }

    /** The publisher's connection, with two more tries: a lost first try must not cost the whole run. */
    private static NatsPublisher connectPublisher(Vertx vertx, LoadOptions o, LongAdder natsMessages)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            NatsPublisher publisher = new NatsPublisher(vertx, o.natsPort(), o.clients(), o.natsTicksPerMessage(),
                    o.ratePerClient(), o.natsWindow(), natsMessages);
            try {
                publisher.connect().await(10, TimeUnit.SECONDS);
                return publisher;
            } catch (Exception e) {
                publisher.stop();
                if (attempt == 3) {
                    throw new IllegalStateException("nats publisher could not connect to port " + o.natsPort(), e);
                }
                LOG.warn("nats publisher connect attempt {} failed, retrying", attempt, e);
            }
        }
    }

    private static ClientConnection open(WebSocket ws, LoadOptions o, Recording recording, LongAdder natsMessages) {
        return switch (o.target()) {
            case TICKPLANT, BARE -> new GatewayConnection(ws, recording, o.hops(), o.symbols());
            case NATS -> new NatsConnection(ws, recording, o.hops(), natsMessages);
        };
    }

    /** Waits until a task has run on every connection's context: after it no recording is in progress. */
    private static void quiesce(List<ClientConnection> connections) throws Exception {
        Set<Context> contexts = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ClientConnection c : connections) {
            contexts.add(c.context());
        }
        List<Future<Void>> done = new ArrayList<>();
        for (Context c : contexts) {
            Promise<Void> p = Promise.promise();
            c.runOnContext(v -> p.complete());
            done.add(p.future());
        }
        Future.all(done).await(30, TimeUnit.SECONDS);
    }

    private static String firstCause(List<Future<Void>> futures) {
        return futures.stream().filter(Future::failed).findFirst()
                .map(f -> String.valueOf(f.cause())).orElse("none");
    }

    private static void putPercentilesMs(JsonObject r, String prefix, Histogram h) {
        if (h.getTotalCount() == 0) {
            return; // nothing carried the field: the report says "-" rather than a made-up 0
        }
        r.put(prefix + "_p50", ms(h.getValueAtPercentile(50))).put(prefix + "_p90", ms(h.getValueAtPercentile(90)))
                .put(prefix + "_p99", ms(h.getValueAtPercentile(99)))
                .put(prefix + "_p999", ms(h.getValueAtPercentile(99.9))).put(prefix + "_max", ms(h.getMaxValue()));
    }

    private static void putPercentilesUs(JsonObject r, String prefix, Histogram h) {
        if (h.getTotalCount() == 0) {
            return;
        }
        r.put(prefix + "_p50", h.getValueAtPercentile(50)).put(prefix + "_p90", h.getValueAtPercentile(90))
                .put(prefix + "_p99", h.getValueAtPercentile(99)).put(prefix + "_p999", h.getValueAtPercentile(99.9))
                .put(prefix + "_max", h.getMaxValue());
    }

    private static double ms(long us) {
        return round(us / 1000.0, 1);
    }

    private static Double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }

    /** Waiting out a fixed measuring period is the point here (a benchmark window, not a wait for an event). */
    private static void sleepSeconds(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    /** The result as a few lines for people. */
    static String humanReport(JsonObject r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%n== %s  clients=%d symbols=%d offered=%s window=%.1fs (connect %.1fs)%n",
                r.getString("label"), r.getInteger("clients"), r.getInteger("symbols"), r.getString("offered"),
                r.getDouble("seconds"), r.getDouble("connect_s")));
        sb.append(String.format(Locale.ROOT, "delivered %,d ticks/s  %,d frames/s  per client min %.0f max %.0f/s"
                        + "  errors %d  failed to subscribe %d  closed %d%n", r.getLong("ticks_per_s"),
                r.getLong("frames_per_s"), r.getDouble("per_client_min_per_s"), r.getDouble("per_client_max_per_s"),
                r.getLong("errors"), r.getInteger("failed_clients"), r.getInteger("closed_clients")));
        sb.append(String.format(Locale.ROOT, "latency ms (from time)  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
                v(r, "lat_ms_p50"), v(r, "lat_ms_p90"), v(r, "lat_ms_p99"),
                v(r, "lat_ms_p999"), v(r, "lat_ms_max")));
        if (r.getBoolean("hops")) {
            sb.append(String.format(Locale.ROOT,
                    "latency us (from hops.recv)  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
                    v(r, "lat_us_p50"), v(r, "lat_us_p90"), v(r, "lat_us_p99"),
                    v(r, "lat_us_p999"), v(r, "lat_us_max")));
            sb.append(String.format(Locale.ROOT, "hops us p50/p99  recv->norm %s/%s  norm->send %s/%s"
                            + "  send->client %s/%s%n", v(r, "recv_norm_us_p50"), v(r, "recv_norm_us_p99"),
                    v(r, "norm_send_us_p50"), v(r, "norm_send_us_p99"),
                    v(r, "send_client_us_p50"), v(r, "send_client_us_p99")));
        }
        sb.append(String.format(Locale.ROOT, "conflated: %d in messages, %s by server counter%n",
                r.getLong("conflated_client"), v(r, "conflated_server")));
        sb.append(String.format(Locale.ROOT, "server cpu %s %%  rss %s MB  heap %s MB   client cpu %s %%",
                v(r, "server_cpu_pct"), v(r, "server_rss_mb"), v(r, "server_heap_mb"),
                v(r, "client_cpu_pct")));
        return sb.toString();
    }

    private static Object v(JsonObject r, String key) {
        Object value = r.getValue(key);
        return value == null ? "-" : value;
    }
}
