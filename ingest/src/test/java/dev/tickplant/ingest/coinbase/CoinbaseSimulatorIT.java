package dev.tickplant.ingest.coinbase;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.testsupport.TestInstruments;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Coinbase simulator's wire protocol, seen by a plain WebSocket client. */
@ExtendWith(VertxExtension.class)
class CoinbaseSimulatorIT {
    private CoinbaseSimulatorVerticle simulator;
    /** Held for the whole test: a dropped Vert.x 5 client is closed by a Cleaner on GC. */
    private WebSocketClient wsClient;
    private final List<JsonObject> frames = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean closed = new AtomicBoolean();

    @BeforeEach
    void setUp(Vertx vertx, VertxTestContext ctx) {
        wsClient = vertx.createWebSocketClient();
        simulator = new CoinbaseSimulatorVerticle(CoinbaseSimulatorConfig.fromJson(new JsonObject()
                .put("updatesPerSecond", 20).put("tradeProbability", 1.0).put("heartbeatIntervalMs", 100)
                .put("subscribeTimeoutMs", 300)), TestInstruments.defaultRegistry());
        vertx.deployVerticle(simulator).onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void closeClient(VertxTestContext ctx) {
        wsClient.close().onComplete(ctx.succeedingThenComplete());
    }

    private Future<WebSocket> connect() {
        return wsClient.connect(simulator.actualPort(), "127.0.0.1", "/").onSuccess(ws -> {
            ws.textMessageHandler(t -> frames.add(new JsonObject(t)));
            ws.closeHandler(v -> closed.set(true));
        });
    }

    private List<JsonObject> ofType(String type) {
        synchronized (frames) {
            return frames.stream().filter(f -> type.equals(f.getString("type"))).toList();
        }
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldCloseAConnectionThatDoesNotSubscribeInTime(Vertx vertx, VertxTestContext ctx) {
        connect()
                .compose(ws -> until(vertx, 5_000, closed::get, () -> "closed"))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(1, simulator.closedForNoSubscribe());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldConfirmSubscriptionsAndStreamSequencedMessages(Vertx vertx, VertxTestContext ctx) {
        connect()
                .compose(ws -> ws.writeTextMessage("{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channels\":"
                        + "[\"level2_batch\",\"heartbeat\",{\"name\":\"ticker\",\"product_ids\":[\"ETH-EUR\"]},"
                        + "\"matches\"]}"))
                .compose(v -> until(vertx, 5_000, () -> ofType("heartbeat").size() >= 3 && ofType("match").size() >= 3
                        && ofType("l2update").size() >= 3 && ofType("ticker").size() >= 3, () -> "stream " + frames))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    JsonObject subs = ofType("subscriptions").get(0);
                    assertEquals(4, subs.getJsonArray("channels").size());
                    assertEquals(frames.indexOf(subs) + 1, frames.indexOf(ofType("snapshot").get(0)),
                            "the snapshot follows the confirmation");
                    JsonArray change = ofType("l2update").get(0).getJsonArray("changes").getJsonArray(0);
                    assertTrue(change.getString(0).equals("buy") || change.getString(0).equals("sell"));
                    // Contiguous per product; a ticker repeats the sequence of the match it reports.
                    long previous = -1;
                    String previousType = null;
                    for (JsonObject f : List.copyOf(frames)) {
                        if ("BTC-USD".equals(f.getString("product_id")) && f.containsKey("sequence")) {
                            long seq = f.getLong("sequence");
                            String type = f.getString("type");
                            if (previous >= 0 && seq == previous) {
                                assertEquals("match", previousType);
                                assertEquals("ticker", type);
                            } else if (previous >= 0) {
                                assertEquals(previous + 1, seq, "contiguous product sequence");
                            }
                            previous = seq;
                            previousType = type;
                        }
                    }
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldRefuseAWholeRequestNamingAnInvalidProduct(Vertx vertx, VertxTestContext ctx) {
        connect()
                .compose(ws -> ws.writeTextMessage(CoinbaseFrames.subscribe(List.of("BTC-USD", "XYZ-USD"),
                        List.of("ticker"))))
                .compose(v -> until(vertx, 5_000, () -> !ofType("error").isEmpty(), () -> "error"))
                .compose(v -> vertx.timer(200))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    JsonObject error = ofType("error").get(0);
                    assertEquals("Failed to subscribe", error.getString("message"));
                    assertEquals("XYZ-USD is not a valid product", error.getString("reason"));
                    assertTrue(simulator.subscribed("ticker").isEmpty(), "nothing of the request applied");
                    ctx.completeNow();
                })));
    }
}
