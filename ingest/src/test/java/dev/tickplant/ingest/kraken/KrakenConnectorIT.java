package dev.tickplant.ingest.kraken;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static dev.tickplant.ingest.testsupport.NormalizerSink.publishDemand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.decimal.FixedPoint;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Demand;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.kraken.KrakenFrames.Level;
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
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Kraken connector against the Kraken simulator over real sockets on loopback. */
@ExtendWith(VertxExtension.class)
class KrakenConnectorIT {
    private static final int PARTITIONS = 4;
    private static final long WAIT_MS = 8_000;

    private final InstrumentRegistry registry = TestInstruments.defaultRegistry();
    private final NormalizerSink sink = new NormalizerSink();
    private KrakenSimulatorVerticle simulator;

    @BeforeEach
    void setUp(Vertx vertx, VertxTestContext ctx) {
        Codecs.registerAll(vertx.eventBus());
        simulator = new KrakenSimulatorVerticle(KrakenSimulatorConfig.fromJson(new JsonObject()
                .put("updatesPerSecond", 20)
                .put("tradeProbability", 0.5)
                .put("heartbeatIntervalMs", 200)
                .put("maxRequestsPerSecond", 10)), registry);
        sink.listen(vertx, PARTITIONS).compose(v -> vertx.deployVerticle(simulator))
                .onComplete(ctx.succeedingThenComplete());
    }

    private KrakenConfig config(String... alwaysOn) {
        return KrakenConfig.fromJson(new JsonObject()
                .put("feedId", "kraken-it")
                .put("wsUri", "ws://127.0.0.1:" + simulator.actualPort() + "/v2")
                .put("alwaysOn", new JsonArray(List.of((Object[]) alwaysOn)))
                .put("pingIntervalMs", 300)
                .put("heartbeatTimeoutMs", 1_500)
                .put("controlBurst", 3)
                .put("controlPerSecond", 5)
                .put("resyncMinIntervalMs", 300)
                .put("reconnectMinMs", 50)
                .put("reconnectMaxMs", 400));
    }

    private Future<String> deploy(Vertx vertx, KrakenConfig config) {
        return vertx.deployVerticle(new KrakenConnectorVerticle(config, registry, PARTITIONS,
                new SimpleMeterRegistry()));
    }

    /**
     * Rebuilds the book of {@code symbol} from the forwarded events since the last snapshot and checks it against
     * the venue checksum of the last forwarded update: the connector never forwarded a wrong book.
     */
    private boolean bookConsistent(String symbol) {
        List<BookUpdate> updates = sink.events(e -> e instanceof BookUpdate && e.symbol().equals(symbol)).stream()
                .map(e -> (BookUpdate) e).toList();
        int start = -1;
        for (int i = 0; i < updates.size(); i++) {
            if (updates.get(i).snapshot()) {
                start = i;
            }
        }
        if (start < 0 || updates.size() - start < 3) {
            return false;
        }
        TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
        TreeMap<Long, Long> asks = new TreeMap<>();
        for (int i = start; i < updates.size(); i++) {
            BookUpdate u = updates.get(i);
            if (u.snapshot()) {
                bids.clear();
                asks.clear();
            }
            apply(bids, u.bids());
            apply(asks, u.asks());
        }
        BookUpdate last = updates.get(updates.size() - 1);
        return KrakenBook.checksum(text(bids, last), text(asks, last)) == last.checksum();
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

    private static List<Level> text(TreeMap<Long, Long> side, BookUpdate scales) {
        List<Level> out = new ArrayList<>();
        side.forEach((p, s) -> out.add(new Level(FixedPoint.format(p, scales.priceScale()),
                FixedPoint.format(s, scales.sizeScale()))));
        return out;
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldForwardOneSidedTickersWithTheirLast(Vertx vertx, VertxTestContext ctx) {
        // A second simulator whose tickers leave the bid out; the connector is pointed at it.
        KrakenSimulatorVerticle oneSided = new KrakenSimulatorVerticle(KrakenSimulatorConfig.fromJson(new JsonObject()
                .put("updatesPerSecond", 20).put("tradeProbability", 0.8).put("oneSidedTickers", true)), registry);
        vertx.deployVerticle(oneSided)
                .compose(id -> deploy(vertx, KrakenConfig.fromJson(new JsonObject().put("feedId", "kraken-one-sided")
                        .put("wsUri", "ws://127.0.0.1:" + oneSided.actualPort() + "/v2")
                        .put("alwaysOn", new JsonArray().add("BTCUSD")))))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.events(e -> e instanceof Quote q
                        && e.symbol().equals("BTCUSD") && q.lastPrice() > 0).size() > 2, () -> "quotes with a last"))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<Long> traded = new ArrayList<>();
                    sink.events(e -> e instanceof Trade && e.symbol().equals("BTCUSD"))
                            .forEach(e -> traded.add(((Trade) e).price()));
                    for (var e : sink.events(ev -> ev instanceof Quote && ev.symbol().equals("BTCUSD"))) {
                        Quote q = (Quote) e;
                        assertEquals(0, q.bidPrice(), "no bid");
                        assertTrue(q.askPrice() > 0, "the ask is kept");
                        assertTrue(q.lastPrice() == 0 || traded.contains(q.lastPrice()),
                                "the ticker's last is a traded price, not a side: " + q);
                    }
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldSubscribeAndUnsubscribeOnTheLiveConnectionWhenDemandChanges(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config("BTCUSD"))
                .compose(id -> until(vertx, WAIT_MS, () -> simulator.subscribed("book").equals(Set.of("BTC/USD"))
                        && simulator.subscribed("ticker").equals(Set.of("BTC/USD"))
                        && simulator.subscribed("trade").equals(Set.of("BTC/USD")), () -> "always-on subscription"))
                .compose(v -> {
                    // Unqualified and kraken-qualified keys count; another venue's key does not.
                    publishDemand(vertx, "gw1", "ETHEUR", "BTCUSDT@kraken", "SOLUSDT@binance", "AAPL.US");
                    return until(vertx, WAIT_MS, () -> simulator.subscribed("book")
                            .equals(Set.of("BTC/USD", "ETH/EUR", "BTC/USDT"))
                            && simulator.subscribed("trade").equals(Set.of("BTC/USD", "ETH/EUR", "BTC/USDT")),
                            () -> "after demand " + simulator.subscribed("book"));
                })
                .compose(v -> until(vertx, WAIT_MS, () -> sink.count(Quote.class, "ETHEUR") > 3
                        && sink.count(BookUpdate.class, "BTCUSDT") > 3 && sink.count(Trade.class, "BTCUSD") > 0
                        && bookConsistent("ETHEUR"), () -> "data for the new symbols"))
                .compose(v -> {
                    publishDemand(vertx, "gw1");
                    return until(vertx, WAIT_MS, () -> simulator.subscribed("book").equals(Set.of("BTC/USD"))
                            && simulator.subscribed("ticker").equals(Set.of("BTC/USD"))
                            && simulator.subscribed("trade").equals(Set.of("BTC/USD")), () -> "after removing demand");
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(1, simulator.connectionsAccepted(), "never reconnected");
                    assertEquals(0, simulator.rateLimited(), "control messages stayed within the venue's limit");
                    assertEquals(StatusState.LIVE, sink.statuses("ETHEUR").get(0));
                    BookUpdate first = (BookUpdate) sink.events(e -> e instanceof BookUpdate
                            && e.symbol().equals("ETHEUR"))
                            .get(0);
                    assertTrue(first.snapshot(), "a book starts with a snapshot");
                    assertEquals("kraken", first.venue());
                    assertEquals(0, sink.count(Quote.class, "SOLUSDT"));
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReconnectAndResubscribeEverythingAfterTheVenueDropsTheConnection(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config("BTCUSD"))
                .compose(id -> {
                    publishDemand(vertx, "gw1", "ETHUSDT");
                    return until(vertx, WAIT_MS, () -> sink.statuses("ETHUSDT").contains(StatusState.LIVE)
                            && sink.statuses("BTCUSD").contains(StatusState.LIVE), () -> "initial subscription");
                })
                .compose(v -> simulator.dropAllConnections())
                // Demand that arrives while disconnected goes out after the reconnect.
                .compose(v -> {
                    publishDemand(vertx, "gw2", "SOLUSDT");
                    return until(vertx, WAIT_MS, () -> simulator.connectionsAccepted() == 2
                            && simulator.subscribed("book").equals(Set.of("BTC/USD", "ETH/USDT", "SOL/USDT"))
                            && sink.statuses("ETHUSDT").size() >= 3 && sink.count(Quote.class, "SOLUSDT") > 0,
                            () -> "connections=" + simulator.connectionsAccepted() + " book="
                                    + simulator.subscribed("book") + " eth=" + sink.statuses("ETHUSDT"));
                })
                .compose(v -> {
                    long before = sink.count(BookUpdate.class, "ETHUSDT");
                    return until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "ETHUSDT") > before + 3
                            && bookConsistent("ETHUSDT"), () -> "book data after reconnect");
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
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertTrue(simulator.pings() > 0, "pings were sent");
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldResyncTheBookAfterALostUpdate(Vertx vertx, VertxTestContext ctx) {
        resyncAfter(vertx, ctx, () -> simulator.skipNextUpdate("BTC/USD"));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldResyncTheBookAfterACorruptedChecksum(Vertx vertx, VertxTestContext ctx) {
        resyncAfter(vertx, ctx, () -> simulator.corruptNextChecksum("BTC/USD"));
    }

    private void resyncAfter(Vertx vertx, VertxTestContext ctx, java.util.function.Supplier<Future<Void>> fault) {
        deploy(vertx, config("BTCUSD"))
                .compose(id -> until(vertx, WAIT_MS, () -> bookConsistent("BTCUSD"), () -> "initial book"))
                .compose(v -> fault.get())
                .compose(v -> until(vertx, WAIT_MS, () -> sink.statuses("BTCUSD").equals(List.of(StatusState.LIVE,
                        StatusState.RESYNCING, StatusState.LIVE)), () -> "statuses " + sink.statuses("BTCUSD")))
                .compose(v -> until(vertx, WAIT_MS, () -> bookConsistent("BTCUSD"), () -> "book after resync"))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(2, simulator.bookSubscribes("BTC/USD"), "one fresh snapshot requested");
                    assertEquals(1, simulator.connectionsAccepted(), "resynced without reconnecting");
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldTreatADuplicatedUpdateAsHarmless(Vertx vertx, VertxTestContext ctx) {
        long[] before = new long[1];
        deploy(vertx, config("BTCUSD"))
                .compose(id -> until(vertx, WAIT_MS, () -> bookConsistent("BTCUSD"), () -> "initial book"))
                .compose(v -> simulator.duplicateNextUpdate("BTC/USD"))
                .compose(v -> {
                    before[0] = sink.count(BookUpdate.class, "BTCUSD");
                    return until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSD") > before[0] + 10
                            && bookConsistent("BTCUSD"), () -> "updates after the duplicate");
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of(StatusState.LIVE), sink.statuses("BTCUSD"));
                    assertEquals(1, simulator.bookSubscribes("BTC/USD"));
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReportASymbolTheVenueRejects(Vertx vertx, VertxTestContext ctx) {
        simulator.rejectSymbol("ETH/EUR")
                .compose(v -> deploy(vertx, config("BTCUSD")))
                .compose(id -> {
                    publishDemand(vertx, "gw1", "ETHEUR");
                    return until(vertx, WAIT_MS, () -> sink.statuses("ETHEUR").contains(StatusState.REJECTED)
                            && sink.count(Quote.class, "BTCUSD") > 3, () -> "rejection of ETHEUR");
                })
                .compose(v -> {
                    int requests = simulator.requests();
                    // Nothing more is asked for the rejected symbol: only pings follow.
                    return vertx.timer(800).map(t -> simulator.requests() - requests);
                })
                .onComplete(ctx.succeeding(extra -> ctx.verify(() -> {
                    assertEquals(List.of(StatusState.REJECTED), sink.statuses("ETHEUR"));
                    assertTrue(extra <= 4, "only pings after the rejection, got " + extra + " requests");
                    assertTrue(simulator.subscribed("book").equals(Set.of("BTC/USD")));
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldResyncOnRequestAtMostOncePerInterval(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config("BTCUSD"))
                .compose(id -> until(vertx, WAIT_MS, () -> bookConsistent("BTCUSD"), () -> "initial book"))
                .compose(v -> {
                    for (int i = 0; i < 5; i++) {
                        vertx.eventBus().publish(Addresses.INGEST_RESYNC, "BTCUSD@kraken");
                    }
                    vertx.eventBus().publish(Addresses.INGEST_RESYNC, "BTCUSD@binance");
                    return until(vertx, WAIT_MS, () -> simulator.bookSubscribes("BTC/USD") >= 2
                            && sink.statuses("BTCUSD").size() >= 3, () -> "resync on request");
                })
                .compose(v -> vertx.timer(500))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertTrue(simulator.bookSubscribes("BTC/USD") <= 3,
                            "resyncs rate-limited, got " + simulator.bookSubscribes("BTC/USD"));
                    assertEquals(StatusState.LIVE, sink.statuses("BTCUSD").get(sink.statuses("BTCUSD").size() - 1));
                    assertTrue(bookConsistent("BTCUSD"));
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
                    return until(vertx, WAIT_MS, () -> simulator.subscribed("book")
                            .equals(Set.of("BTC/USD", "ETH/EUR", "BTC/USDT", "ETH/USDT", "SOL/USDT")),
                            () -> "final list " + simulator.subscribed("book"));
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(0, simulator.rateLimited(), "no request over the venue's rate");
                    assertEquals(1, simulator.connectionsAccepted());
                    for (String s : all) {
                        assertTrue(!sink.statuses(s).contains(StatusState.REJECTED), s);
                    }
                    ctx.completeNow();
                })));
    }
}
