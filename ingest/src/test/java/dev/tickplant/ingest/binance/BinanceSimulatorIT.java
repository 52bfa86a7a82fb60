package dev.tickplant.ingest.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.testsupport.TestInstruments;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Binance simulator's wire protocol and limits, driven by a raw client. */
@ExtendWith(VertxExtension.class)
class BinanceSimulatorIT {
    private BinanceSimulatorVerticle simulator;
    /** Kept for the whole test: a dropped Vert.x 5 client is closed by a Cleaner on GC. */
    private WebSocketClient wsClient;
    private HttpClient httpClient;

    @BeforeEach
    void setUp(Vertx vertx, VertxTestContext ctx) {
        simulator = new BinanceSimulatorVerticle(BinanceSimulatorConfig.fromJson(new JsonObject()
                .put("updatesPerSecond", 25)), TestInstruments.defaultRegistry());
        wsClient = vertx.createWebSocketClient();
        httpClient = vertx.createHttpClient();
        vertx.deployVerticle(simulator).onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void tearDown(VertxTestContext ctx) {
        Future.join(wsClient.close(), httpClient.close()).onComplete(ctx.succeedingThenComplete());
    }

    private Future<WebSocket> connect() {
        return wsClient.connect(simulator.actualPort(), "127.0.0.1", "/stream");
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldReplyToSubscribeAndPushCombinedStreams(Vertx vertx, VertxTestContext ctx) {
        Promise<JsonObject> reply = Promise.promise();
        Promise<JsonObject> depth = Promise.promise();
        connect().compose(ws -> {
            ws.textMessageHandler(text -> {
                JsonObject json = new JsonObject(text);
                if (json.containsKey("id")) {
                    reply.tryComplete(json);
                } else if ("btcusdt@depth@100ms".equals(json.getString("stream"))) {
                    depth.tryComplete(json);
                }
            });
            return ws.writeTextMessage(new BinanceFrames.Request("SUBSCRIBE", List.of("btcusdt@depth@100ms"), 1)
                    .toJson());
        }).compose(v -> Future.all(reply.future(), depth.future())).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            assertEquals(new JsonObject().putNull("result").put("id", 1), reply.future().result());
            JsonObject data = depth.future().result().getJsonObject("data");
            assertEquals("depthUpdate", data.getString("e"));
            assertEquals("BTCUSDT", data.getString("s"));
            assertTrue(data.getLong("U") <= data.getLong("u"));
            ctx.completeNow();
        })));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldServeTheRestSnapshotAndRefuseUnknownSymbols(Vertx vertx, VertxTestContext ctx) {
        Future<JsonObject> ok = get("/api/v3/depth?symbol=BTCUSDT&limit=5", 200);
        Future<JsonObject> bad = get("/api/v3/depth?symbol=NOPEUSDT&limit=5", 400);
        Future.all(ok, bad).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            assertTrue(ok.result().getLong("lastUpdateId") > 0);
            assertEquals(5, ok.result().getJsonArray("bids").size());
            assertEquals(-1121, bad.result().getInteger("code"));
            assertEquals("Invalid symbol.", bad.result().getString("msg"));
            ctx.completeNow();
        })));
    }

    private Future<JsonObject> get(String uri, int status) {
        return httpClient.request(HttpMethod.GET, simulator.actualPort(), "127.0.0.1", uri)
                .compose(req -> req.send())
                .compose(resp -> resp.statusCode() == status
                        ? resp.body().map(b -> new JsonObject(b))
                        : Future.failedFuture("HTTP " + resp.statusCode()));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldDisconnectAClientSendingMoreThanFiveMessagesPerSecond(Vertx vertx, VertxTestContext ctx) {
        Promise<Void> closed = Promise.promise();
        connect().compose(ws -> {
            ws.closeHandler(v -> closed.tryComplete());
            Future<Void> last = Future.succeededFuture();
            for (int id = 1; id <= 7; id++) {
                last = ws.writeTextMessage(new BinanceFrames.Request("LIST_SUBSCRIPTIONS", List.of(), id).toJson());
            }
            return last;
        }).compose(v -> closed.future()).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            assertEquals(1, simulator.rateLimitViolations());
            assertEquals(6, simulator.maxIncomingSeen());
            ctx.completeNow();
        })));
    }
}
