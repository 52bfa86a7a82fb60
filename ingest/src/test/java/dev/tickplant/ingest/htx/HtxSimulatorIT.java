package dev.tickplant.ingest.htx;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.testsupport.TestInstruments;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTX simulator's wire protocol, seen by a plain WebSocket client. */
@ExtendWith(VertxExtension.class)
class HtxSimulatorIT {
    private HtxSimulatorVerticle simulator;
    /** Held for the whole test: a dropped Vert.x 5 client is closed by a Cleaner on GC. */
    private WebSocketClient wsClient;
    private final List<JsonObject> frames = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger textFrames = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    @BeforeEach
    void setUp(Vertx vertx) {
        wsClient = vertx.createWebSocketClient();
    }

    /**
     * Deploys the simulator, pinging every 150 ms and closing after {@code maxMissedPings} unanswered ones. A test
     * whose client does answer allows many: on a busy machine a pong can miss the next ping or two.
     */
    private Future<String> deploySimulator(Vertx vertx, int maxMissedPings) {
        simulator = new HtxSimulatorVerticle(HtxSimulatorConfig.fromJson(new JsonObject()
                .put("updatesPerSecond", 20).put("tradeProbability", 1.0).put("pingIntervalMs", 150)
                .put("maxMissedPings", maxMissedPings)), TestInstruments.defaultRegistry());
        return vertx.deployVerticle(simulator);
    }

    @AfterEach
    void closeClient(VertxTestContext ctx) {
        wsClient.close().onComplete(ctx.succeedingThenComplete());
    }

    private Future<WebSocket> connect(boolean answerPings) {
        return wsClient.connect(simulator.actualPort(), "127.0.0.1", "/ws").onSuccess(ws -> {
            ws.textMessageHandler(t -> textFrames.incrementAndGet());
            ws.binaryMessageHandler(b -> {
                try {
                    JsonObject f = new JsonObject(HtxFrameParser.gunzip(b.getBytes()));
                    frames.add(f);
                    if (answerPings && f.containsKey("ping")) {
                        ws.writeTextMessage(HtxFrames.pong(String.valueOf(f.getLong("ping"))));
                    }
                } catch (IOException e) {
                    frames.add(new JsonObject().put("not-gzip", true));
                }
            });
            ws.closeHandler(v -> closed.set(true));
        });
    }

    private List<JsonObject> with(String key) {
        synchronized (frames) {
            return frames.stream().filter(f -> f.containsKey(key)).toList();
        }
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldCloseAConnectionThatLeavesPingsUnanswered(Vertx vertx, VertxTestContext ctx) {
        deploySimulator(vertx, 2)
                .compose(id -> connect(false))
                .compose(ws -> until(vertx, 5_000, closed::get, () -> "closed"))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(2, with("ping").size(), "closed after the second unanswered ping");
                    assertEquals(1, simulator.closedForMissedPings());
                    assertEquals(0, textFrames.get(), "every frame is gzipped binary");
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldConfirmSubscriptionsAndPushGzippedTopics(Vertx vertx, VertxTestContext ctx) {
        deploySimulator(vertx, 20)
                .compose(id -> connect(true))
                .compose(ws -> ws.writeTextMessage(HtxFrames.sub(HtxFrames.depthTopic("btcusdt"), "id1"))
                        .compose(v -> ws.writeTextMessage(HtxFrames.sub(HtxFrames.tradeTopic("btcusdt"), "id2")))
                        .compose(v -> ws.writeTextMessage(HtxFrames.sub(HtxFrames.bboTopic("nosuch"), "id3"))))
                .compose(v -> until(vertx, 10_000, () -> with("ch").size() >= 10 && with("ping").size() >= 4,
                        () -> "pushes"))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    JsonObject ok = with("status").get(0);
                    assertEquals("id1", ok.getString("id"));
                    assertEquals("ok", ok.getString("status"));
                    assertEquals("market.btcusdt.depth.step0", ok.getString("subbed"));
                    JsonObject refused = with("status").stream().filter(f -> "id3".equals(f.getString("id")))
                            .findFirst().orElseThrow();
                    assertEquals("error", refused.getString("status"));
                    assertEquals("bad-request", refused.getString("err-code"));
                    assertTrue(with("ch").stream().anyMatch(f -> f.getString("ch").endsWith(".trade.detail")));
                    assertEquals(0, simulator.closedForMissedPings());
                    assertEquals(0, textFrames.get(), "every frame is gzipped binary");
                    assertTrue(simulator.pongs() >= 3);
                    ctx.completeNow();
                })));
    }
}
