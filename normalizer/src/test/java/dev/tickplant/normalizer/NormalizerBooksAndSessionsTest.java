package dev.tickplant.normalizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.model.VenueDepth;
import dev.tickplant.common.model.VenueStatus;
import dev.tickplant.common.testsupport.TestInstruments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Books with resync, consolidation across venues, dedup and sessions, with an injected clock. */
class NormalizerBooksAndSessionsTest {
    /** Monday 2026-11-23 14:00 UTC = 09:00 New York: US stocks still closed, FX and crypto open. */
    private static final long MONDAY_0900_NY = Instant.parse("2026-11-23T14:00:00Z").toEpochMilli();

    private final long[] now = {MONDAY_0900_NY};
    private final NormalizerConfig config = new NormalizerConfig(1, Set.of(), 100, 5, 30_000, 2_000, 1000, 1000);
    private final Normalizer normalizer = new Normalizer(TestInstruments.defaultRegistry(), 0, config, s -> true,
            () -> now[0]);

    private static List<BookLevel> levels(long... priceSize) {
        List<BookLevel> out = new ArrayList<>();
        for (int i = 0; i < priceSize.length; i += 2) {
            out.add(new BookLevel(priceSize[i], priceSize[i + 1]));
        }
        return out;
    }

    private static BookUpdate snapshot(String venue, long seq, List<BookLevel> bids, List<BookLevel> asks) {
        return new BookUpdate("BTCUSDT", venue, true, bids, asks, 2, 8, 0, seq, -1, BookUpdate.NO_CHECKSUM, 1, 1, 0);
    }

    private static BookUpdate binanceDelta(long first, long last, List<BookLevel> bids, List<BookLevel> asks) {
        return new BookUpdate("BTCUSDT", "binance", false, bids, asks, 2, 8, first, last, -1, BookUpdate.NO_CHECKSUM,
                1, 1, 0);
    }

    private static Quote quote(String venue, long bid, long ask, long ts) {
        return new Quote("BTCUSDT", venue, bid, 1, ask, 2, 0, 2, 8, 0, ts, ts, 0);
    }

    private static <T extends MarketEvent> List<T> of(List<Normalizer.Keyed> out, String key, Class<T> type) {
        List<T> found = new ArrayList<>();
        for (Normalizer.Keyed k : out) {
            if (k.key().equals(key) && type.isInstance(k.event())) {
                found.add(type.cast(k.event()));
            }
        }
        return found;
    }

    @Test
    void shouldResyncBookAfterSequenceGapAndServeCorrectBookAgain() {
        List<Normalizer.Keyed> out = normalizer.apply(snapshot("binance", 100, levels(6_500_000, 5), levels(
                6_500_100, 3)));
        BookUpdate image = of(out, "BTCUSDT@binance", BookUpdate.class).get(0);
        assertEquals(6_500_000, image.bids().get(0).price());
        normalizer.apply(binanceDelta(101, 101, levels(6_500_010, 1), levels()));
        assertTrue(normalizer.resyncRequests(now[0]).isEmpty());

        out = normalizer.apply(binanceDelta(105, 106, levels(6_500_020, 1), levels())); // 102..104 lost
        Status resyncing = of(out, "BTCUSDT@binance", Status.class).get(0);
        assertEquals(StatusState.RESYNCING, resyncing.state());
        assertEquals(StatusState.RESYNCING, of(out, "BTCUSDT", Status.class).get(0).state());
        assertEquals(List.of("BTCUSDT@binance"), normalizer.resyncRequests(now[0]));
        // Rate-limited: no second request within resyncMinIntervalMs, one after it.
        assertTrue(normalizer.resyncRequests(now[0] + 1_000).isEmpty());
        normalizer.apply(binanceDelta(107, 108, levels(), levels(6_500_090, 7)));
        assertEquals(List.of("BTCUSDT@binance"), normalizer.resyncRequests(now[0] + 2_000));

        out = normalizer.apply(snapshot("binance", 106, levels(6_500_020, 1, 6_500_000, 5), levels(6_500_100, 3)));
        assertEquals(StatusState.LIVE, of(out, "BTCUSDT@binance", Status.class).get(0).state());
        BookUpdate rebuilt = of(out, "BTCUSDT@binance", BookUpdate.class).get(0);
        assertEquals(levels(6_500_020, 1, 6_500_000, 5), rebuilt.bids());
        assertEquals(levels(6_500_090, 7, 6_500_100, 3), rebuilt.asks()); // the buffered 107..108 was bridged
        assertEquals(108, rebuilt.venueSeq());
        assertEquals(image.seq() + 2, rebuilt.seq(), "depth seq continues by exactly 1 per published image");
        assertTrue(normalizer.resyncRequests(now[0] + 10_000).isEmpty());
    }

    @Test
    void shouldConsolidateBestOfEachSideWithItsVenueAndDropStaleVenue() {
        normalizer.apply(quote("binance", 6_500_000, 6_500_300, 1));
        normalizer.apply(quote("okx", 6_500_100, 6_500_400, 2));
        List<Normalizer.Keyed> out = normalizer.apply(quote("kraken", 6_499_900, 6_500_200, 3));
        Quote best = of(out, "BTCUSDT", Quote.class).get(0);
        assertEquals(6_500_100, best.bidPrice());
        assertEquals("okx", best.bidVenue());
        assertEquals(6_500_200, best.askPrice());
        assertEquals("kraken", best.askVenue());
        assertEquals(Normalizer.CONSOLIDATED, best.venue());

        // okx falls silent; the others keep quoting. After the threshold okx is stale and leaves the view.
        now[0] += 20_000;
        normalizer.apply(quote("binance", 6_500_000, 6_500_300, 4));
        normalizer.apply(quote("kraken", 6_499_900, 6_500_200, 5));
        now[0] += 15_000;
        out = normalizer.check(now[0]);
        assertEquals(StatusState.STALE, of(out, "BTCUSDT@okx", Status.class).get(0).state());
        Quote without = of(out, "BTCUSDT", Quote.class).get(0);
        assertEquals(6_500_000, without.bidPrice());
        assertEquals("binance", without.bidVenue());
        assertEquals("kraken", without.askVenue());

        // okx quotes again: live, and back in the view.
        out = normalizer.apply(quote("okx", 6_500_150, 6_500_400, 6));
        assertEquals(StatusState.LIVE, of(out, "BTCUSDT@okx", Status.class).get(0).state());
        Quote back = of(out, "BTCUSDT", Quote.class).get(of(out, "BTCUSDT", Quote.class).size() - 1);
        assertEquals(6_500_150, back.bidPrice());
        assertEquals("okx", back.bidVenue());
    }

    @Test
    void shouldMergeDepthByPriceAcrossLiveVenuesAndDropResyncingVenue() {
        normalizer.apply(snapshot("okx", 10, levels(6_500_000, 100, 6_499_900, 50), levels(6_500_100, 30)));
        List<Normalizer.Keyed> out = normalizer.apply(snapshot("bybit", 20, levels(6_500_000, 25),
                levels(6_500_100, 5, 6_500_200, 7)));
        BookUpdate merged = of(out, "BTCUSDT", BookUpdate.class).get(0);
        assertEquals(Normalizer.CONSOLIDATED, merged.venue());
        assertEquals(levels(6_500_000, 125, 6_499_900, 50), merged.bids());
        assertEquals(levels(6_500_100, 35, 6_500_200, 7), merged.asks());
        assertEquals(List.of(new VenueDepth("okx", levels(6_500_000, 100, 6_499_900, 50), levels(6_500_100, 30)),
                new VenueDepth("bybit", levels(6_500_000, 25), levels(6_500_100, 5, 6_500_200, 7))),
                merged.venueDepths());

        // bybit skips u=21: it resyncs and leaves the merged book.
        out = normalizer.apply(new BookUpdate("BTCUSDT", "bybit", false, levels(6_500_010, 1), levels(), 2, 8, 0, 22,
                -1, BookUpdate.NO_CHECKSUM, 2, 2, 0));
        BookUpdate okxOnly = of(out, "BTCUSDT", BookUpdate.class).get(0);
        assertEquals("okx", okxOnly.venue());
        assertEquals(levels(6_500_000, 100, 6_499_900, 50), okxOnly.bids());
        assertEquals(merged.seq() + 1, okxOnly.seq());
    }

    @Test
    void shouldTakeAFreshlyNumberedSnapshotAfterReconnect() {
        normalizer.apply(snapshot("okx", 500, levels(6_500_000, 1), levels(6_500_100, 1)));
        normalizer.apply(new Status("BTCUSDT", "okx", StatusState.DISCONNECTED, "connection lost", 2, 2, 0));
        List<Normalizer.Keyed> out = normalizer.apply(new Status("BTCUSDT", "okx", StatusState.LIVE, "reconnected", 3,
                3, 0));
        assertEquals(StatusState.RESYNCING, of(out, "BTCUSDT@okx", Status.class).get(0).state());
        assertEquals(List.of("BTCUSDT@okx"), normalizer.resyncRequests(now[0]));
        out = normalizer.apply(snapshot("okx", 3, levels(6_400_000, 2), levels(6_400_100, 2)));
        assertEquals(StatusState.LIVE, of(out, "BTCUSDT@okx", Status.class).get(0).state());
        assertEquals(6_400_000, of(out, "BTCUSDT@okx", BookUpdate.class).get(0).bids().get(0).price());
    }

    @Test
    void shouldDropTheSameUnsequencedQuoteFromASecondConnector() {
        Quote q = quote("kraken", 6_500_000, 6_500_100, 7);
        assertEquals(2, normalizer.apply(q).size());
        assertTrue(normalizer.apply(q).isEmpty());
    }

    @Test
    void shouldDeliverEachTradeOnceWhenTheSameFeedIsIngestedTwice() {
        List<Trade> trades = List.of(
                new Trade("BTCUSDT", "binance", "9001", 6_500_000, 1, 2, 8, Side.BUY, 0, 1, 1, 0),
                new Trade("BTCUSDT", "binance", "9002", 6_500_010, 1, 2, 8, Side.SELL, 0, 2, 2, 0));
        List<Trade> published = new ArrayList<>();
        for (int copy = 0; copy < 2; copy++) { // primary and hot standby, interleaved
            for (Trade t : trades) {
                published.addAll(of(normalizer.apply(t), "BTCUSDT", Trade.class));
            }
        }
        assertEquals(List.of("9001", "9002"), published.stream().map(Trade::tradeId).collect(Collectors.toList()));
        assertEquals(published.get(0).seq() + 1, published.get(1).seq());
    }

    @Test
    void shouldPublishCloseAndOpenByCalendarAndNeverStaleWhileClosed() {
        // 09:00 New York on a Monday: US stocks closed at the first check.
        List<Normalizer.Keyed> out = normalizer.check(now[0]);
        Status closed = of(out, "AAPL.US", Status.class).get(0);
        assertEquals(StatusState.CLOSED, closed.state());
        assertEquals(StatusState.CLOSED, of(out, "AAPL.US@alltick", Status.class).get(0).state());
        assertTrue(of(out, "EURUSD", Status.class).isEmpty(), "FX is open: nothing to announce");
        assertNotNull(normalizer.snapshot("AAPL.US").status());

        // The connector's silence alarm is ignored while closed; checks over an hour bring no stale status.
        Status ingestStale = new Status("AAPL.US", "alltick", StatusState.STALE, "no data", 1, 1, 0);
        assertTrue(of(normalizer.apply(ingestStale), "AAPL.US", Status.class).isEmpty());
        for (int i = 0; i < 25; i++) { // 09:01 .. 09:25, still before the open
            now[0] += 60_000;
            assertTrue(normalizer.check(now[0]).isEmpty(), "no status while closed at step " + i);
        }
        now[0] = Instant.parse("2026-11-23T14:31:00Z").toEpochMilli(); // 09:31 New York: open
        out = normalizer.check(now[0]);
        assertEquals(StatusState.LIVE, of(out, "AAPL.US", Status.class).get(0).state());
        assertTrue(of(out, "AAPL.US", Status.class).get(0).reason().contains("open"));

        // Data, then silence while open: stale after the threshold, not before.
        normalizer.apply(new Quote("AAPL.US", "alltick", 23_000, 1, 23_001, 1, 0, 2, 0, 0, 1, 1, 0));
        now[0] += 29_000;
        assertTrue(normalizer.check(now[0]).isEmpty());
        now[0] += 2_000;
        assertEquals(StatusState.STALE, of(normalizer.check(now[0]), "AAPL.US@alltick", Status.class).get(0).state());

        // 16:00 close: closed status; still no stale alarm over the night.
        now[0] = Instant.parse("2026-11-23T21:00:00Z").toEpochMilli();
        assertEquals(StatusState.CLOSED, of(normalizer.check(now[0]), "AAPL.US", Status.class).get(0).state());
        now[0] += 3_600_000;
        assertTrue(normalizer.check(now[0]).isEmpty());
    }

    @Test
    void shouldAnnounceOutOfSessionDataOnceAndNotRemoveIt() {
        normalizer.check(now[0]);
        List<Normalizer.Keyed> out = normalizer.apply(new Quote("AAPL.US", "alltick", 23_000, 1, 23_001, 1, 0, 2, 0,
                0, 1, 1, 0));
        assertEquals(1, of(out, "AAPL.US", Quote.class).size(), "the demo simulator's data is still served");
        Status s = of(out, "AAPL.US", Status.class).get(0);
        assertEquals(StatusState.CLOSED, s.state());
        assertTrue(s.reason().contains("alwaysOpen"), s.reason());
        out = normalizer.apply(new Quote("AAPL.US", "alltick", 23_001, 1, 23_002, 1, 0, 2, 0, 0, 2, 2, 0));
        assertTrue(of(out, "AAPL.US", Status.class).isEmpty());
    }

    @Test
    void shouldNotOwnSessionsOfOtherPartitions() {
        Normalizer other = new Normalizer(TestInstruments.defaultRegistry(), 0, config, s -> false, () -> now[0]);
        assertTrue(other.check(now[0]).isEmpty());
        assertNull(other.snapshot("AAPL.US"));
        assertFalse(normalizer.check(now[0]).isEmpty());
    }

    @Test
    void shouldServeTheSessionStateOfAQuietViewAndContinueItsSeq() {
        Status fx = normalizer.snapshot("EURUSD").status();
        assertEquals(StatusState.LIVE, fx.state(), "FX is open on Monday 09:00 New York");
        assertTrue(fx.reason().contains("market open"), fx.reason());
        assertEquals("alltick", fx.venue());
        Status aapl = normalizer.snapshot("AAPL.US@alltick").status();
        assertEquals(StatusState.CLOSED, aapl.state(), "US stocks open at 09:30");
        assertNull(normalizer.snapshot("AAPL.US@okx"), "okx does not list AAPL");

        // The next published status follows the snapshot's seq by exactly 1.
        long before = normalizer.snapshot("EURUSD").status().seq();
        now[0] = Instant.parse("2026-11-27T22:00:00Z").toEpochMilli(); // Friday 17:00 New York: FX closes
        Status close = of(normalizer.check(now[0]), "EURUSD", Status.class).get(0);
        assertEquals(StatusState.CLOSED, close.state());
        assertEquals(before + 1, close.seq());
        assertEquals(close, normalizer.snapshot("EURUSD").status());
    }

    @Test
    void shouldSumUpEveryVenueInTheConsolidatedStatusSnapshot() {
        Status none = normalizer.snapshot("BTCUSDT").status();
        assertEquals(StatusState.LIVE, none.state());
        assertEquals(Normalizer.CONSOLIDATED, none.venue());
        assertTrue(none.venues().isEmpty(), "feeds start on demand: no venue is blamed before its first message");

        normalizer.apply(quote("binance", 6_500_000, 6_500_300, 1));
        normalizer.apply(quote("okx", 6_500_100, 6_500_400, 2));
        normalizer.apply(quote("kraken", 6_499_900, 6_500_200, 3));
        now[0] += 20_000;
        normalizer.apply(quote("binance", 6_500_000, 6_500_300, 4));
        normalizer.apply(quote("kraken", 6_499_900, 6_500_200, 5));
        now[0] += 15_000;
        Status okxStale = of(normalizer.check(now[0]), "BTCUSDT", Status.class).get(0);
        assertEquals("okx", okxStale.venue());

        Status all = normalizer.snapshot("BTCUSDT").status();
        assertEquals(Normalizer.CONSOLIDATED, all.venue());
        assertEquals(StatusState.LIVE, all.state());
        assertEquals("2 of 3 venues live: binance, kraken", all.reason());
        assertEquals(okxStale.seq(), all.seq(), "the snapshot stands where the live stream is");
        assertEquals(List.of("binance", "okx", "kraken"),
                all.venues().stream().map(VenueStatus::venue).collect(Collectors.toList()));
        assertEquals(List.of(StatusState.LIVE, StatusState.STALE, StatusState.LIVE),
                all.venues().stream().map(VenueStatus::state).collect(Collectors.toList()));
        assertTrue(all.venues().get(1).reason().contains("no data"), all.venues().get(1).reason());

        // Every venue down: the view is served in the most hopeful state among them, and says so.
        for (String v : List.of("binance", "kraken")) {
            normalizer.apply(new Status("BTCUSDT", v, StatusState.DISCONNECTED, "connection lost", 6, 6, 0));
        }
        Status down = normalizer.snapshot("BTCUSDT").status();
        assertEquals(StatusState.STALE, down.state());
        assertEquals("0 of 3 venues live", down.reason());
    }
}
