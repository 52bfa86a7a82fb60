package dev.tickplant.ingest.bybit;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static dev.tickplant.ingest.testsupport.NormalizerSink.publishDemand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Bybit connector against the Bybit simulator over a real WebSocket on loopback. */
@ExtendWith(VertxExtension.class)
class BybitConnectorIT {
    private static final int PARTITIONS = 4;
    private static final long WAIT_MS = 8_000;

    private final InstrumentRegistry registry = TestInstruments.defaultRegistry();
    private final NormalizerSink sink = new NormalizerSink();
    private BybitSimulatorVerticle simulator;
    private String simulatorId;

    @BeforeEach
    void setUp(Vertx vertx, VertxTestContext ctx) {
        Codecs.registerAll(vertx.eventBus());
        sink.listen(vertx, PARTITIONS).compose(v -> startSimulator(vertx, new JsonObject()))
                .onComplete(ctx.succeedingThenComplete());
    }

    private Future<String> startSimulator(Vertx vertx, JsonObject overrides) {
        Future<Void> stopped = simulatorId == null ? Future.succeededFuture() : vertx.undeploy(simulatorId);
        return stopped.compose(v -> {
            simulator = new BybitSimulatorVerticle(BybitSimulatorConfig.fromJson(new JsonObject()
                    .put("updatesPerSecond", 25).put("tradeProbability", 0.5).mergeIn(overrides)), registry);
            return vertx.deployVerticle(simulator);
        }).onSuccess(id -> simulatorId = id);
    }

    private BybitConfig config(JsonObject overrides, String... alwaysOn) {
        return BybitConfig.fromJson(new JsonObject()
                .put("feedId", "bybit-it")
                .put("wsUri", "ws://127.0.0.1:" + simulator.actualPort() + "/v5/public/spot")
                .put("alwaysOn", new JsonArray(List.of((Object[]) alwaysOn)))
                .put("pingIntervalMs", 300)
                .put("pongTimeoutMs", 600)
                .put("resyncMinIntervalMs", 200)
                .put("reconnectMinMs", 50)
                .put("reconnectMaxMs", 400)
                .mergeIn(overrides));
    }

    private Future<String> deploy(Vertx vertx, BybitConfig config) {
        return vertx.deployVerticle(new BybitConnectorVerticle(config, registry, PARTITIONS,
                new SimpleMeterRegistry()));
    }

    /**
     * Rebuilds the book from the forwarded BookUpdates; after each, compares it with the simulator's book at that
     * {@code u} and checks the chain of deltas.
     *
     * @return updates compared
     */
    private int verifyBook(String symbol) {
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
                assertEquals(last, u.prevVenueSeq(), "delta does not follow the previous update");
                assertEquals(last + 1, u.venueSeq(), "gap forwarded");
            }
            apply(bids, u.bids());
            apply(asks, u.asks());
            last = u.venueSeq();
            List<List<long[]>> expected = simulator.bookAt(symbol, last).orElse(null);
            if (expected != null) {
                assertEquals(render(expected.get(0)), List.copyOf(bids.entrySet()), "bids at u=" + last);
                assertEquals(render(expected.get(1)), List.copyOf(asks.entrySet()), "asks at u=" + last);
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

    private static List<Map.Entry<Long, Long>> render(List<long[]> levels) {
        List<Map.Entry<Long, Long>> out = new ArrayList<>();
        levels.forEach(l -> out.add(Map.entry(l[0], l[1])));
        return out;
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldCarryTheTickersLastPriceWithItsOwnVenueTimeIntoQuotes(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config(new JsonObject(), "BTCUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.events(e -> e instanceof Quote q
                        && e.symbol().equals("BTCUSDT") && q.lastPrice() > 0).size() > 3, () -> "quotes with a last"))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    Set<Long> traded = new HashSet<>();
                    sink.events(e -> e instanceof Trade && e.symbol().equals("BTCUSDT"))
                            .forEach(e -> traded.add(((Trade) e).price()));
                    for (MarketEvent e : sink.events(ev -> ev instanceof Quote && ev.symbol().equals("BTCUSDT"))) {
                        Quote q = (Quote) e;
                        if (q.lastPrice() > 0) {
                            assertTrue(traded.contains(q.lastPrice()), "the ticker's last is a traded price");
                            assertTrue(q.lastTsNanos() > 0 && q.lastTsNanos() <= q.venueTsNanos(),
                                    "the last keeps the ticker's time, not the book's: " + q);
                        }
                    }
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldSubscribeAndUnsubscribeOnTheLiveConnectionWithACorrectBook(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config(new JsonObject(), "BTCUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.statuses("BTCUSDT").equals(List.of(StatusState.LIVE))
                        && sink.count(Quote.class, "BTCUSDT") > 3 && sink.count(Trade.class, "BTCUSDT") > 0
                        && sink.count(BookUpdate.class, "BTCUSDT") > 10, () -> "BTCUSDT data"))
                .compose(v -> {
                    publishDemand(vertx, "gw1", "ETHUSDT@bybit", "SOLUSDT", "ETHEUR", "ETHUSDT@okx");
                    return until(vertx, WAIT_MS, () -> simulator.subscriptions().equals(Set.of(
                            "orderbook.50.BTCUSDT", "publicTrade.BTCUSDT", "tickers.BTCUSDT",
                            "orderbook.50.ETHUSDT", "publicTrade.ETHUSDT", "tickers.ETHUSDT",
                            "orderbook.50.SOLUSDT", "publicTrade.SOLUSDT", "tickers.SOLUSDT"))
                            && sink.statuses("SOLUSDT").contains(StatusState.LIVE),
                            () -> "subscriptions " + simulator.subscriptions());
                })
                .compose(v -> {
                    publishDemand(vertx, "gw1", "SOLUSDT");
                    return until(vertx, WAIT_MS, () -> simulator.subscriptions().size() == 6
                            && !simulator.subscriptions().contains("orderbook.50.ETHUSDT"),
                            () -> "after removal " + simulator.subscriptions());
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(1, simulator.connectionsAccepted(), "never reconnected");
                    assertTrue(verifyBook("BTCUSDT") > 10);
                    assertTrue(verifyBook("SOLUSDT") > 0);
                    assertTrue(sink.statuses("ETHEUR").isEmpty(), "bybit does not list ETHEUR");
                    assertEquals(0, simulator.refusedForRate());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldResyncAfterAGapAndIgnoreADuplicate(Vertx vertx, VertxTestContext ctx) {
        int[] snapshotsBefore = new int[1];
        deploy(vertx, config(new JsonObject(), "BTCUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSDT") > 10, () -> "book"))
                .compose(v -> simulator.sendDuplicate("BTCUSDT"))
                .compose(v -> {
                    long before = sink.count(BookUpdate.class, "BTCUSDT");
                    return until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSDT") > before + 5,
                            () -> "after the duplicate");
                })
                .compose(v -> {
                    ctx.verify(() -> assertEquals(List.of(StatusState.LIVE), sink.statuses("BTCUSDT")));
                    snapshotsBefore[0] = simulator.snapshots();
                    return simulator.skipSequence("BTCUSDT");
                })
                .compose(v -> until(vertx, WAIT_MS, () -> sink.statuses("BTCUSDT").equals(
                        List.of(StatusState.LIVE, StatusState.RESYNCING, StatusState.LIVE)),
                        () -> "statuses " + sink.statuses("BTCUSDT")))
                .compose(v -> {
                    long before = sink.count(BookUpdate.class, "BTCUSDT");
                    return until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSDT") > before + 5,
                            () -> "after the resync");
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(snapshotsBefore[0] + 1, simulator.snapshots(), "fresh snapshot");
                    assertTrue(verifyBook("BTCUSDT") > 10);
                    assertEquals(1, simulator.connectionsAccepted());
                    ctx.completeNow();
                })));
    }

    /** Book updates after the (first) snapshot with {@code u=1}, or -1 before it arrived. */
    private int updatesAfterRestart(String symbol) {
        List<MarketEvent> books = sink.events(e -> e instanceof BookUpdate && e.symbol().equals(symbol));
        for (int n = 0; n < books.size(); n++) {
            BookUpdate u = (BookUpdate) books.get(n);
            if (u.snapshot() && u.venueSeq() == 1) {
                return books.size() - n - 1;
            }
        }
        return -1;
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldResetTheBookWhenTheVenueRestartsAtUpdateIdOne(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config(new JsonObject(), "ETHUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "ETHUSDT") > 5, () -> "book"))
                .compose(v -> simulator.restartBookService("ETHUSDT"))
                .compose(v -> until(vertx, WAIT_MS, () -> updatesAfterRestart("ETHUSDT") > 3,
                        () -> "deltas after the restart"))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of(StatusState.LIVE), sink.statuses("ETHUSDT"), "a u=1 snapshot is no gap");
                    assertTrue(sink.events(e -> e instanceof BookUpdate && ((BookUpdate) e).snapshot()
                            && ((BookUpdate) e).venueSeq() == 1).size() == 1);
                    assertTrue(verifyBook("ETHUSDT") > 3);
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldResyncABookWhenTheNormalizerAsks(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config(new JsonObject(), "SOLUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "SOLUSDT") > 5, () -> "book"))
                .compose(v -> {
                    vertx.eventBus().publish(Addresses.INGEST_RESYNC, "SOLUSDT@bybit");
                    vertx.eventBus().publish(Addresses.INGEST_RESYNC, "SOLUSDT@bybit");
                    return until(vertx, WAIT_MS, () -> sink.statuses("SOLUSDT").equals(
                            List.of(StatusState.LIVE, StatusState.RESYNCING, StatusState.LIVE)),
                            () -> "statuses " + sink.statuses("SOLUSDT"));
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(2, simulator.snapshots());
                    assertTrue(verifyBook("SOLUSDT") > 5);
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReconnectAndResubscribeAfterADrop(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config(new JsonObject(), "BTCUSDT"))
                .compose(id -> {
                    publishDemand(vertx, "gw1", "ETHUSDT");
                    return until(vertx, WAIT_MS, () -> sink.statuses("ETHUSDT").contains(StatusState.LIVE),
                            () -> "live");
                })
                .compose(v -> simulator.dropAllConnections())
                .compose(v -> until(vertx, WAIT_MS, () -> simulator.connectionsAccepted() == 2
                        && simulator.subscriptions().size() == 6
                        && sink.statuses("ETHUSDT").equals(List.of(StatusState.LIVE, StatusState.DISCONNECTED,
                                StatusState.LIVE))
                        // Events reach the sink in batches: wait for the always-on symbol's book too.
                        && sink.count(BookUpdate.class, "BTCUSDT") > 0, () -> "statuses " + sink.statuses("ETHUSDT")))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertTrue(verifyBook("BTCUSDT") > 0);
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldPingToStayConnectedAndReconnectWhenThePongsStop(Vertx vertx, VertxTestContext ctx) {
        startSimulator(vertx, new JsonObject().put("idleTimeoutMs", 1_000))
                .compose(v -> deploy(vertx, config(new JsonObject())))
                .compose(id -> until(vertx, WAIT_MS, () -> simulator.pings() >= 8, () -> "pings " + simulator.pings()))
                .compose(v -> {
                    ctx.verify(() -> assertEquals(1, simulator.connectionsAccepted(), "pings keep it open"));
                    return simulator.goSilent();
                })
                .compose(v -> until(vertx, WAIT_MS, () -> simulator.connectionsAccepted() == 2
                        && simulator.openConnections() == 1, () -> "connections " + simulator.connectionsAccepted()))
                .onComplete(ctx.succeedingThenComplete());
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
                                StatusState.LIVE)) && simulator.subscriptions().size() == 6,
                        () -> "subscriptions " + simulator.subscriptions()))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldRecordEveryRawFrameWhenConfigured(Vertx vertx, VertxTestContext ctx) throws Exception {
        Path file = Files.createTempFile("bybit-it", ".rec");
        file.toFile().deleteOnExit();
        Recordings.recordUntil(vertx, deploy(vertx, config(new JsonObject().put("recordFile", file.toString()),
                        "BTCUSDT")), () -> sink.count(BookUpdate.class, "BTCUSDT") > 5, file, WAIT_MS)
                .onComplete(ctx.succeeding(frames -> ctx.verify(() -> {
                    assertTrue(frames.size() > 5, "frames " + frames.size());
                    BybitFrameParser parser = new BybitFrameParser();
                    for (RecordedFrame frame : frames) {
                        assertTrue(parser.parse(frame.text()) instanceof BybitFrameParser.Parsed.Ok, frame.text());
                    }
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReportASymbolTheVenueRejects(Vertx vertx, VertxTestContext ctx) {
        simulator.rejectSymbol("SOLUSDT")
                .compose(v -> deploy(vertx, config(new JsonObject(), "BTCUSDT")))
                .compose(id -> {
                    publishDemand(vertx, "gw1", "SOLUSDT");
                    return until(vertx, WAIT_MS, () -> sink.statuses("SOLUSDT").contains(StatusState.REJECTED)
                            && sink.statuses("BTCUSDT").contains(StatusState.LIVE),
                                    () -> "statuses " + sink.statuses("SOLUSDT"));
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of(StatusState.REJECTED), sink.statuses("SOLUSDT"));
                    assertEquals(1, simulator.connectionsAccepted());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 40, timeUnit = TimeUnit.SECONDS)
    void shouldKeepSubscriptionRequestsWithinTheRateLimit(Vertx vertx, VertxTestContext ctx) {
        startSimulator(vertx, new JsonObject().put("maxRequestsPerSecond", 3))
                .compose(v -> deploy(vertx, config(new JsonObject().put("requestsPerSecond", 2))))
                .compose(id -> {
                    for (int n = 0; n < 10; n++) {
                        publishDemand(vertx, "gw1", n % 2 == 0
                                ? new String[] {"BTCUSDT", "ETHUSDT", "SOLUSDT"}
                                : new String[] {"BTCUSDT"});
                    }
                    publishDemand(vertx, "gw1", "BTCUSDT", "ETHUSDT", "SOLUSDT");
                    return until(vertx, 20_000, () -> simulator.subscriptions().size() == 9
                            && sink.statuses("SOLUSDT").contains(StatusState.LIVE)
                            && sink.statuses("ETHUSDT").contains(StatusState.LIVE),
                            () -> "subscriptions " + simulator.subscriptions());
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(0, simulator.refusedForRate(), "requests paced by the token bucket");
                    assertEquals(1, simulator.connectionsAccepted());
                    ctx.completeNow();
                })));
    }
}
