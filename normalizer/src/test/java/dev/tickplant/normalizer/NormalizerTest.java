package dev.tickplant.normalizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.symbol.SessionCalendar;
import dev.tickplant.common.testsupport.TestInstruments;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NormalizerTest {
    private static final long BASE = 1_000_000;
    private final Normalizer normalizer = new Normalizer(TestInstruments.defaultRegistry(), BASE);

    private static Quote quote(String symbol, String venue, long bid, long ask, long venueSeq, long ts) {
        return new Quote(symbol, venue, bid, 10, ask, 20, 0, 5, 2, venueSeq, ts, ts + 1, 0);
    }

    private static Trade trade(String symbol, String venue, String id, long price) {
        return new Trade(symbol, venue, id, price, 5, 5, 2, Side.BUY, 0, 1, 2, 0);
    }

    @Test
    void shouldStampConsecutiveSeqPerViewStartingAboveBase() {
        List<Normalizer.Keyed> first = normalizer.apply(quote("EURUSD", "alltick", 108500, 108520, 1, 10));
        List<Normalizer.Keyed> second = normalizer.apply(quote("EURUSD", "alltick", 108510, 108530, 2, 20));
        assertEquals(List.of("EURUSD@alltick", "EURUSD"), first.stream().map(Normalizer.Keyed::key).toList());
        assertEquals(BASE + 1, first.get(1).event().seq());
        assertEquals(BASE + 2, second.get(1).event().seq());
        assertEquals(BASE + 2, second.get(0).event().seq());
    }

    @Test
    void shouldDropDuplicateAndOutOfOrderQuotes() {
        normalizer.apply(quote("EURUSD", "alltick", 108500, 108520, 5, 10));
        assertTrue(normalizer.apply(quote("EURUSD", "alltick", 108500, 108520, 5, 10)).isEmpty());
        assertTrue(normalizer.apply(quote("EURUSD", "alltick", 108400, 108420, 4, 11)).isEmpty());
        // Without venue sequence numbers, venue time decides.
        normalizer.apply(quote("GBPUSD", "alltick", 127000, 127020, 0, 100));
        assertTrue(normalizer.apply(quote("GBPUSD", "alltick", 127000, 127020, 0, 99)).isEmpty());
        assertEquals(2, normalizer.apply(quote("GBPUSD", "alltick", 127010, 127030, 0, 100)).size());
        assertEquals(3, normalizer.droppedCount());
    }

    @Test
    void shouldDropCrossedQuotes() {
        assertTrue(normalizer.apply(quote("EURUSD", "alltick", 108530, 108520, 1, 10)).isEmpty());
    }

    @Test
    void shouldPublishEachTradeOnceAndCarryLastPriceIntoTicks() {
        assertEquals(2, normalizer.apply(trade("EURUSD", "alltick", "t1", 108512)).size());
        assertTrue(normalizer.apply(trade("EURUSD", "alltick", "t1", 108512)).isEmpty());
        Quote tick = (Quote) normalizer.apply(quote("EURUSD", "alltick", 108500, 108520, 1, 10)).get(1).event();
        assertEquals(108512, tick.lastPrice());
        assertEquals(BASE + 1, normalizer.snapshot("EURUSD").lastTrade().seq());
    }

    @Test
    void shouldServeLatestStateAsSnapshot() {
        assertNull(normalizer.snapshot("EURUSD").tick(), "no data yet: only the session state is known");
        assertNotNull(normalizer.snapshot("EURUSD").status());
        assertNull(normalizer.snapshot("NOSUCH"));
        normalizer.apply(quote("EURUSD", "alltick", 108500, 108520, 1, 10));
        normalizer.apply(quote("EURUSD", "alltick", 108501, 108521, 2, 11));
        Quote tick = normalizer.snapshot("EURUSD").tick();
        assertEquals(108501, tick.bidPrice());
        assertEquals(BASE + 2, tick.seq());
        assertEquals(108501, normalizer.snapshot("EURUSD@alltick").tick().bidPrice());
    }

    @Test
    void shouldDropStaleBooksAndKeepLatest() {
        BookUpdate b1 = new BookUpdate("700.HK", "alltick", true, List.of(new BookLevel(410_000, 100)),
                List.of(new BookLevel(410_200, 100)), 3, 0, 0, 7, -1, BookUpdate.NO_CHECKSUM, 1, 2, 0);
        assertEquals(2, normalizer.apply(b1).size());
        assertTrue(normalizer.apply(b1).isEmpty());
        assertEquals(BASE + 1, normalizer.snapshot("700.HK").book().seq());
    }

    @Test
    void shouldPublishStatusOnlyOnChange() {
        Status down = new Status("EURUSD", "alltick", StatusState.DISCONNECTED, "connection lost", 1, 1, 0);
        assertEquals(2, normalizer.apply(down).size());
        assertTrue(normalizer.apply(down).isEmpty());
    }

    @Test
    void shouldConsolidateBestBidAndAskAcrossLiveVenues() {
        SessionCalendar always = SessionCalendar.ALWAYS_OPEN;
        Instrument btc = new Instrument("BTCUSDT", List.of(), AssetClass.CRYPTO, "BTC", Map.of("a", "BTCUSDT", "b",
                "btcusdt", "c", "BTC-USDT"), 2, 6, 1, "USDT", 6_500_000, always);
        Normalizer n = new Normalizer(new InstrumentRegistry(List.of(btc)), 0);
        n.apply(new Quote("BTCUSDT", "a", 100, 1, 110, 1, 0, 2, 6, 1, 1, 1, 0));
        n.apply(new Quote("BTCUSDT", "b", 102, 2, 112, 2, 0, 2, 6, 1, 1, 1, 0));
        List<Normalizer.Keyed> out = n.apply(new Quote("BTCUSDT", "c", 99, 3, 108, 3, 0, 2, 6, 1, 1, 1, 0));
        Quote best = (Quote) out.get(1).event();
        assertEquals(102, best.bidPrice());
        assertEquals(2, best.bidSize());
        assertEquals(108, best.askPrice());
        assertEquals(Normalizer.CONSOLIDATED, best.venue());
        // Venue b goes down: its bid leaves the consolidated view with the next update.
        n.apply(new Status("BTCUSDT", "b", StatusState.DISCONNECTED, "down", 1, 1, 0));
        Quote after = (Quote) n.apply(new Quote("BTCUSDT", "a", 101, 1, 110, 1, 0, 2, 6, 2, 2, 2, 0)).get(1).event();
        assertEquals(101, after.bidPrice());
        assertEquals(108, after.askPrice());
    }

    @Test
    void shouldIgnoreUnknownSymbols() {
        assertTrue(normalizer.apply(quote("NOPE", "alltick", 1, 2, 1, 1)).isEmpty());
    }

    @Test
    void shouldAnnounceAFailoverWhenANewConnectorTakesOverASilentFeed() {
        long[] now = {1_000};
        Normalizer n = new Normalizer(TestInstruments.defaultRegistry(), 0, NormalizerConfig.defaults(1), s -> true,
                () -> now[0]);
        n.apply(quote("EURUSD", "alltick", 108500, 108520, 1, 10), "alltick-fx@node-a");
        now[0] += 100;
        // A hot standby's batches interleave with the active connector's: no announcement.
        assertTrue(n.apply(quote("EURUSD", "alltick", 108501, 108521, 2, 11), "alltick-fx@node-b").stream()
                .noneMatch(k -> k.event() instanceof Status));
        now[0] += 50;
        n.apply(quote("EURUSD", "alltick", 108502, 108522, 3, 12), "alltick-fx@node-a");
        now[0] += 900; // node a died: nothing from it for 900 ms, then node b's connector delivers
        List<Normalizer.Keyed> out = n.apply(quote("EURUSD", "alltick", 108503, 108523, 4, 13), "alltick-fx@node-b");
        List<Status> statuses = out.stream().map(Normalizer.Keyed::event).filter(Status.class::isInstance)
                .map(Status.class::cast).toList();
        assertEquals(2, statuses.size(), out.toString()); // venue view and consolidated view
        assertTrue(statuses.get(0).reason().contains("failed over"), statuses.get(0).reason());
        assertTrue(out.stream().anyMatch(k -> k.event() instanceof Quote), "the quote itself still goes out");
        now[0] += 10;
        assertTrue(n.apply(quote("EURUSD", "alltick", 108504, 108524, 5, 14), "alltick-fx@node-b").stream()
                .noneMatch(k -> k.event() instanceof Status));
    }

    @Test
    void shouldKeepABoundedListOfRecentTradesForSnapshots() {
        for (int i = 1; i <= Normalizer.RECENT_TRADES + 5; i++) {
            normalizer.apply(trade("EURUSD", "alltick", "t" + i, 108_500 + i));
        }
        List<Trade> recent = normalizer.snapshot("EURUSD").recentTrades();
        assertEquals(Normalizer.RECENT_TRADES, recent.size());
        assertEquals("t6", recent.get(0).tradeId());
        assertEquals(normalizer.snapshot("EURUSD").lastTrade(), recent.get(recent.size() - 1));
        for (int i = 1; i < recent.size(); i++) {
            assertEquals(recent.get(i - 1).seq() + 1, recent.get(i).seq());
        }
        assertEquals(Normalizer.RECENT_TRADES, normalizer.snapshot("EURUSD@alltick").recentTrades().size());
    }
}
