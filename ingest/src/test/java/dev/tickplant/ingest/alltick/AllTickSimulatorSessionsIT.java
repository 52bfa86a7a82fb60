package dev.tickplant.ingest.alltick;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.alltick.AllTickFrameParser.Parsed;
import dev.tickplant.ingest.alltick.AllTickFrames.DepthCode;
import dev.tickplant.ingest.alltick.AllTickFrames.DepthPush;
import dev.tickplant.ingest.alltick.AllTickFrames.Frame;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The simulator follows the instruments' session calendars unless configured {@code alwaysOpen}. */
@ExtendWith(VertxExtension.class)
class AllTickSimulatorSessionsIT {
    private static final String TOKEN = "sim-sessions-it";
    private static final long SATURDAY = Instant.parse("2026-11-21T15:00:00Z").toEpochMilli();
    private static final long MONDAY_1000_NY = Instant.parse("2026-11-23T15:00:00Z").toEpochMilli();

    /** Held for the whole test: a dropped Vert.x 5 client is closed by a Cleaner. */
    private WebSocketClient wsClient;

    @BeforeEach
    void createClient(Vertx vertx) {
        wsClient = vertx.createWebSocketClient();
    }

    @AfterEach
    void closeClient(VertxTestContext ctx) {
        wsClient.close().onComplete(ctx.succeedingThenComplete());
    }

    private Future<List<Frame>> subscribeAapl(Vertx vertx, boolean alwaysOpen, AtomicLong clock) {
        AllTickSimulatorVerticle sim = new AllTickSimulatorVerticle(AllTickSimulatorConfig.fromJson(new JsonObject()
                .put("token", TOKEN).put("updatesPerSecond", 50).put("alwaysOpen", alwaysOpen)),
                TestInstruments.defaultRegistry(), clock::get);
        List<Frame> frames = Collections.synchronizedList(new ArrayList<>());
        AllTickFrameParser parser = new AllTickFrameParser();
        return vertx.deployVerticle(sim)
                .compose(id -> wsClient.connect(new WebSocketConnectOptions().setAbsoluteURI("ws://127.0.0.1:"
                        + sim.actualPort() + AllTickConfig.STOCK_PATH + "?token=" + TOKEN)))
                .map(ws -> {
                    ws.textMessageHandler(text -> {
                        if (parser.parse(text) instanceof Parsed.Ok ok && ok.frame() instanceof DepthPush) {
                            frames.add(ok.frame());
                        }
                    });
                    ws.writeTextMessage(new AllTickFrames.SubscribeDepth(1, "d-1",
                            List.of(new DepthCode("AAPL.US", 1))).toJson());
                    return frames;
                });
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldSendNothingWhileTheMarketIsClosedThenStreamAtTheOpen(Vertx vertx, VertxTestContext ctx) {
        AtomicLong clock = new AtomicLong(SATURDAY);
        List<List<Frame>> frames = new ArrayList<>();
        subscribeAapl(vertx, false, clock)
                .compose(f -> {
                    frames.add(f);
                    return vertx.timer(400);
                })
                .compose(v -> {
                    ctx.verify(() -> assertEquals(0, frames.get(0).size(), "US stocks are closed on Saturday"));
                    clock.set(MONDAY_1000_NY);
                    return until(vertx, 5_000, () -> frames.get(0).size() > 2, () -> "pushes once open");
                })
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldStreamAroundTheClockWhenAlwaysOpen(Vertx vertx, VertxTestContext ctx) {
        AtomicLong clock = new AtomicLong(SATURDAY);
        List<List<Frame>> frames = new ArrayList<>();
        subscribeAapl(vertx, true, clock)
                .compose(f -> {
                    frames.add(f);
                    return until(vertx, 5_000, () -> f.size() > 2, () -> "pushes on Saturday");
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertTrue(AllTickSimulatorConfig.defaults().alwaysOpen(), "the default demo keeps data flowing");
                    ctx.completeNow();
                })));
    }
}
