package dev.tickplant.bench;

import dev.tickplant.deploy.LaunchOptions;
import dev.tickplant.deploy.NodeRole;
import dev.tickplant.deploy.TickplantNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load generator for the whole pipeline in one JVM: the embedded node (AllTick simulator → connector → normalizer →
 * gateway) at a chosen simulator rate, and N WebSocket clients that each subscribe to every instrument of the
 * default universe. Reports delivered ticks/s and end-to-end latency percentiles, measured from the venue time the
 * simulator stamps on each update to the moment a client parses the tick (same JVM, same clock; millisecond
 * resolution, as the wire carries milliseconds).
 *
 * <p>Usage: {@code java -cp ... dev.tickplant.bench.PipelineLoad [clients=50] [updatesPerSecond=100] [seconds=20]
 * [gatewayInstances=1] [batch=false]}; with {@code batch=true} the clients connect with {@code ?batch=true} and read
 * frames that are JSON arrays of messages.
 */
public final class PipelineLoad {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineLoad.class);
    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "UNH", "NVDA", "TSLA", "AMZN", "700.HK",
            "1.HK", "2.HK", "5.HK", "9988.HK", "EURUSD", "GBPUSD", "USDJPY", "AUDUSD", "USDCHF", "USDCAD", "AUDCHF",
            "NZDUSD", "XAUUSD", "XAGUSD", "BTCUSDT", "ETHUSDT");

    private PipelineLoad() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int gatewayInstances = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        boolean batch = args.length > 4 && Boolean.parseBoolean(args[4]);
        JsonObject overrides = new JsonObject()
                .put("management", new JsonObject().put("port", 0))
                .put("gateway", new JsonObject().put("port", 0).put("host", "127.0.0.1")
                        .put("instances", gatewayInstances))
                .put("simulators", new JsonObject().put("alltick", new JsonObject().put("port", 0)
                        .put("token", "bench").put("updatesPerSecond", rate)));
        TickplantNode node = TickplantNode.start(new LaunchOptions(null, EnumSet.allOf(NodeRole.class), false),
                overrides, Map.of()).await(60, TimeUnit.SECONDS);
        Vertx clientVertx = Vertx.vertx();
        WebSocketClient wsClient = clientVertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(clients + 10));
        LongAdder ticks = new LongAdder();
        Recorder latency = new Recorder(3);
        List<Future<WebSocket>> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            connections.add(wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                    .setPort(node.gatewayPort()).setURI(batch ? "/?token=demo&batch=true" : "/?token=demo"))
                    .onSuccess(ws -> {
                        ws.textMessageHandler(text -> {
                            if (text.startsWith("[")) {
                                for (Object m : new JsonArray(text)) {
                                    count((JsonObject) m, ticks, latency);
                                }
                            } else {
                                count(new JsonObject(text), ticks, latency);
                            }
                        });
                        ws.writeTextMessage(new JsonObject().put("type", "subscribe")
                                .put("symbols", new JsonArray(SYMBOLS)).encode());
                    }));
        }
        Future.all(connections).await(60, TimeUnit.SECONDS);
        LOG.info("{} clients connected, warming up 5 s", clients);
        Thread.sleep(5_000);
        ticks.reset();
        latency.reset();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double elapsed = (System.nanoTime() - start) / 1e9;
        var histogram = latency.getIntervalHistogram();
        LOG.info(String.format("RESULT gatewayInstances=" + gatewayInstances + " batch=" + batch + " clients=%d simRate=%.0f/s/symbol symbols=%d seconds=%.1f delivered=%.0f ticks/s "
                        + "latency_ms p50=%d p90=%d p99=%d p99.9=%d max=%d",
                clients, rate, SYMBOLS.size(), elapsed, ticks.sum() / elapsed,
                histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue()));
        clientVertx.close().await(10, TimeUnit.SECONDS);
        node.close().await(10, TimeUnit.SECONDS);
    }

    private static void count(JsonObject m, LongAdder ticks, Recorder latency) {
        if ("tick".equals(m.getString("type"))) {
            ticks.increment();
            latency.recordValue(Math.max(0, System.currentTimeMillis() - m.getLong("time")));
        }
    }
}
