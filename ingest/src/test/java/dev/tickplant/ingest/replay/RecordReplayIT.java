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
import dev.tickplant.ingest.htx.HtxConfig;
import dev.tickplant.ingest.htx.HtxConnectorVerticle;
import dev.tickplant.ingest.htx.HtxSimulatorConfig;
import dev.tickplant.ingest.htx.HtxSimulatorVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Deployable;
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
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector records what a venue simulator sends; the replay server plays that recording to a fresh connector,
 * which must produce exactly the same quotes in the same order. AllTick sends text frames, HTX gzipped binary ones.
 */
@ExtendWith(VertxExtension.class)
class RecordReplayIT {
    private static final String TOKEN = "replay-it";
    private static final int QUOTES = 40;
    private final InstrumentRegistry registry = TestInstruments.defaultRegistry();
    private final List<Quote> live = Collections.synchronizedList(new ArrayList<>());
    private final List<Quote> replayed = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<List<Quote>> sink = new AtomicReference<>(live);

    @TempDir
    Path dir;

    @BeforeEach
    void collectQuotes(Vertx vertx) throws Exception {
        Codecs.registerAll(vertx.eventBus());
        vertx.eventBus().<EventBatch>consumer(Addresses.normalizer(0), msg -> {
            for (MarketEvent e : msg.body().events()) {
                if (e instanceof Quote q) {
                    sink.get().add(q);
                }
            }
        }).completion().await(5, TimeUnit.SECONDS);
    }

    private static JsonObject allTick(String uri, String recordFile) {
        JsonObject json = new JsonObject()
                .put("feedId", "alltick-replay-it")
                .put("wsUri", uri)
                .put("token", TOKEN)
                .put("alwaysOn", new JsonArray(List.of("EURUSD", "XAUUSD")))
                .put("subscribeTrades", false)
                .put("minRequestIntervalMs", 250);
        return recordFile == null ? json : json.put("recordFile", recordFile);
    }

    private static JsonObject htx(String uri, String recordFile) {
        JsonObject json = new JsonObject()
                .put("feedId", "htx-replay-it")
                .put("wsUri", uri)
                .put("alwaysOn", new JsonArray(List.of("BTCUSDT", "ETHUSDT")))
                .put("subscribeTrades", false);
        return recordFile == null ? json : json.put("recordFile", recordFile);
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReplayARecordingIntoTheSameEvents(Vertx vertx, VertxTestContext ctx) throws Exception {
        AllTickSimulatorVerticle simulator = new AllTickSimulatorVerticle(AllTickSimulatorConfig.fromJson(
                new JsonObject().put("token", TOKEN).put("updatesPerSecond", 50).put("minRequestIntervalMs", 200)),
                registry);
        vertx.deployVerticle(simulator).await(5, TimeUnit.SECONDS);
        Path recording = dir.resolve("alltick.rec");
        recordThenReplay(vertx, ctx, recording,
                (uri, file) -> new AllTickConnectorVerticle(AllTickConfig.fromJson(allTick(
                        uri + AllTickConfig.FX_CRYPTO_PATH, file)), registry, 1, new SimpleMeterRegistry()),
                "ws://127.0.0.1:" + simulator.actualPort(),
                lines -> assertTrue(lines.stream().anyMatch(l -> l.contains("\"cmd_id\":22999")),
                        "no depth push recorded"));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReplayGzippedBinaryFramesThroughTheConnectorsOwnDecompression(Vertx vertx, VertxTestContext ctx)
            throws Exception {
        HtxSimulatorVerticle simulator = new HtxSimulatorVerticle(HtxSimulatorConfig.fromJson(new JsonObject()
                .put("updatesPerSecond", 50).put("pingIntervalMs", 200)), registry);
        vertx.deployVerticle(simulator).await(5, TimeUnit.SECONDS);
        Path recording = dir.resolve("htx.rec");
        recordThenReplay(vertx, ctx, recording,
                (uri, file) -> new HtxConnectorVerticle(HtxConfig.fromJson(htx(uri + "/ws", file)), registry, 1,
                        new SimpleMeterRegistry()),
                "ws://127.0.0.1:" + simulator.actualPort(),
                lines -> {
                    assertTrue(lines.size() > QUOTES, "recorded " + lines.size() + " frames");
                    for (String line : lines) {
                        RecordedFrame frame = RecordedFrame.parse(line);
                        assertEquals(RecordedFrame.Kind.BINARY, frame.kind(), line);
                        assertEquals(0x1f, frame.bytes()[0] & 0xff, "gzip magic kept: " + line);
                    }
                });
    }

    private interface RecordingCheck {
        void check(List<String> lines) throws Exception;
    }

    /**
     * Runs a recording connector against the venue until {@link #QUOTES} quotes arrived, then a fresh connector
     * against a replay of that recording, and checks that it produces the same quotes in the same order.
     *
     * @param connector makes a connector for a base URI ({@code ws://host:port}) and a record file (or null)
     */
    private void recordThenReplay(Vertx vertx, VertxTestContext ctx, Path recording,
            BiFunction<String, String, Deployable> connector, String venueUri, RecordingCheck checkRecording)
            throws Exception {
        String recorder = vertx.deployVerticle(connector.apply(venueUri, recording.toString()))
                .await(5, TimeUnit.SECONDS);
        until(vertx, 10_000, () -> live.size() >= QUOTES, () -> QUOTES + " live quotes").await(15, TimeUnit.SECONDS);
        vertx.undeploy(recorder).await(5, TimeUnit.SECONDS);
        List<Quote> expected;
        synchronized (live) {
            expected = List.copyOf(live);
        }
        checkRecording.check(Files.readAllLines(recording));

        sink.set(replayed);
        ReplayServerVerticle replay = new ReplayServerVerticle(new ReplayConfig(recording.toString(), "127.0.0.1", 0,
                0));
        vertx.deployVerticle(replay).await(5, TimeUnit.SECONDS);
        vertx.deployVerticle(connector.apply("ws://127.0.0.1:" + replay.actualPort(), null))
                .await(5, TimeUnit.SECONDS);
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
