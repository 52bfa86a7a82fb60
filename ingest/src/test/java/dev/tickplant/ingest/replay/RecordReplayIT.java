package dev.tickplant.ingest.replay;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.alltick.AllTickConfig;
import dev.tickplant.ingest.alltick.AllTickConnectorVerticle;
import dev.tickplant.ingest.alltick.AllTickSimulatorConfig;
import dev.tickplant.ingest.alltick.AllTickSimulatorVerticle;
import dev.tickplant.ingest.binance.BinanceConfig;
import dev.tickplant.ingest.binance.BinanceConnectorVerticle;
import dev.tickplant.ingest.binance.BinanceSimulatorConfig;
import dev.tickplant.ingest.binance.BinanceSimulatorVerticle;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector records what a venue simulator sends; the replay server plays that recording to a fresh connector,
 * which must produce exactly the same quotes in the same order. AllTick sends text frames, HTX gzipped binary ones;
 * Binance's books also need the REST depth snapshots, which the replay server answers from the recording.
 */
@ExtendWith(VertxExtension.class)
class RecordReplayIT {
    private static final String TOKEN = "replay-it";
    private static final int EVENTS = 40;
    private final InstrumentRegistry registry = TestInstruments.defaultRegistry();
    private final List<List<Object>> live = Collections.synchronizedList(new ArrayList<>());
    private final List<List<Object>> replayed = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<List<List<Object>>> sink = new AtomicReference<>(live);
    /** What is compared of an event, without its receive time; null for events that are not compared. */
    private Function<MarketEvent, List<Object>> fingerprint = RecordReplayIT::quote;

    @TempDir
    Path dir;

    @BeforeEach
    void collectQuotes(Vertx vertx) throws Exception {
        Codecs.registerAll(vertx.eventBus());
        vertx.eventBus().<EventBatch>consumer(Addresses.normalizer(0), msg -> {
            for (MarketEvent e : msg.body().events()) {
                List<Object> print = fingerprint.apply(e);
                if (print != null) {
                    sink.get().add(print);
                }
            }
        }).completion().await(5, TimeUnit.SECONDS);
    }

    private static List<Object> quote(MarketEvent e) {
        if (!(e instanceof Quote q)) {
            return null;
        }
        return List.of(q.symbol(), q.bidPrice(), q.askPrice(), q.bidSize(), q.askSize(), q.venueSeq(),
                q.venueTsNanos());
    }

    /** A book update as the normalizer sees it; a REST snapshot's time is its receive time, so it is left out. */
    private static List<Object> bookUpdate(MarketEvent e) {
        if (!(e instanceof BookUpdate b)) {
            return null;
        }
        return List.of(b.symbol(), b.snapshot(), b.bids(), b.asks(), b.firstVenueSeq(), b.venueSeq(),
                b.prevVenueSeq(), b.snapshot() ? 0L : b.venueTsNanos());
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
                    assertTrue(lines.size() > EVENTS, "recorded " + lines.size() + " frames");
                    for (String line : lines) {
                        RecordedFrame frame = RecordedFrame.parse(line);
                        assertEquals(RecordedFrame.Kind.BINARY, frame.kind(), line);
                        assertEquals(0x1f, frame.bytes()[0] & 0xff, "gzip magic kept: " + line);
                    }
                });
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReplayBinanceDepthSnapshotsFromTheRecordingIntoTheSameBook(Vertx vertx, VertxTestContext ctx)
            throws Exception {
        fingerprint = RecordReplayIT::bookUpdate;
        BinanceSimulatorVerticle simulator = new BinanceSimulatorVerticle(BinanceSimulatorConfig.fromJson(
                new JsonObject().put("updatesPerSecond", 50)), registry);
        vertx.deployVerticle(simulator).await(5, TimeUnit.SECONDS);
        Path recording = dir.resolve("binance.rec");
        recordThenReplay(vertx, ctx, recording,
                (uri, file) -> new BinanceConnectorVerticle(BinanceConfig.fromJson(new JsonObject()
                        .put("feedId", "binance-replay-it")
                        .put("wsUri", uri + "/stream")
                        .put("restUri", uri.replace("ws://", "http://"))
                        .put("alwaysOn", new JsonArray(List.of("BTCUSDT", "ETHUSDT")))
                        .put("recordFile", file)), registry, 1, new SimpleMeterRegistry()),
                "ws://127.0.0.1:" + simulator.actualPort(),
                lines -> {
                    List<RecordedHttpResponse> snapshots = lines.stream().map(RecordedFrame::parse)
                            .filter(f -> f.kind() == RecordedFrame.Kind.HTTP_RESPONSE)
                            .map(RecordedFrame::httpResponse).toList();
                    assertTrue(snapshots.size() >= 2, "REST snapshots recorded: " + snapshots.size());
                    for (RecordedHttpResponse r : snapshots) {
                        assertEquals(200, r.status(), r.toString());
                        assertTrue(r.target().startsWith("/api/v3/depth?symbol="), r.target());
                    }
                });
        assertTrue(live.stream().anyMatch(print -> Boolean.TRUE.equals(print.get(1))), "live snapshot seen");
    }

    /**
     * Events per symbol (the first element of a fingerprint), in arrival order. Per symbol, because how one symbol's
     * events interleave with another's depends on when a REST snapshot arrives, which a replay does not reproduce.
     */
    private static Map<Object, List<List<Object>>> bySymbol(List<List<Object>> events) {
        Map<Object, List<List<Object>>> out = new LinkedHashMap<>();
        synchronized (events) {
            for (List<Object> e : events) {
                out.computeIfAbsent(e.get(0), k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    private interface RecordingCheck {
        void check(List<String> lines) throws Exception;
    }

    /**
     * Runs a recording connector against the venue until {@link #EVENTS} compared events arrived, then a fresh
     * connector against a replay of that recording, and checks that it produces the same events in the same order,
     * symbol by symbol.
     *
     * @param connector makes a connector for a base URI ({@code ws://host:port}) and a record file (or null)
     */
    private void recordThenReplay(Vertx vertx, VertxTestContext ctx, Path recording,
            BiFunction<String, String, Deployable> connector, String venueUri, RecordingCheck checkRecording)
            throws Exception {
        String recorder = vertx.deployVerticle(connector.apply(venueUri, recording.toString()))
                .await(5, TimeUnit.SECONDS);
        until(vertx, 10_000, () -> live.size() >= EVENTS, () -> EVENTS + " live events").await(15, TimeUnit.SECONDS);
        vertx.undeploy(recorder).await(5, TimeUnit.SECONDS);
        List<List<Object>> expected;
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
        Map<Object, List<List<Object>>> expectedBySymbol = bySymbol(expected);
        until(vertx, 10_000, () -> {
            Map<Object, List<List<Object>>> got = bySymbol(replayed);
            return expectedBySymbol.entrySet().stream()
                    .allMatch(e -> got.getOrDefault(e.getKey(), List.of()).size() >= e.getValue().size());
        }, () -> expected.size() + " replayed events").onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            Map<Object, List<List<Object>>> got = bySymbol(replayed);
            for (Map.Entry<Object, List<List<Object>>> e : expectedBySymbol.entrySet()) {
                List<List<Object>> want = e.getValue();
                assertEquals(want, got.get(e.getKey()).subList(0, want.size()), "events of " + e.getKey());
            }
            ctx.completeNow();
        })));
    }
}
