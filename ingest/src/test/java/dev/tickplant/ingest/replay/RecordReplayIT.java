package dev.tickplant.ingest.replay;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.alltick.AllTickConfig;
import dev.tickplant.ingest.alltick.AllTickConnectorVerticle;
import dev.tickplant.ingest.alltick.AllTickSimulatorConfig;
import dev.tickplant.ingest.alltick.AllTickSimulatorVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector records what the AllTick simulator sends; the replay server plays that recording to a fresh
 * connector, which must produce exactly the same quotes in the same order.
 */
@ExtendWith(VertxExtension.class)
class RecordReplayIT {
    private static final String TOKEN = "replay-it";
    private final InstrumentRegistry registry = TestInstruments.defaultRegistry();

    @TempDir
    Path dir;

    private static JsonObject connector(String uri, String recordFile) {
        JsonObject json = new JsonObject()
                .put("feedId", "alltick-replay-it")
                .put("wsUri", uri)
                .put("token", TOKEN)
                .put("alwaysOn", new JsonArray(List.of("EURUSD", "XAUUSD")))
                .put("subscribeTrades", false)
                .put("minRequestIntervalMs", 250);
        return recordFile == null ? json : json.put("recordFile", recordFile);
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReplayARecordingIntoTheSameEvents(Vertx vertx, VertxTestContext ctx) throws Exception {
        Codecs.registerAll(vertx.eventBus());
        List<Quote> live = Collections.synchronizedList(new ArrayList<>());
        List<Quote> replayed = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<List<Quote>> sink = new AtomicReference<>(live);
        vertx.eventBus().<EventBatch>consumer(Addresses.normalizer(0), msg -> {
            for (MarketEvent e : msg.body().events()) {
                if (e instanceof Quote q) {
                    sink.get().add(q);
                }
            }
        }).completion().await(5, TimeUnit.SECONDS);
        String recording = dir.resolve("alltick.rec").toString();

        AllTickSimulatorVerticle simulator = new AllTickSimulatorVerticle(AllTickSimulatorConfig.fromJson(
                new JsonObject().put("token", TOKEN).put("updatesPerSecond", 50).put("minRequestIntervalMs", 200)),
                registry);
        vertx.deployVerticle(simulator).await(5, TimeUnit.SECONDS);
        String recorder = vertx.deployVerticle(new AllTickConnectorVerticle(AllTickConfig.fromJson(connector(
                "ws://127.0.0.1:" + simulator.actualPort() + AllTickConfig.FX_CRYPTO_PATH, recording)), registry, 1,
                new SimpleMeterRegistry())).await(5, TimeUnit.SECONDS);
        until(vertx, 10_000, () -> live.size() >= 40, () -> "40 live quotes").await(15, TimeUnit.SECONDS);
        vertx.undeploy(recorder).await(5, TimeUnit.SECONDS);
        List<Quote> expected;
        synchronized (live) {
            expected = List.copyOf(live);
        }
        List<String> lines = Files.readAllLines(Path.of(recording));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"cmd_id\":22999")), "no depth push recorded");

        sink.set(replayed);
        ReplayServerVerticle replay = new ReplayServerVerticle(new ReplayConfig(recording, "127.0.0.1", 0, 0));
        vertx.deployVerticle(replay).await(5, TimeUnit.SECONDS);
        vertx.deployVerticle(new AllTickConnectorVerticle(AllTickConfig.fromJson(connector(
                "ws://127.0.0.1:" + replay.actualPort() + AllTickConfig.FX_CRYPTO_PATH, null)), registry, 1,
                new SimpleMeterRegistry())).await(5, TimeUnit.SECONDS);
        until(vertx, 10_000, () -> replayed.size() >= expected.size(), () -> expected.size() + " replayed quotes")
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<Quote> got;
                    synchronized (replayed) {
                        got = List.copyOf(replayed.subList(0, expected.size()));
                    }
                    for (int i = 0; i < expected.size(); i++) {
                        Quote e = expected.get(i);
                        Quote g = got.get(i);
                        assertEquals(List.of(e.symbol(), e.bidPrice(), e.askPrice(), e.bidSize(), e.askSize(),
                                e.venueSeq(), e.venueTsNanos()), List.of(g.symbol(), g.bidPrice(), g.askPrice(),
                                g.bidSize(), g.askSize(), g.venueSeq(), g.venueTsNanos()), "quote #" + i);
                    }
                    ctx.completeNow();
                })));
    }
}
