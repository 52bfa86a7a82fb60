package dev.tickplant.ingest.binance;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static dev.tickplant.ingest.testsupport.NormalizerSink.publishDemand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.decimal.FixedPoint;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.binance.BinanceFrames.DepthSnapshot;
import dev.tickplant.ingest.binance.BinanceFrames.Level;
import dev.tickplant.ingest.replay.RecordedFrame;
import dev.tickplant.ingest.testsupport.NormalizerSink;
import dev.tickplant.ingest.testsupport.Recordings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Binance connector against the Binance simulator over real sockets (WebSocket and REST) on loopback. */
@ExtendWith(VertxExtension.class)
class BinanceConnectorIT {
    private static final int PARTITIONS = 4;
    private static final long WAIT_MS = 8_000;

    private final InstrumentRegistry registry = TestInstruments.defaultRegistry();
    private final NormalizerSink sink = new NormalizerSink();
    private BinanceSimulatorVerticle simulator;
    private String simulatorId;

    @BeforeEach
    void setUp(Vertx vertx, VertxTestContext ctx) {
        Codecs.registerAll(vertx.eventBus());
        sink.listen(vertx, PARTITIONS).compose(v -> startSimulator(vertx, new JsonObject()))
                .onComplete(ctx.succeedingThenComplete());
    }

    /** (Re)starts the simulator with the test defaults plus {@code overrides}. */
    private Future<String> startSimulator(Vertx vertx, JsonObject overrides) {
        Future<Void> stopped = simulatorId == null ? Future.succeededFuture() : vertx.undeploy(simulatorId);
        return stopped.compose(v -> {
            simulator = new BinanceSimulatorVerticle(BinanceSimulatorConfig.fromJson(new JsonObject()
                    .put("updatesPerSecond", 25)
                    .put("tradeProbability", 0.5)
                    .mergeIn(overrides)), registry);
            return vertx.deployVerticle(simulator);
        }).onSuccess(id -> simulatorId = id);
    }

    private BinanceConfig config(JsonObject overrides, String... alwaysOn) {
        String base = "127.0.0.1:" + simulator.actualPort();
        return BinanceConfig.fromJson(new JsonObject()
                .put("feedId", "binance-it")
                .put("wsUri", "ws://" + base + "/stream")
                .put("restUri", "http://" + base)
                .put("alwaysOn", new JsonArray(List.of((Object[]) alwaysOn)))
                .put("heartbeatTimeoutMs", 1_500)
                .put("resyncMinIntervalMs", 200)
                .put("reconnectMinMs", 50)
                .put("reconnectMaxMs", 400)
                .mergeIn(overrides));
    }

    private Future<String> deploy(Vertx vertx, BinanceConfig config) {
        return vertx.deployVerticle(new BinanceConnectorVerticle(config, registry, PARTITIONS,
                new SimpleMeterRegistry()));
    }

    /**
     * Rebuilds the book of {@code symbol} from every BookUpdate forwarded so far and checks it, after each update,
     * against the simulator's book at that update id; also checks that deltas chain without a gap.
     *
     * @return the number of updates checked
     */
    private int verifyBook(String symbol, String code) {
        TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
        TreeMap<Long, Long> asks = new TreeMap<>();
        long last = -1;
        int checked = 0;
        for (MarketEvent e : sink.events(ev -> ev instanceof BookUpdate && ev.symbol().equals(symbol))) {
            BookUpdate u = (BookUpdate) e;
            if (u.snapshot()) {
                bids.clear();
                asks.clear();
            } else {
                assertTrue(last >= 0, "delta before any snapshot");
                assertEquals(last, u.prevVenueSeq(), "delta does not follow the previous update");
                assertTrue(u.firstVenueSeq() <= last + 1, "gap forwarded: U=" + u.firstVenueSeq() + " after " + last);
            }
            apply(bids, u.bids());
            apply(asks, u.asks());
            last = u.venueSeq();
            DepthSnapshot expected = simulator.bookAt(code, last).orElse(null);
            if (expected != null) {
                assertEquals(levels(expected.bids()), List.copyOf(bids.entrySet()), "bids at " + last);
                assertEquals(levels(expected.asks()), List.copyOf(asks.entrySet()), "asks at " + last);
                checked++;
            }
        }
        return checked;
    }

    private static void apply(TreeMap<Long, Long> side, List<BookLevel> levels) {
        for (BookLevel l : levels) {
            if (l.size() == 0) {
                side.remove(l.price());
            } else {
                side.put(l.price(), l.size());
            }
        }
    }

    private static List<Map.Entry<Long, Long>> levels(List<Level> levels) {
        List<Map.Entry<Long, Long>> out = new ArrayList<>();
        for (Level l : levels) {
            out.add(Map.entry(FixedPoint.parse(l.price(), 2), FixedPoint.parse(l.size(), 8)));
        }
        return out;
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldSubscribeAndUnsubscribeOnTheLiveConnectionAndBuildACorrectBook(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config(new JsonObject(), "BTCUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.sawStatus("BTCUSDT", StatusState.LIVE)
                        && sink.count(Quote.class, "BTCUSDT") > 3 && sink.count(Trade.class, "BTCUSDT") > 0
                        && sink.count(BookUpdate.class, "BTCUSDT") > 10, () -> "BTCUSDT data, got " + sink.size()))
                .compose(v -> {
                    // Unqualified crypto and binance-qualified keys count; another venue's qualification does not.
                    publishDemand(vertx, "gw1", "ETHUSDT", "SOLUSDT@binance", "ETHEUR@okx", "AAPL.US");
                    return until(vertx, WAIT_MS, () -> simulator.allStreams().equals(Set.of(
                            "btcusdt@bookTicker", "btcusdt@trade", "btcusdt@depth@100ms",
                            "ethusdt@bookTicker", "ethusdt@trade", "ethusdt@depth@100ms",
                            "solusdt@bookTicker", "solusdt@trade", "solusdt@depth@100ms"))
                            && sink.sawStatus("SOLUSDT", StatusState.LIVE), () -> "streams " + simulator.allStreams());
                })
                .compose(v -> {
                    publishDemand(vertx, "gw1", "SOLUSDT");
                    return until(vertx, WAIT_MS, () -> simulator.allStreams().size() == 6
                            && !simulator.allStreams().contains("ethusdt@trade"),
                            () -> "after removal " + simulator.allStreams());
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(1, simulator.connectionsAccepted(), "never reconnected");
                    assertTrue(verifyBook("BTCUSDT", "BTCUSDT") > 10, "book checked against the venue");
                    assertTrue(verifyBook("SOLUSDT", "SOLUSDT") > 0);
                    assertEquals(0, simulator.rateLimitViolations());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldResyncFromAFreshSnapshotAfterASequenceGapAndIgnoreADuplicate(Vertx vertx, VertxTestContext ctx) {
        int[] snapshotsBefore = new int[1];
        deploy(vertx, config(new JsonObject(), "BTCUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSDT") > 10,
                        () -> "initial book"))
                .compose(v -> simulator.sendDuplicate("BTCUSDT"))
                .compose(v -> {
                    long before = sink.count(BookUpdate.class, "BTCUSDT");
                    return until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSDT") > before + 5,
                            () -> "data after the duplicate");
                })
                .compose(v -> {
                    ctx.verify(() -> assertEquals(List.of(StatusState.LIVE), sink.statuses("BTCUSDT"),
                            "a duplicate is harmless"));
                    snapshotsBefore[0] = simulator.snapshotRequests();
                    return simulator.skipSequence("BTCUSDT");
                })
                .compose(v -> until(vertx, WAIT_MS, () -> sink.statuses("BTCUSDT").equals(
                        List.of(StatusState.LIVE, StatusState.RESYNCING, StatusState.LIVE)),
                        () -> "statuses " + sink.statuses("BTCUSDT")))
                .compose(v -> {
                    long before = sink.count(BookUpdate.class, "BTCUSDT");
                    return until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSDT") > before + 5,
                            () -> "data after the resync");
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertTrue(simulator.snapshotRequests() > snapshotsBefore[0], "fresh REST snapshot");
                    assertEquals(2, sink.events(e -> e instanceof BookUpdate && ((BookUpdate) e).snapshot()
                            && e.symbol().equals("BTCUSDT")).size());
                    assertTrue(verifyBook("BTCUSDT", "BTCUSDT") > 10);
                    assertEquals(1, simulator.connectionsAccepted());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldResyncABookWhenTheNormalizerAsks(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config(new JsonObject(), "ETHUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "ETHUSDT") > 5, () -> "book"))
                .compose(v -> {
                    vertx.eventBus().publish(Addresses.INGEST_RESYNC, "ETHUSDT@binance");
                    // Another venue's symbol and a burst of repeats must not cause extra snapshots.
                    vertx.eventBus().publish(Addresses.INGEST_RESYNC, "ETHUSDT@okx");
                    vertx.eventBus().publish(Addresses.INGEST_RESYNC, "ETHUSDT@binance");
                    return until(vertx, WAIT_MS, () -> sink.statuses("ETHUSDT").equals(
                            List.of(StatusState.LIVE, StatusState.RESYNCING, StatusState.LIVE)),
                            () -> "statuses " + sink.statuses("ETHUSDT"));
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(2, simulator.snapshotRequests());
                    assertTrue(verifyBook("ETHUSDT", "ETHUSDT") > 5);
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReconnectResubscribeAndResyncAfterTheVenueDropsTheConnection(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config(new JsonObject(), "BTCUSDT"))
                .compose(id -> {
                    publishDemand(vertx, "gw1", "ETHUSDT");
                    return until(vertx, WAIT_MS, () -> sink.sawStatus("ETHUSDT", StatusState.LIVE)
                            && sink.sawStatus("BTCUSDT", StatusState.LIVE), () -> "initial");
                })
                .compose(v -> simulator.dropAllConnections())
                .compose(v -> until(vertx, WAIT_MS, () -> simulator.connectionsAccepted() == 2
                        && simulator.allStreams().size() == 6
                        && sink.statuses("ETHUSDT").equals(List.of(StatusState.LIVE, StatusState.DISCONNECTED,
                                StatusState.LIVE)), () -> "statuses " + sink.statuses("ETHUSDT")))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of(StatusState.LIVE, StatusState.DISCONNECTED, StatusState.LIVE),
                            sink.statuses("BTCUSDT"));
                    assertTrue(verifyBook("BTCUSDT", "BTCUSDT") > 0);
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldSendSubscriptionsAddedWhileDisconnectedAfterReconnecting(Vertx vertx, VertxTestContext ctx) {
        int[] port = new int[1];
        deploy(vertx, config(new JsonObject(), "BTCUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.statuses("BTCUSDT").contains(StatusState.LIVE),
                        () -> "live"))
                .compose(v -> {
                    port[0] = simulator.actualPort();
                    return vertx.undeploy(simulatorId);
                })
                .compose(v -> until(vertx, WAIT_MS, () -> sink.statuses("BTCUSDT").contains(StatusState.DISCONNECTED),
                        () -> "disconnected"))
                .compose(v -> {
                    simulatorId = null;
                    publishDemand(vertx, "gw1", "ETHUSDT");
                    return startSimulator(vertx, new JsonObject().put("port", port[0]));
                })
                .compose(id -> until(vertx, WAIT_MS, () -> sink.statuses("ETHUSDT").equals(List.of(StatusState.LIVE))
                        && sink.statuses("BTCUSDT").equals(List.of(StatusState.LIVE, StatusState.DISCONNECTED,
                                StatusState.LIVE)) && simulator.allStreams().size() == 6,
                        () -> "streams " + simulator.allStreams()))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldRecordEveryRawFrameWhenConfigured(Vertx vertx, VertxTestContext ctx) throws Exception {
        Path file = Files.createTempFile("binance-it", ".rec");
        file.toFile().deleteOnExit();
        Recordings.recordUntil(vertx, deploy(vertx, config(new JsonObject().put("recordFile", file.toString()),
                        "BTCUSDT")), () -> sink.count(BookUpdate.class, "BTCUSDT") > 5, file, WAIT_MS)
                .onComplete(ctx.succeeding(frames -> ctx.verify(() -> {
                    assertTrue(frames.size() > 5, "frames " + frames.size());
                    BinanceFrameParser parser = new BinanceFrameParser();
                    int snapshots = 0;
                    for (RecordedFrame frame : frames) {
                        if (frame.kind() == RecordedFrame.Kind.HTTP_RESPONSE) {
                            snapshots++;
                            assertEquals("GET /api/v3/depth?symbol=BTCUSDT&limit=1000",
                                    frame.httpResponse().requestKey());
                            assertTrue(parser.parseSnapshot(frame.httpResponse().body()).lastUpdateId() > 0);
                            continue;
                        }
                        assertTrue(parser.parse(frame.text()) instanceof BinanceFrameParser.Parsed.Ok, frame.text());
                    }
                    assertTrue(snapshots > 0, "no REST snapshot recorded");
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReconnectWhenTheVenueGoesSilent(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config(new JsonObject(), "BTCUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.sawStatus("BTCUSDT", StatusState.LIVE), () -> "live"))
                .compose(v -> simulator.goSilent())
                .compose(v -> until(vertx, WAIT_MS, () -> simulator.connectionsAccepted() == 2
                        && sink.statuses("BTCUSDT").equals(List.of(StatusState.LIVE, StatusState.DISCONNECTED,
                                StatusState.LIVE)), () -> "statuses " + sink.statuses("BTCUSDT")))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(1, simulator.openConnections());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReportASymbolTheVenueRejects(Vertx vertx, VertxTestContext ctx) {
        simulator.rejectSymbol("SOLUSDT")
                .compose(v -> deploy(vertx, config(new JsonObject(), "BTCUSDT")))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.sawStatus("BTCUSDT", StatusState.LIVE), () -> "live"))
                .compose(v -> {
                    publishDemand(vertx, "gw1", "SOLUSDT@binance");
                    return until(vertx, WAIT_MS, () -> sink.sawStatus("SOLUSDT", StatusState.REJECTED),
                            () -> "statuses " + sink.statuses("SOLUSDT"));
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of(StatusState.REJECTED), sink.statuses("SOLUSDT"));
                    assertEquals(1, simulator.connectionsAccepted());
                    assertTrue(simulator.allStreams().stream().noneMatch(s -> s.startsWith("solusdt")));
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldSingleOutTheRejectedSymbolOfABatchedSubscribe(Vertx vertx, VertxTestContext ctx) {
        simulator.rejectSymbol("ETHUSDT")
                .compose(v -> deploy(vertx, config(new JsonObject(), "BTCUSDT", "ETHUSDT", "SOLUSDT")))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.statuses("ETHUSDT").contains(StatusState.REJECTED)
                        && sink.statuses("BTCUSDT").contains(StatusState.LIVE)
                        && sink.statuses("SOLUSDT").contains(StatusState.LIVE),
                        () -> "BTC " + sink.statuses("BTCUSDT") + " ETH " + sink.statuses("ETHUSDT") + " SOL "
                                + sink.statuses("SOLUSDT")))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of(StatusState.REJECTED), sink.statuses("ETHUSDT"));
                    assertEquals(6, simulator.allStreams().size());
                    assertEquals(0, simulator.rateLimitViolations());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerPingsAndSurviveTheDailyDisconnect(Vertx vertx, VertxTestContext ctx) {
        startSimulator(vertx, new JsonObject().put("pingIntervalMs", 100).put("pongTimeoutMs", 800)
                        .put("maxConnectionAgeMs", 2_000))
                .compose(v -> deploy(vertx, config(new JsonObject(), "BTCUSDT")))
                .compose(id -> until(vertx, 12_000, () -> simulator.connectionsAccepted() >= 2
                        && simulator.pongs() > 10 && simulator.openConnections() == 1
                        && sink.statuses("BTCUSDT").size() >= 3, () -> "connections " + simulator.connectionsAccepted()
                        + " pongs " + simulator.pongs() + " statuses " + sink.statuses("BTCUSDT")))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of(StatusState.LIVE, StatusState.DISCONNECTED, StatusState.LIVE),
                            sink.statuses("BTCUSDT").subList(0, 3));
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 40, timeUnit = TimeUnit.SECONDS)
    void shouldShardBeyondTheStreamLimitAndHoldTheMessageRate(Vertx vertx, VertxTestContext ctx) {
        startSimulator(vertx, new JsonObject().put("maxStreamsPerConnection", 6))
                .compose(v -> deploy(vertx, config(new JsonObject().put("maxStreamsPerConnection", 6))))
                .compose(id -> {
                    // A burst of demand changes: every one would be a control message without the token bucket.
                    for (int n = 0; n < 12; n++) {
                        publishDemand(vertx, "gw1", n % 2 == 0
                                ? new String[] {"BTCUSDT", "ETHUSDT", "SOLUSDT", "ETHEUR"}
                                : new String[] {"BTCUSDT"});
                        publishDemand(vertx, "gw2", n % 3 == 0 ? new String[] {"SOLUSDT"} : new String[] {});
                    }
                    publishDemand(vertx, "gw2");
                    publishDemand(vertx, "gw1", "BTCUSDT", "ETHUSDT", "SOLUSDT", "ETHEUR");
                    return until(vertx, 20_000, () -> simulator.allStreams().size() == 12
                            && sink.sawStatus("ETHEUR", StatusState.LIVE)
                                    && sink.sawStatus("SOLUSDT", StatusState.LIVE),
                            () -> "streams " + simulator.streamsByConnection());
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(2, simulator.openConnections(), "12 streams at 6 per connection");
                    simulator.streamsByConnection().values().forEach(s -> assertTrue(s.size() <= 6));
                    assertEquals(0, simulator.rateLimitViolations());
                    assertTrue(simulator.maxIncomingSeen() <= 5, "max " + simulator.maxIncomingSeen());
                    assertEquals(2, simulator.connectionsAccepted(), "never disconnected for the rate");
                    ctx.completeNow();
                })));
    }
}
