package dev.tickplant.ingest.okx;

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
import dev.tickplant.ingest.okx.OkxFrames.Level;
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
import java.math.BigDecimal;
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

/** The OKX connector against the OKX simulator over a real WebSocket on loopback. */
@ExtendWith(VertxExtension.class)
class OkxConnectorIT {
    private static final int PARTITIONS = 4;
    private static final long WAIT_MS = 8_000;

    private final InstrumentRegistry registry = TestInstruments.defaultRegistry();
    private final NormalizerSink sink = new NormalizerSink();
    private OkxSimulatorVerticle simulator;
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
            simulator = new OkxSimulatorVerticle(OkxSimulatorConfig.fromJson(new JsonObject()
                    .put("updatesPerSecond", 25).put("tradeProbability", 0.5).mergeIn(overrides)), registry);
            return vertx.deployVerticle(simulator);
        }).onSuccess(id -> simulatorId = id);
    }

    private OkxConfig config(JsonObject overrides, String... alwaysOn) {
        return OkxConfig.fromJson(new JsonObject()
                .put("feedId", "okx-it")
                .put("wsUri", "ws://127.0.0.1:" + simulator.actualPort() + "/ws/v5/public")
                .put("alwaysOn", new JsonArray(List.of((Object[]) alwaysOn)))
                .put("pingAfterMs", 400)
                // Seconds, not a round trip's worth: on a busy machine a pong can take longer than 600 ms, and the
                // reconnect would break the tests that count connections.
                .put("pongTimeoutMs", 2_000)
                .put("resyncMinIntervalMs", 200)
                .put("reconnectMinMs", 50)
                .put("reconnectMaxMs", 400)
                .mergeIn(overrides));
    }

    private Future<String> deploy(Vertx vertx, OkxConfig config) {
        return vertx.deployVerticle(new OkxConnectorVerticle(config, registry, PARTITIONS,
                new SimpleMeterRegistry()));
    }

    /**
     * Rebuilds the book of {@code symbol} from the forwarded BookUpdates and checks, after each one, that the venue's
     * checksum carried in it matches the rebuilt book (rendered as OKX renders decimals), and that updates chain.
     *
     * @return updates checked
     */
    private int verifyBook(String symbol) {
        return verifyBook(symbol, true);
    }

    /** Rebuilds the forwarded book: every update follows its predecessor and, with {@code checksums}, matches it. */
    private int verifyBook(String symbol, boolean checksums) {
        TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
        TreeMap<Long, Long> asks = new TreeMap<>();
        long last = Long.MIN_VALUE;
        int checked = 0;
        for (MarketEvent e : sink.events(ev -> ev instanceof BookUpdate && ev.symbol().equals(symbol))) {
            BookUpdate u = (BookUpdate) e;
            if (u.snapshot()) {
                bids.clear();
                asks.clear();
            } else {
                assertEquals(last, u.prevVenueSeq(), "update does not follow the previous one");
            }
            apply(bids, u.bids());
            apply(asks, u.asks());
            last = u.venueSeq();
            if (checksums) {
                assertEquals(u.checksum(), (long) OkxBook.checksum(render(bids, u), render(asks, u)),
                        "checksum of the rebuilt book at seqId " + last);
            } else {
                assertEquals(BookUpdate.NO_CHECKSUM, u.checksum(), "a zero checksum is forwarded as none");
            }
            checked++;
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

    private static List<Level> render(TreeMap<Long, Long> side, BookUpdate u) {
        List<Level> out = new ArrayList<>();
        for (Map.Entry<Long, Long> e : side.entrySet()) {
            out.add(new Level(plain(e.getKey(), u.priceScale()), plain(e.getValue(), u.sizeScale()), "0", "1"));
        }
        return out;
    }

    private static String plain(long mantissa, int scale) {
        BigDecimal d = BigDecimal.valueOf(mantissa, scale).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldSubscribeAndUnsubscribeOnTheLiveConnectionWithVerifiedBooks(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config(new JsonObject(), "BTCUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.statuses("BTCUSDT").equals(List.of(StatusState.LIVE))
                        && sink.count(Quote.class, "BTCUSDT") > 3 && sink.count(Trade.class, "BTCUSDT") > 0
                        && sink.count(BookUpdate.class, "BTCUSDT") > 10, () -> "BTCUSDT data"))
                .compose(v -> {
                    publishDemand(vertx, "gw1", "ETHEUR@okx", "SOLUSDT", "ETHUSDT@binance");
                    return until(vertx, WAIT_MS, () -> simulator.subscriptions().equals(Set.of(
                            "bbo-tbt:BTC-USDT", "trades:BTC-USDT", "books:BTC-USDT",
                            "bbo-tbt:ETH-EUR", "trades:ETH-EUR", "books:ETH-EUR",
                            "bbo-tbt:SOL-USDT", "trades:SOL-USDT", "books:SOL-USDT"))
                            && sink.statuses("ETHEUR").contains(StatusState.LIVE),
                            () -> "subscriptions " + simulator.subscriptions());
                })
                .compose(v -> {
                    publishDemand(vertx, "gw1", "SOLUSDT");
                    return until(vertx, WAIT_MS, () -> simulator.subscriptions().size() == 6
                            && !simulator.subscriptions().contains("books:ETH-EUR"),
                            () -> "after removal " + simulator.subscriptions());
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(1, simulator.connectionsAccepted(), "never reconnected");
                    assertTrue(verifyBook("BTCUSDT") > 10);
                    assertTrue(verifyBook("ETHEUR") > 0);
                    assertEquals(0, simulator.tooFrequent());
                    assertTrue(sink.events(e -> e instanceof Quote && e.symbol().equals("BTCUSDT")).stream()
                            .allMatch(e -> "okx".equals(e.venue())));
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldResyncAfterAGapAndIgnoreADuplicate(Vertx vertx, VertxTestContext ctx) {
        int[] snapshotsBefore = new int[1];
        deploy(vertx, config(new JsonObject(), "BTCUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSDT") > 10, () -> "book"))
                .compose(v -> simulator.sendDuplicate("BTC-USDT"))
                .compose(v -> {
                    long before = sink.count(BookUpdate.class, "BTCUSDT");
                    return until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSDT") > before + 5,
                            () -> "after the duplicate");
                })
                .compose(v -> {
                    ctx.verify(() -> assertEquals(List.of(StatusState.LIVE), sink.statuses("BTCUSDT")));
                    snapshotsBefore[0] = simulator.bookSnapshots();
                    return simulator.skipSequence("BTC-USDT");
                })
                .compose(v -> until(vertx, WAIT_MS, () -> sink.statuses("BTCUSDT").equals(
                        List.of(StatusState.LIVE, StatusState.RESYNCING, StatusState.LIVE)),
                        () -> "statuses " + sink.statuses("BTCUSDT")))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(snapshotsBefore[0] + 1, simulator.bookSnapshots(), "fresh snapshot");
                    assertTrue(verifyBook("BTCUSDT") > 10);
                    assertEquals(1, simulator.connectionsAccepted());
                    assertTrue(simulator.subscriptions().contains("books:BTC-USDT"));
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldResyncWhenTheChecksumDoesNotMatch(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config(new JsonObject(), "SOLUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "SOLUSDT") > 5, () -> "book"))
                .compose(v -> simulator.corruptChecksum("SOL-USDT"))
                .compose(v -> until(vertx, WAIT_MS, () -> sink.statuses("SOLUSDT").equals(
                        List.of(StatusState.LIVE, StatusState.RESYNCING, StatusState.LIVE)),
                        () -> "statuses " + sink.statuses("SOLUSDT")))
                .compose(v -> {
                    long before = sink.count(BookUpdate.class, "SOLUSDT");
                    return until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "SOLUSDT") > before + 5,
                            () -> "after the resync");
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    // verifyBook fails if the update with the corrupt checksum had been forwarded.
                    assertTrue(verifyBook("SOLUSDT") > 10);
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldKeepABookLiveOnTheSequenceChainWhenTheVenueSendsZeroChecksums(Vertx vertx, VertxTestContext ctx) {
        // The live venue sends "checksum":0 on every books message since OKX deprecated the field.
        startSimulator(vertx, new JsonObject().put("zeroChecksums", true))
                .compose(id -> deploy(vertx, config(new JsonObject(), "BTCUSDT")))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSDT") > 20, () -> "book"))
                .compose(v -> {
                    ctx.verify(() -> assertEquals(List.of(StatusState.LIVE), sink.statuses("BTCUSDT")));
                    return simulator.skipSequence("BTC-USDT");
                })
                .compose(v -> until(vertx, WAIT_MS, () -> sink.statuses("BTCUSDT").equals(
                        List.of(StatusState.LIVE, StatusState.RESYNCING, StatusState.LIVE)),
                        () -> "statuses " + sink.statuses("BTCUSDT")))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertTrue(verifyBook("BTCUSDT", false) > 20);
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldForwardOneSidedTickersWithTheirLastAndBooksWithoutSequenceIds(Vertx vertx, VertxTestContext ctx) {
        // "bidPx":"" on every ticker, and books without seqId/prevSeqId: validated by their checksum alone.
        startSimulator(vertx, new JsonObject().put("oneSidedQuotes", true).put("seqlessBooks", true))
                .compose(id -> deploy(vertx, config(new JsonObject().put("quoteChannel", "tickers"), "BTCUSDT")))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "BTCUSDT") > 10
                        && sink.count(Trade.class, "BTCUSDT") > 2 && sink.events(e -> e instanceof Quote q
                                && e.symbol().equals("BTCUSDT") && q.lastPrice() > 0).size() > 2, () -> "data"))
                .compose(v -> {
                    ctx.verify(() -> assertEquals(List.of(StatusState.LIVE), sink.statuses("BTCUSDT")));
                    return simulator.skipSequence("BTC-USDT");
                })
                .compose(v -> until(vertx, WAIT_MS, () -> sink.statuses("BTCUSDT").equals(
                        List.of(StatusState.LIVE, StatusState.RESYNCING, StatusState.LIVE)),
                        () -> "a skipped update is caught by the checksum: " + sink.statuses("BTCUSDT")))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<MarketEvent> quotes = sink.events(e -> e instanceof Quote && e.symbol().equals("BTCUSDT"));
                    Set<Long> tradePrices = new HashSet<>();
                    sink.events(e -> e instanceof Trade && e.symbol().equals("BTCUSDT"))
                            .forEach(e -> tradePrices.add(((Trade) e).price()));
                    for (MarketEvent e : quotes) {
                        Quote q = (Quote) e;
                        assertEquals(0, q.bidPrice(), "no bid");
                        assertEquals(0, q.bidSize());
                        assertTrue(q.askPrice() > 0, "the ask is kept");
                        assertTrue(q.lastPrice() == 0 || tradePrices.contains(q.lastPrice()),
                                "the ticker's last is a traded price: " + q.lastPrice());
                    }
                    int checked = 0;
                    TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
                    TreeMap<Long, Long> asks = new TreeMap<>();
                    for (MarketEvent e : sink.events(ev -> ev instanceof BookUpdate && ev.symbol().equals("BTCUSDT"))) {
                        BookUpdate u = (BookUpdate) e;
                        assertEquals(0, u.venueSeq());
                        assertEquals(-1, u.prevVenueSeq());
                        if (u.snapshot()) {
                            bids.clear();
                            asks.clear();
                        }
                        apply(bids, u.bids());
                        apply(asks, u.asks());
                        assertEquals(u.checksum(), (long) OkxBook.checksum(render(bids, u), render(asks, u)));
                        checked++;
                    }
                    assertTrue(checked > 10);
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldResyncABookWhenTheNormalizerAsks(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config(new JsonObject(), "ETHUSDT"))
                .compose(id -> until(vertx, WAIT_MS, () -> sink.count(BookUpdate.class, "ETHUSDT") > 5, () -> "book"))
                .compose(v -> {
                    vertx.eventBus().publish(Addresses.INGEST_RESYNC, "ETHUSDT@okx");
                    vertx.eventBus().publish(Addresses.INGEST_RESYNC, "ETHUSDT@binance");
                    return until(vertx, WAIT_MS, () -> sink.statuses("ETHUSDT").equals(
                            List.of(StatusState.LIVE, StatusState.RESYNCING, StatusState.LIVE)),
                            () -> "statuses " + sink.statuses("ETHUSDT"));
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(2, simulator.bookSnapshots());
                    assertTrue(verifyBook("ETHUSDT") > 5);
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
                                StatusState.LIVE)), () -> "statuses " + sink.statuses("ETHUSDT")))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertTrue(verifyBook("BTCUSDT") > 0);
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldPingWhenIdleAndReconnectWhenNoPongComes(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config(new JsonObject()))
                .compose(id -> until(vertx, WAIT_MS, () -> simulator.pings() >= 3, () -> "pings " + simulator.pings()))
                .compose(v -> {
                    ctx.verify(() -> assertEquals(1, simulator.connectionsAccepted(), "pongs keep it alive"));
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
        Path file = Files.createTempFile("okx-it", ".rec");
        file.toFile().deleteOnExit();
        Recordings.recordUntil(vertx, deploy(vertx, config(new JsonObject().put("recordFile", file.toString()),
                        "BTCUSDT")), () -> sink.count(BookUpdate.class, "BTCUSDT") > 5, file, WAIT_MS)
                .onComplete(ctx.succeeding(frames -> ctx.verify(() -> {
                    assertTrue(frames.size() > 5, "frames " + frames.size());
                    OkxFrameParser parser = new OkxFrameParser();
                    for (RecordedFrame frame : frames) {
                        assertTrue(parser.parse(frame.text()) instanceof OkxFrameParser.Parsed.Ok, frame.text());
                    }
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldReportASymbolTheVenueRejects(Vertx vertx, VertxTestContext ctx) {
        simulator.rejectSymbol("SOL-USDT")
                .compose(v -> deploy(vertx, config(new JsonObject(), "BTCUSDT")))
                .compose(id -> {
                    publishDemand(vertx, "gw1", "SOLUSDT@okx");
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
    void shouldKeepSubscriptionRequestsWithinTheVenueLimit(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, config(new JsonObject()))
                .compose(id -> {
                    for (int n = 0; n < 10; n++) {
                        publishDemand(vertx, "gw1", n % 2 == 0
                                ? new String[] {"BTCUSDT", "ETHUSDT", "SOLUSDT", "ETHEUR"}
                                : new String[] {"BTCUSDT"});
                    }
                    publishDemand(vertx, "gw1", "BTCUSDT", "ETHUSDT", "SOLUSDT", "ETHEUR");
                    return until(vertx, 20_000, () -> simulator.subscriptions().size() == 12
                            && sink.statuses("ETHEUR").contains(StatusState.LIVE)
                            && sink.statuses("SOLUSDT").contains(StatusState.LIVE),
                            () -> "subscriptions " + simulator.subscriptions());
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(0, simulator.tooFrequent(), "requests paced below 3 per second");
                    assertEquals(1, simulator.connectionsAccepted());
                    ctx.completeNow();
                })));
    }
}
