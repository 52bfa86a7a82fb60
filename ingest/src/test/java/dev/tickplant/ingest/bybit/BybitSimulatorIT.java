package dev.tickplant.ingest.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.bybit.BybitFrameParser.Parsed;
import dev.tickplant.ingest.bybit.BybitFrames.Request;
import dev.tickplant.ingest.bybit.BybitFrames.Response;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Bybit simulator's wire protocol and limits, driven by a raw client. */
@ExtendWith(VertxExtension.class)
class BybitSimulatorIT {
    private final BybitFrameParser parser = new BybitFrameParser();
    private BybitSimulatorVerticle simulator;
    /** Kept for the whole test: a dropped Vert.x 5 client is closed by a Cleaner on GC. */
    private WebSocketClient wsClient;

    @BeforeEach
    void setUp(Vertx vertx, VertxTestContext ctx) {
        simulator = new BybitSimulatorVerticle(BybitSimulatorConfig.defaults(), TestInstruments.defaultRegistry());
        wsClient = vertx.createWebSocketClient();
        vertx.deployVerticle(simulator).onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void tearDown(VertxTestContext ctx) {
        wsClient.close().onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerPingsAndRefuseTooManyArgsOrUnknownSymbols(Vertx vertx, VertxTestContext ctx) {
        List<Response> responses = Collections.synchronizedList(new ArrayList<>());
        Promise<Void> done = Promise.promise();
        List<String> eleven = new ArrayList<>();
        for (int n = 0; n < 11; n++) {
            eleven.add(n % 2 == 0 ? "publicTrade.BTCUSDT" : "tickers.BTCUSDT");
        }
        wsClient.connect(simulator.actualPort(), "127.0.0.1", "/v5/public/spot").compose(ws -> {
            ws.textMessageHandler(text -> {
                Parsed p = parser.parse(text);
                if (p instanceof Parsed.Ok && ((Parsed.Ok) p).frame() instanceof Response) {
                    responses.add((Response) ((Parsed.Ok) p).frame());
                }
                if (responses.size() >= 4) {
                    done.tryComplete();
                }
            });
            return Future.all(List.of(
                    ws.writeTextMessage(new Request("p1", "ping", List.of()).toJson()),
                    ws.writeTextMessage(new Request("a1", "subscribe", eleven).toJson()),
                    ws.writeTextMessage(new Request("b1", "subscribe", List.of("orderbook.50.NOPEUSDT")).toJson()),
                    ws.writeTextMessage(new Request("c1", "subscribe", List.of("orderbook.50.BTCUSDT")).toJson())));
        }).compose(v -> done.future()).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            assertEquals(new Response(true, "pong", responses.get(0).connId(), "p1", "ping"), responses.get(0));
            assertEquals(false, responses.get(1).success());
            assertEquals("args size >10", responses.get(1).retMsg());
            assertEquals(false, responses.get(2).success());
            assertEquals("b1", responses.get(2).reqId());
            assertEquals(true, responses.get(3).success());
            assertEquals(Set.of("orderbook.50.BTCUSDT"), simulator.subscriptions());
            ctx.completeNow();
        })));
    }
}
