package dev.tickplant.ingest.htx;

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
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTX connector against the HTX simulator (gzipped binary frames) over real sockets on loopback. */
@ExtendWith(VertxExtension.class)
class HtxConnectorIT {
    private static final int PARTITIONS = 4;
    private static final long WAIT_MS = 8_000;

    private final InstrumentRegistry registry = TestInstruments.defaultRegistry();
    private final NormalizerSink sink = new NormalizerSink();
    private HtxSimulatorVerticle simulator;

    @BeforeEach
    void setUp(Vertx vertx, VertxTestContext ctx) {
        Codecs.registerAll(vertx.eventBus());
        simulator = new HtxSimulatorVerticle(HtxSimulatorConfig.fromJson(new JsonObject()
                .put("updatesPerSecond", 20)
                .put("tradeProbability", 0.5)
                .put("pingIntervalMs", 200)
                // Ten pings (2 s) of slack: a busy machine may stall a round trip or fire overdue pings back to back,
                // yet a pong queued behind the paced control requests (seconds of them under churn) still shows.
                .put("maxMissedPings", 10)
                .put("maxRequestsPerSecond", 10)), registry);
        sink.listen(vertx, PARTITIONS).compose(v -> vertx.deployVerticle(simulator))
                .onComplete(ctx.succeedingThenComplete());
    }

    private HtxConfig config(String... alwaysOn) {
        return HtxConfig.fromJson(new JsonObject()
                .put("feedId", "htx-it")
                .put("wsUri", "ws://127.0.0.1:" + simulator.actualPort() + "/ws")
                .put("alwaysOn", new JsonArray(List.of((Object[]) alwaysOn)))
                .put("heartbeatTimeoutMs", 1_500)
                .put("controlBurst", 3)
                .put("controlPerSecond", 5)
                .put("resyncMinIntervalMs", 300)
                .put("reconnectMinMs", 50)
                .put("reconnectMaxMs", 400));
    }

    private Future<String> deploy(Vertx vertx, HtxConfig config) {
        return vertx.deployVerticle(new HtxConnectorVerticle(config, registry, PARTITIONS, new SimpleMeterRegistry()));
    }

    private static Set<String> topics(String... codes) {
        Set<String> out = new TreeSet<>();
        for (String c : codes) {
            out.add(HtxFrames.bboTopic(c));
            out.add(HtxFrames.depthTopic(c));
            out.add(HtxFrames.tradeTopic(c));
        }
        return out;
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldSubscribeAndUnsubscribeOnTheLiveConnectionWhenDemandChanges(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config("BTCUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> simulator.subscribedTopics().equals(topics("btcusdt")),
                        () -> "always-on " + simulator.subscribedTopics()))
                .compose(v -> {
                    // "huobi" is an alias of htx; another venue's key does not count.
                    publishDemand(vertx, "gw1", "ETHUSDT@huobi", "SOLUSDT", "BTCUSD@kraken");
                    return until(vertx, WAIT_MS, () -> simulator.subscribedTopics()
                            .equals(topics("btcusdt", "ethusdt", "solusdt")), () -> "after demand "
                                    + simulator.subscribedTopics());
                })
                .compose(v -> until(vertx, WAIT_MS, () -> sink.count(Quote.class, "ETHUSDT") > 3
                        && sink.count(BookUpdate.class, "SOLUSDT") > 3 && sink.count(Trade.class, "BTCUSDT") > 0,
                        () -> "data for the new symbols"))
                .compose(v -> {
                    publishDemand(vertx, "gw1");
                    return until(vertx, WAIT_MS, () -> simulator.subscribedTopics().equals(topics("btcusdt")),
                            () -> "after removing demand " + simulator.subscribedTopics());
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(1, simulator.connectionsAccepted(), "never reconnected");
                    assertEquals(0, simulator.closedForMissedPings());
                    assertEquals(0, simulator.rateLimited());
                    assertEquals(StatusState.LIVE, sink.statuses("ETHUSDT").get(0));
                    Trade t = (Trade) sink.events(e -> e instanceof Trade).get(0);
                    assertEquals("htx", t.venue());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerEveryGzippedPingAndStayConnected(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config("BTCUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> simulator.pongs() >= 4, () -> "pongs " + simulator.pongs()))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(0, simulator.closedForMissedPings());
                    assertEquals(1, simulator.connectionsAccepted());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReconnectAndResubscribeEverythingAfterTheVenueDropsTheConnection(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config("BTCUSDT"))
                .compose(id -> {
                    publishDemand(vertx, "gw1", "ETHUSDT");
                    return until(vertx, WAIT_MS, () -> sink.statuses("ETHUSDT").contains(StatusState.LIVE),
                            () -> "initial subscription");
                })
                .compose(v -> simulator.dropAllConnections())
                .compose(v -> {
                    publishDemand(vertx, "gw2", "SOLUSDT");
                    return until(vertx, WAIT_MS, () -> simulator.connectionsAccepted() == 2
                            && simulator.subscribedTopics().equals(topics("btcusdt", "ethusdt", "solusdt"))
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
        deploy(vertx, config("BTCUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(Quote.class, "BTCUSDT") > 3,
                        () -> "initial data"))
                .compose(v -> simulator.goSilent())
                .compose(v -> until(vertx, WAIT_MS, () -> simulator.connectionsAccepted() == 2
                        && sink.statuses("BTCUSDT").equals(List.of(StatusState.LIVE, StatusState.DISCONNECTED,
                                StatusState.LIVE)), () -> "statuses " + sink.statuses("BTCUSDT")))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldDropDuplicatedPushesAndTolerateSkippedVersions(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config("BTCUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(Trade.class, "BTCUSDT") > 2, () -> "initial"))
                .compose(v -> {
                    List<Future<Void>> faults = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        faults.add(vertx.timer(1 + 100L * i).compose(t -> simulator.duplicateNext("btcusdt")));
                        faults.add(vertx.timer(50 + 100L * i).compose(t -> simulator.skipSequence("btcusdt")));
                    }
                    return Future.all(faults);
                })
                .compose(v -> {
                    long books = sink.count(BookUpdate.class, "BTCUSDT");
                    return until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSDT") > books + 10,
                            () -> "more books");
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    Set<String> ids = new HashSet<>();
                    sink.events(e -> e instanceof Trade).forEach(t -> assertTrue(ids.add(((Trade) t).tradeId()),
                            "duplicate trade " + t));
                    long previous = -1;
                    for (MarketEvent e : sink.events(e -> e instanceof BookUpdate)) {
                        long version = ((BookUpdate) e).venueSeq();
                        assertTrue(version > previous, "versions increase: " + previous + " then " + version);
                        previous = version;
                    }
                    assertEquals(List.of(StatusState.LIVE), sink.statuses("BTCUSDT"));
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReportASymbolTheVenueRejects(Vertx vertx, VertxTestContext ctx) {
        simulator.rejectSymbol("solusdt")
                .compose(v -> deploy(vertx, config("BTCUSDT", "SOLUSDT")))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.statuses("SOLUSDT").contains(StatusState.REJECTED)
                        && simulator.subscribedTopics().equals(topics("btcusdt"))
                                && sink.count(Quote.class, "BTCUSDT") > 0,
                        () -> "rejection " + sink.statuses("SOLUSDT") + " " + simulator.subscribedTopics()))
                .compose(v -> vertx.timer(500))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of(StatusState.REJECTED), sink.statuses("SOLUSDT"));
                    assertEquals(1, simulator.connectionsAccepted());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldResyncOnRequestAtMostOncePerInterval(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config("BTCUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSDT") > 3,
                        () -> "initial"))
                .compose(v -> {
                    for (int i = 0; i < 5; i++) {
                        vertx.eventBus().publish(Addresses.INGEST_RESYNC, "BTCUSDT@huobi");
                    }
                    return until(vertx, WAIT_MS, () -> simulator.depthSubscribes("btcusdt") >= 2
                            && sink.statuses("BTCUSDT").size() >= 3,
                                    () -> "resync on request " + sink.statuses("BTCUSDT"));
                })
                .compose(v -> vertx.timer(500))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(2, simulator.depthSubscribes("btcusdt"), "one re-subscription");
                    assertEquals(List.of(StatusState.LIVE, StatusState.RESYNCING, StatusState.LIVE),
                            sink.statuses("BTCUSDT"));
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldHoldTheControlRateLimitUnderDemandChurn(Vertx vertx, VertxTestContext ctx) {
        List<String> all = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");
        deploy(vertx, config())
                .compose(id -> {
                    for (int i = 0; i < 30; i++) {
                        int n = i;
                        vertx.setTimer(1 + i * 25L, t -> publishDemand(vertx, "gw1", all.get(n % all.size())));
                    }
                    return vertx.timer(1_000);
                })
                .compose(v -> {
                    publishDemand(vertx, "gw1", all.toArray(new String[0]));
                    return until(vertx, WAIT_MS, () -> simulator.subscribedTopics()
                            .equals(topics("btcusdt", "ethusdt", "solusdt")),
                                    () -> "final " + simulator.subscribedTopics());
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(0, simulator.rateLimited(), "no request over the venue's rate");
                    assertEquals(0, simulator.closedForMissedPings(), "pongs were never held back");
                    assertEquals(1, simulator.connectionsAccepted());
                    ctx.completeNow();
                })));
    }
}
