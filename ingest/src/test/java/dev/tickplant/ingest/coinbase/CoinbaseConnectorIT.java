package dev.tickplant.ingest.coinbase;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static dev.tickplant.ingest.testsupport.NormalizerSink.publishDemand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.testsupport.NormalizerSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Coinbase connector against the Coinbase simulator over real sockets on loopback. */
@ExtendWith(VertxExtension.class)
class CoinbaseConnectorIT {
    private static final int PARTITIONS = 4;
    private static final long WAIT_MS = 8_000;
    private static final Set<String> ALL_CHANNELS = Set.of("level2_batch", "ticker", "heartbeat", "matches");

    private final InstrumentRegistry registry = TestInstruments.defaultRegistry();
    private final NormalizerSink sink = new NormalizerSink();
    private CoinbaseSimulatorVerticle simulator;

    @BeforeEach
    void setUp(Vertx vertx, VertxTestContext ctx) {
        Codecs.registerAll(vertx.eventBus());
        simulator = new CoinbaseSimulatorVerticle(CoinbaseSimulatorConfig.fromJson(new JsonObject()
                .put("updatesPerSecond", 20)
                .put("tradeProbability", 0.5)
                .put("heartbeatIntervalMs", 200)
                .put("subscribeTimeoutMs", 500)
                .put("maxRequestsPerSecond", 10)), registry);
        sink.listen(vertx, PARTITIONS).compose(v -> vertx.deployVerticle(simulator))
                .onComplete(ctx.succeedingThenComplete());
    }

    private CoinbaseConfig config(String... alwaysOn) {
        return CoinbaseConfig.fromJson(new JsonObject()
                .put("feedId", "coinbase-it")
                .put("wsUri", "ws://127.0.0.1:" + simulator.actualPort())
                .put("alwaysOn", new JsonArray(List.of((Object[]) alwaysOn)))
                .put("strictSequence", true)
                .put("heartbeatTimeoutMs", 1_500)
                .put("controlBurst", 3)
                .put("controlPerSecond", 5)
                .put("resyncMinIntervalMs", 300)
                .put("reconnectMinMs", 50)
                .put("reconnectMaxMs", 400));
    }

    private Future<String> deploy(Vertx vertx, CoinbaseConfig config) {
        return vertx.deployVerticle(new CoinbaseConnectorVerticle(config, registry, PARTITIONS,
                new SimpleMeterRegistry()));
    }

    private boolean subscribedEverywhere(Set<String> products) {
        for (String c : ALL_CHANNELS) {
            if (!simulator.subscribed(c).equals(products)) {
                return false;
            }
        }
        return true;
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldBuildBooksFromTheLevel2ChannelWhenConfigured(Vertx vertx, VertxTestContext ctx) {
        CoinbaseConfig level2 = CoinbaseConfig.fromJson(new JsonObject()
                .put("feedId", "coinbase-it")
                .put("wsUri", "ws://127.0.0.1:" + simulator.actualPort())
                .put("alwaysOn", new JsonArray(List.of("BTCUSD")))
                .put("level2Channel", "level2")
                .put("strictSequence", true));
        deploy(vertx, level2)
                .compose(id -> until(vertx, WAIT_MS, () -> sink.statuses("BTCUSD").contains(StatusState.LIVE)
                        && sink.count(BookUpdate.class, "BTCUSD") > 3,
                                () -> "book over level2 " + sink.statuses("BTCUSD")))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(Set.of("BTC-USD"), simulator.subscribed("level2"));
                    assertEquals(Set.of(), simulator.subscribed("level2_batch"));
                    assertTrue(sink.events(e -> e instanceof BookUpdate b && b.symbol().equals("BTCUSD")).stream()
                            .anyMatch(e -> ((BookUpdate) e).snapshot()), "a snapshot first");
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldSubscribeAndUnsubscribeOnTheLiveConnectionWhenDemandChanges(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config("BTCUSD"))
                .compose(id -> until(vertx, WAIT_MS, () -> subscribedEverywhere(Set.of("BTC-USD")), () -> "always-on"))
                .compose(v -> {
                    publishDemand(vertx, "gw1", "ETHEUR", "BTCUSDT@coinbase", "SOLUSDT@kraken");
                    return until(vertx, WAIT_MS, () -> subscribedEverywhere(Set.of("BTC-USD", "ETH-EUR", "BTC-USDT")),
                            () -> "after demand " + simulator.subscribed("ticker"));
                })
                .compose(v -> until(vertx, WAIT_MS, () -> sink.count(Quote.class, "ETHEUR") > 3
                        && sink.count(BookUpdate.class, "BTCUSDT") > 3 && sink.count(Trade.class, "BTCUSD") > 0,
                        () -> "data for the new products"))
                .compose(v -> {
                    publishDemand(vertx, "gw1");
                    return until(vertx, WAIT_MS, () -> subscribedEverywhere(Set.of("BTC-USD")),
                            () -> "after removing demand " + simulator.subscribed("ticker"));
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(1, simulator.connectionsAccepted(), "never reconnected");
                    assertEquals(0, simulator.rateLimited());
                    assertEquals(StatusState.LIVE, sink.statuses("ETHEUR").get(0));
                    BookUpdate first = (BookUpdate) sink.events(e -> e instanceof BookUpdate
                            && e.symbol().equals("ETHEUR"))
                            .get(0);
                    assertTrue(first.snapshot());
                    assertEquals(0, sink.count(Quote.class, "SOLUSDT"));
                    for (MarketEvent e : sink.events(e -> e instanceof Quote && e.symbol().equals("ETHEUR"))) {
                        Quote q = (Quote) e;
                        assertTrue(q.bidPrice() < q.askPrice(), "uncrossed " + q);
                    }
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldSubscribeWithinTheVenueDeadlineEvenWithoutDemand(Vertx vertx, VertxTestContext ctx) {
        // Once subscribed, the connection it made first must still be the only one: a subscription after the venue's
        // deadline would have come on a second connection, after the simulator closed the first.
        deploy(vertx, config())
                .compose(id -> until(vertx, WAIT_MS, () -> simulator.subscribed("heartbeat").size() == 1,
                        () -> "heartbeat subscription " + simulator.subscribed("heartbeat")))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(0, simulator.closedForNoSubscribe());
                    assertEquals(1, simulator.connectionsAccepted());
                    assertEquals(1, simulator.subscribed("heartbeat").size());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReconnectAndResubscribeEverythingAfterTheVenueDropsTheConnection(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config("BTCUSD"))
                .compose(id -> {
                    publishDemand(vertx, "gw1", "ETHUSDT");
                    return until(vertx, WAIT_MS, () -> sink.statuses("ETHUSDT").contains(StatusState.LIVE),
                            () -> "initial subscription");
                })
                .compose(v -> simulator.dropAllConnections())
                .compose(v -> {
                    publishDemand(vertx, "gw2", "SOLUSDT");
                    return until(vertx, WAIT_MS, () -> simulator.connectionsAccepted() == 2
                            && subscribedEverywhere(Set.of("BTC-USD", "ETH-USDT", "SOL-USDT"))
                            && sink.statuses("ETHUSDT").size() >= 3 && sink.count(Quote.class, "SOLUSDT") > 0,
                            () -> "connections=" + simulator.connectionsAccepted()
                                    + " eth=" + sink.statuses("ETHUSDT"));
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of(StatusState.LIVE, StatusState.DISCONNECTED, StatusState.LIVE),
                            sink.statuses("ETHUSDT"));
                    assertEquals(1, simulator.openConnections());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReconnectWhenTheVenueGoesSilent(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config("BTCUSD"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(Quote.class, "BTCUSD") > 3, () -> "initial data"))
                .compose(v -> simulator.goSilent())
                .compose(v -> until(vertx, WAIT_MS, () -> simulator.connectionsAccepted() == 2
                        && sink.statuses("BTCUSD").equals(List.of(StatusState.LIVE, StatusState.DISCONNECTED,
                                StatusState.LIVE)), () -> "statuses " + sink.statuses("BTCUSD")))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldResyncTheBookAfterASequenceGap(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config("BTCUSD"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSD") > 3, () -> "initial"))
                .compose(v -> simulator.skipSequence("BTC-USD"))
                .compose(v -> until(vertx, WAIT_MS, () -> sink.statuses("BTCUSD").equals(List.of(StatusState.LIVE,
                        StatusState.RESYNCING, StatusState.LIVE)), () -> "statuses " + sink.statuses("BTCUSD")))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(2, simulator.bookSubscribes("BTC-USD"), "one fresh snapshot requested");
                    assertEquals(1, simulator.connectionsAccepted());
                    List<MarketEvent> books = sink.events(e -> e instanceof BookUpdate && e.symbol().equals("BTCUSD"));
                    assertEquals(2, books.stream().filter(e -> ((BookUpdate) e).snapshot()).count());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldDropDuplicatedSequencedMessages(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config("BTCUSD"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(Trade.class, "BTCUSD") > 2,
                        () -> "initial trades"))
                .compose(v -> {
                    List<Future<Void>> faults = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        faults.add(vertx.timer(1 + 100L * i).compose(t -> simulator.duplicateNext("BTC-USD")));
                    }
                    return Future.all(faults);
                })
                .compose(v -> {
                    long trades = sink.count(Trade.class, "BTCUSD");
                    return until(vertx, WAIT_MS, () -> sink.count(Trade.class, "BTCUSD") > trades + 5,
                            () -> "more trades");
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<MarketEvent> trades = sink.events(e -> e instanceof Trade && e.symbol().equals("BTCUSD"));
                    Set<String> ids = new HashSet<>();
                    trades.forEach(t -> assertTrue(ids.add(((Trade) t).tradeId()), "duplicate " + t));
                    assertEquals(List.of(StatusState.LIVE), sink.statuses("BTCUSD"), "a duplicate is no gap");
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReportAProductTheVenueRejectsAndSubscribeTheRest(Vertx vertx, VertxTestContext ctx) {
        simulator.rejectSymbol("ETH-EUR")
                .compose(v -> deploy(vertx, config("BTCUSD", "ETHEUR", "ETHUSDT")))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.statuses("ETHEUR").contains(StatusState.REJECTED)
                        && subscribedEverywhere(Set.of("BTC-USD", "ETH-USDT"))
                                && sink.count(Quote.class, "ETHUSDT") > 0,
                        () -> "rejection " + sink.statuses("ETHEUR") + " " + simulator.subscribed("ticker")))
                .compose(v -> vertx.timer(500))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of(StatusState.REJECTED), sink.statuses("ETHEUR"));
                    assertEquals(1, simulator.connectionsAccepted());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldResyncOnRequestAtMostOncePerInterval(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config("BTCUSD"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSD") > 3, () -> "initial"))
                .compose(v -> {
                    for (int i = 0; i < 5; i++) {
                        vertx.eventBus().publish(Addresses.INGEST_RESYNC, "BTCUSD@coinbase");
                    }
                    return until(vertx, WAIT_MS, () -> simulator.bookSubscribes("BTC-USD") >= 2
                            && sink.statuses("BTCUSD").size() >= 3, () -> "resync on request");
                })
                .compose(v -> vertx.timer(500))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertTrue(simulator.bookSubscribes("BTC-USD") <= 3, "rate-limited resyncs");
                    assertEquals(StatusState.LIVE, sink.statuses("BTCUSD").get(sink.statuses("BTCUSD").size() - 1));
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldHoldTheControlRateLimitUnderDemandChurn(Vertx vertx, VertxTestContext ctx) {
        List<String> all = List.of("BTCUSD", "ETHEUR", "BTCUSDT", "ETHUSDT", "SOLUSDT");
        deploy(vertx, config())
                .compose(id -> {
                    for (int i = 0; i < 40; i++) {
                        int n = i;
                        vertx.setTimer(1 + i * 25L, t -> publishDemand(vertx, "gw1", all.get(n % all.size()),
                                all.get((n + 2) % all.size())));
                    }
                    return vertx.timer(1_200);
                })
                .compose(v -> {
                    publishDemand(vertx, "gw1", all.toArray(new String[0]));
                    return until(vertx, WAIT_MS, () -> subscribedEverywhere(
                            Set.of("BTC-USD", "ETH-EUR", "BTC-USDT", "ETH-USDT", "SOL-USDT")),
                            () -> "final list " + simulator.subscribed("ticker"));
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(0, simulator.rateLimited(), "no request over the venue's rate");
                    assertEquals(1, simulator.connectionsAccepted());
                    assertTrue(simulator.requests() < 40, "changes coalesced, " + simulator.requests() + " requests");
                    ctx.completeNow();
                })));
    }
}
