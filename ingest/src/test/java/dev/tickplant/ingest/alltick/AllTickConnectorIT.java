package dev.tickplant.ingest.alltick;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.bus.Partitions;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Demand;
import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The AllTick connector against the AllTick simulator over real sockets on loopback. */
@ExtendWith(VertxExtension.class)
class AllTickConnectorIT {
    private static final int PARTITIONS = 4;
    private static final String TOKEN = "it-token";
    private static final long WAIT_MS = 8_000;
    private static final long WEDNESDAY_15_UTC_NANOS =
            Instant.parse("2026-11-18T15:00:00Z").getEpochSecond() * 1_000_000_000L;

    private final InstrumentRegistry registry = TestInstruments.defaultRegistry();
    /** Every event received on tp.norm.*, with the partition it arrived on. */
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private AllTickSimulatorVerticle simulator;

    private record Received(int partition, String source, MarketEvent event) {}

    @BeforeEach
    void setUp(Vertx vertx, VertxTestContext ctx) {
        Codecs.registerAll(vertx.eventBus());
        List<Future<Void>> registrations = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            registrations.add(vertx.eventBus().<EventBatch>consumer(Addresses.normalizer(p), msg -> {
                for (MarketEvent e : msg.body().events()) {
                    received.add(new Received(partition, msg.body().source(), e));
                }
            }).completion());
        }
        simulator = new AllTickSimulatorVerticle(AllTickSimulatorConfig.fromJson(new JsonObject()
                .put("token", TOKEN)
                .put("updatesPerSecond", 25)
                .put("tradeProbability", 0.5)
                .put("minRequestIntervalMs", 200)), registry);
        Future.all(registrations).compose(v -> vertx.deployVerticle(simulator))
                .onComplete(ctx.succeedingThenComplete());
    }

    private AllTickConfig connectorConfig(String path, String token, String... alwaysOn) {
        return AllTickConfig.fromJson(new JsonObject()
                .put("feedId", "alltick-it")
                .put("wsUri", "ws://127.0.0.1:" + simulator.actualPort() + path)
                .put("token", token)
                .put("alwaysOn", new JsonArray(List.of((Object[]) alwaysOn)))
                .put("depthLevel", 5)
                // A little above the simulator's 200 ms: requests are paced on send, the venue counts on receipt.
                .put("minRequestIntervalMs", 250)
                .put("heartbeatIntervalMs", 500)
                .put("heartbeatTimeoutMs", 3_000)
                .put("reconnectMinMs", 50)
                .put("reconnectMaxMs", 400)
                .put("staleAfterMs", 600));
    }

    private Future<String> deployConnector(Vertx vertx, AllTickConfig config) {
        // The watchdog only acts while an instrument's market is open; pin the epoch clock to a Wednesday mid-session
        // (US, FX and metals open) so the tests do not depend on the day they run.
        long start = System.nanoTime();
        LongSupplier wednesday = () -> WEDNESDAY_15_UTC_NANOS + (System.nanoTime() - start);
        return vertx.deployVerticle(
                new AllTickConnectorVerticle(config, registry, PARTITIONS, new SimpleMeterRegistry(), wednesday));
    }

    private List<MarketEvent> events(Predicate<MarketEvent> filter) {
        synchronized (received) {
            return received.stream().map(Received::event).filter(filter).toList();
        }
    }

    private long count(Class<? extends MarketEvent> type, String symbol) {
        return events(e -> type.isInstance(e) && e.symbol().equals(symbol)).size();
    }

    private boolean sawStatus(String symbol, StatusState state) {
        return !events(e -> e instanceof Status && e.symbol().equals(symbol) && ((Status) e).state() == state)
                .isEmpty();
    }

    private static void publishDemand(Vertx vertx, String node, long ttlMs, String... symbols) {
        vertx.eventBus().publish(Addresses.INGEST_DEMAND, new Demand(node, Set.of(symbols), ttlMs));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldChangeTheUpstreamListOnTheLiveConnectionWhenDemandChanges(Vertx vertx, VertxTestContext ctx) {
        deployConnector(vertx, connectorConfig(AllTickConfig.FX_CRYPTO_PATH, TOKEN, "EURUSD"))
                .compose(id -> until(vertx, WAIT_MS, () -> simulator.lastDepthCodes().equals(List.of("EURUSD")),
                        () -> "always-on list, got " + simulator.lastDepthCodes()))
                .compose(v -> {
                    // AAPL.US is served by the stock endpoint and BTCUSDT@binance by another venue: both filtered.
                    publishDemand(vertx, "gw1", 60_000, "XAUUSD", "BTCUSDT", "AAPL.US", "ETHUSDT@binance");
                    return until(vertx, WAIT_MS,
                            () -> simulator.lastDepthCodes().equals(List.of("BTCUSDT", "EURUSD", "XAUUSD")),
                            () -> "after adding demand, got " + simulator.lastDepthCodes());
                })
                .compose(v -> {
                    publishDemand(vertx, "gw1", 60_000, "XAUUSD");
                    return until(vertx, WAIT_MS, () -> simulator.lastDepthCodes().equals(List.of("EURUSD", "XAUUSD")),
                            () -> "after removing demand, got " + simulator.lastDepthCodes());
                })
                .compose(v -> {
                    // gw2 announces as a gateway does, again and again with a short ttl, until its symbol is upstream
                    // (a single 300 ms announcement can expire before a busy machine sends the paced request); then
                    // it falls silent, as if it died, and its demand must expire by itself.
                    publishDemand(vertx, "gw2", 300, "ETHUSDT");
                    long announcing = vertx.setPeriodic(100, t -> publishDemand(vertx, "gw2", 300, "ETHUSDT"));
                    return until(vertx, WAIT_MS, () -> simulator.lastDepthCodes().contains("ETHUSDT"),
                            () -> "short-lived demand, got " + simulator.lastDepthCodes())
                            .eventually(() -> {
                                vertx.cancelTimer(announcing);
                                return Future.succeededFuture();
                            });
                })
                .compose(v -> until(vertx, WAIT_MS,
                        () -> simulator.lastDepthCodes().equals(List.of("EURUSD", "XAUUSD")),
                        () -> "after gw2's demand expired, got " + simulator.lastDepthCodes()))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(1, simulator.connectionsAccepted(), "never reconnected");
                    assertEquals(Map.of(1, List.of("EURUSD", "XAUUSD")), simulator.depthCodesByConnection());
                    assertEquals(0, simulator.rateLimited(), "requests were paced below the venue's limit");
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldReconnectAndResubscribeEverythingAfterTheVenueDropsTheConnection(Vertx vertx, VertxTestContext ctx) {
        deployConnector(vertx, connectorConfig(AllTickConfig.FX_CRYPTO_PATH, TOKEN, "EURUSD"))
                .compose(id -> {
                    publishDemand(vertx, "gw1", 60_000, "XAUUSD");
                    return until(vertx, WAIT_MS, () -> simulator.lastDepthCodes().equals(List.of("EURUSD", "XAUUSD"))
                            && sawStatus("XAUUSD", StatusState.LIVE), () -> "initial subscription");
                })
                .compose(v -> simulator.dropAllConnections())
                .compose(v -> until(vertx, WAIT_MS, () -> simulator.connectionsAccepted() == 2
                        && List.copyOf(simulator.depthCodesByConnection().values())
                                .equals(List.of(List.of("EURUSD", "XAUUSD"))),
                        () -> "connections=" + simulator.connectionsAccepted() + " lists="
                                + simulator.depthCodesByConnection()))
                .compose(v -> {
                    long quotesBefore = count(Quote.class, "XAUUSD");
                    return until(vertx, WAIT_MS, () -> count(Quote.class, "XAUUSD") > quotesBefore + 3,
                            () -> "data after reconnect");
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertTrue(sawStatus("EURUSD", StatusState.DISCONNECTED));
                    assertTrue(sawStatus("XAUUSD", StatusState.DISCONNECTED));
                    List<StatusState> xau = events(e -> e instanceof Status && e.symbol().equals("XAUUSD")).stream()
                            .map(e -> ((Status) e).state()).toList();
                    assertEquals(List.of(StatusState.LIVE, StatusState.DISCONNECTED, StatusState.LIVE), xau);
                    assertEquals(1, simulator.openConnections());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldResubscribeASilentSymbolWithoutDroppingTheConnection(Vertx vertx, VertxTestContext ctx) {
        int[] depthRequestsBefore = new int[1];
        long[] quotesAtResubscribe = new long[1];
        deployConnector(vertx, connectorConfig(AllTickConfig.FX_CRYPTO_PATH, TOKEN, "EURUSD", "XAUUSD"))
                // Both the depth and the trade subscription must be in: either would lift the silence.
                .compose(id -> until(vertx, WAIT_MS, () -> count(Quote.class, "XAUUSD") > 5
                        && simulator.subscriptionRequests() >= 2, () -> "initial XAUUSD data"))
                .compose(v -> {
                    depthRequestsBefore[0] = simulator.depthRequests();
                    return simulator.silence("XAUUSD");
                })
                .compose(v -> until(vertx, WAIT_MS, () -> simulator.depthRequests() > depthRequestsBefore[0],
                        () -> "re-subscription of the silent symbol"))
                .compose(v -> {
                    quotesAtResubscribe[0] = count(Quote.class, "XAUUSD");
                    return until(vertx, WAIT_MS, () -> count(Quote.class, "XAUUSD") > quotesAtResubscribe[0] + 3,
                            () -> "XAUUSD data resumed");
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(1, simulator.connectionsAccepted(), "the connection was kept");
                    assertTrue(sawStatus("XAUUSD", StatusState.STALE));
                    assertTrue(!sawStatus("EURUSD", StatusState.STALE), "EURUSD kept flowing");
                    List<StatusState> xau = events(e -> e instanceof Status && e.symbol().equals("XAUUSD")).stream()
                            .map(e -> ((Status) e).state()).toList();
                    assertEquals(List.of(StatusState.LIVE, StatusState.STALE, StatusState.LIVE), xau);
                    assertEquals(List.of("EURUSD", "XAUUSD"), simulator.lastDepthCodes());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldSendCanonicalEventsInPartitionBatches(Vertx vertx, VertxTestContext ctx) {
        List<String> symbols = List.of("EURUSD", "XAUUSD", "BTCUSDT", "USDJPY");
        deployConnector(vertx, connectorConfig(AllTickConfig.FX_CRYPTO_PATH, TOKEN, symbols.toArray(new String[0])))
                .compose(id -> until(vertx, WAIT_MS, () -> symbols.stream().allMatch(s -> count(Quote.class, s) > 3
                        && count(BookUpdate.class, s) > 3 && count(Trade.class, s) > 0),
                        () -> "quotes, books and trades for " + symbols))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<Received> all;
                    synchronized (received) {
                        all = List.copyOf(received);
                    }
                    for (Received r : all) {
                        MarketEvent e = r.event();
                        assertEquals(Partitions.of(e.symbol(), PARTITIONS), r.partition(), "partition of " + e);
                        assertTrue(r.source().startsWith("alltick-it@"), r.source());
                        assertTrue(symbols.contains(e.symbol()), "canonical symbol " + e.symbol());
                        assertEquals("alltick", e.venue());
                        assertEquals(0, e.seq(), "ingest leaves seq to the normalizer");
                        assertTrue(e.recvTsNanos() > 0 && e.venueTsNanos() > 0);
                        checkEvent(e, registry.bySymbol(e.symbol()));
                    }
                    ctx.completeNow();
                })));
    }

    private static void checkEvent(MarketEvent e, Instrument i) {
        if (e instanceof Quote) {
            Quote q = (Quote) e;
            assertEquals(i.priceScale(), q.priceScale());
            assertEquals(i.sizeScale(), q.sizeScale());
            assertTrue(q.twoSided() && q.bidPrice() <= q.askPrice(), "bid <= ask: " + q);
            assertTrue(q.bidSize() > 0 && q.askSize() > 0);
        } else if (e instanceof BookUpdate) {
            BookUpdate b = (BookUpdate) e;
            assertTrue(b.snapshot());
            assertEquals(i.priceScale(), b.priceScale());
            int expectedLevels = i.symbol().equals("BTCUSDT") ? 5 : 1; // AllTick: crypto 5 levels, FX/metals 1
            assertEquals(expectedLevels, b.bids().size(), "levels of " + i.symbol());
            assertEquals(expectedLevels, b.asks().size());
            for (int n = 1; n < b.bids().size(); n++) {
                assertTrue(b.bids().get(n).price() < b.bids().get(n - 1).price());
                assertTrue(b.asks().get(n).price() > b.asks().get(n - 1).price());
            }
            for (BookLevel l : b.bids()) {
                assertEquals(0, l.price() % i.tickSize(), "bid on the tick grid");
            }
            assertTrue(b.bids().get(0).price() < b.asks().get(0).price());
            assertTrue(b.venueSeq() > 0);
        } else if (e instanceof Trade) {
            Trade t = (Trade) e;
            assertEquals(i.priceScale(), t.priceScale());
            assertTrue(t.price() > 0 && t.size() > 0);
            assertEquals(Long.toString(t.venueSeq()), t.tradeId());
        }
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldReportARejectedCodeAndKeepRunning(Vertx vertx, VertxTestContext ctx) {
        simulator.rejectCode("XAUUSD")
                .compose(v -> deployConnector(vertx, connectorConfig(AllTickConfig.FX_CRYPTO_PATH, TOKEN, "EURUSD")))
                .compose(id -> until(vertx, WAIT_MS, () -> sawStatus("EURUSD", StatusState.LIVE), () -> "EURUSD live"))
                .compose(v -> {
                    publishDemand(vertx, "gw1", 60_000, "XAUUSD");
                    return until(vertx, WAIT_MS, () -> sawStatus("XAUUSD", StatusState.REJECTED),
                            () -> "REJECTED status for XAUUSD");
                })
                .compose(v -> until(vertx, WAIT_MS, () -> simulator.lastDepthCodes().equals(List.of("EURUSD")),
                        () -> "rejected code left out, got " + simulator.lastDepthCodes()))
                .compose(v -> {
                    long before = count(Quote.class, "EURUSD");
                    return until(vertx, WAIT_MS, () -> count(Quote.class, "EURUSD") > before + 3, () -> "EURUSD flows");
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(1, simulator.connectionsAccepted());
                    assertEquals(0, count(Quote.class, "XAUUSD"));
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldServeStocksOnTheStockEndpointAndRetryOnABadToken(Vertx vertx, VertxTestContext ctx) {
        deployConnector(vertx, connectorConfig(AllTickConfig.STOCK_PATH, TOKEN, "AAPL.US", "700.HK", "EURUSD"))
                .compose(id -> until(vertx, WAIT_MS, () -> count(Quote.class, "AAPL.US") > 2
                        && count(Quote.class, "700.HK") > 2, () -> "stock quotes"))
                .compose(id -> deployConnector(vertx, connectorConfig(AllTickConfig.FX_CRYPTO_PATH, "wrong", "EURUSD")))
                .compose(id -> until(vertx, WAIT_MS, () -> simulator.connectionsAccepted() >= 4,
                        () -> "reconnect attempts with a bad token, accepted=" + simulator.connectionsAccepted()))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of("700.HK", "AAPL.US"), simulator.lastDepthCodes(),
                            "EURUSD is not requested on the stock endpoint");
                    assertEquals(0, count(Quote.class, "EURUSD"));
                    ctx.completeNow();
                })));
    }
}
