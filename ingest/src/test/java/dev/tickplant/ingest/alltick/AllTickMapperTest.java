package dev.tickplant.ingest.alltick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.alltick.AllTickFrames.DepthPush;
import dev.tickplant.ingest.alltick.AllTickFrames.Level;
import dev.tickplant.ingest.alltick.AllTickFrames.TradePush;
import dev.tickplant.ingest.alltick.AllTickMapper.Mapped;
import dev.tickplant.ingest.ws.FeedUniverse;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllTickMapperTest {
    private static final long RECV = 1_700_000_000_123_456_789L;
    private final FeedUniverse stocks = new FeedUniverse(TestInstruments.defaultRegistry(), "alltick",
            EnumSet.of(AssetClass.US_STOCK, AssetClass.HK_STOCK));
    private final FeedUniverse fx = new FeedUniverse(TestInstruments.defaultRegistry(), "alltick",
            EnumSet.of(AssetClass.FX, AssetClass.METAL, AssetClass.CRYPTO));

    @Test
    void shouldMapDepthPushToBookSnapshotAndQuote() {
        AllTickMapper mapper = new AllTickMapper(stocks, 2);
        DepthPush push = new DepthPush("700.HK", "30842500", 1_677_830_357_227L,
                List.of(new Level("410.200", "4000"), new Level("410.000", "2300"), new Level("409.800", "100")),
                List.of(new Level("410.400", "1200")));

        Mapped.Ok ok = assertInstanceOf(Mapped.Ok.class, mapper.map(push, RECV));

        assertEquals(2, ok.events().size());
        BookUpdate book = assertInstanceOf(BookUpdate.class, ok.events().get(0));
        assertEquals("700.HK", book.symbol());
        assertEquals("alltick", book.venue());
        assertEquals(true, book.snapshot());
        assertEquals(List.of(new BookLevel(410_200, 4000), new BookLevel(410_000, 2300)), book.bids());
        assertEquals(List.of(new BookLevel(410_400, 1200)), book.asks());
        assertEquals(3, book.priceScale());
        assertEquals(0, book.sizeScale());
        assertEquals(30_842_500L, book.venueSeq());
        assertEquals(1_677_830_357_227_000_000L, book.venueTsNanos());
        assertEquals(RECV, book.recvTsNanos());
        assertEquals(0, book.seq());
        Quote quote = assertInstanceOf(Quote.class, ok.events().get(1));
        assertEquals(new Quote("700.HK", "alltick", 410_200, 4000, 410_400, 1200, 0, 3, 0, 30_842_500L,
                1_677_830_357_227_000_000L, RECV, 0), quote);
    }

    @Test
    void shouldMapFxDepthAtInstrumentScale() {
        AllTickMapper mapper = new AllTickMapper(fx, 5);
        DepthPush push = new DepthPush("EURUSD", "9", 1_000L, List.of(new Level("1.08500", "1000000")),
                List.of(new Level("1.0851", "2000000.5")));

        Mapped.Ok ok = assertInstanceOf(Mapped.Ok.class, mapper.map(push, RECV));

        Quote quote = assertInstanceOf(Quote.class, ok.events().get(1));
        assertEquals("EURUSD", quote.symbol());
        assertEquals(108_500, quote.bidPrice());
        assertEquals(108_510, quote.askPrice());
        assertEquals(100_000_000L, quote.bidSize());
        assertEquals(200_000_050L, quote.askSize());
        assertEquals(5, quote.priceScale());
        assertEquals(2, quote.sizeScale());
    }

    @Test
    void shouldMapTradePushWithDirection() {
        AllTickMapper mapper = new AllTickMapper(fx, 5);
        TradePush push = new TradePush("BTCUSDT", "77", 1_605_509_068_000L, "65000.12", "0.0015", "97.50", 2);

        Mapped.Ok ok = assertInstanceOf(Mapped.Ok.class, mapper.map(push, RECV));

        assertEquals(List.of(new Trade("BTCUSDT", "alltick", "77", 6_500_012, 150_000, 2, 8, Side.SELL, 77,
                1_605_509_068_000_000_000L, RECV, 0)), ok.events());
    }

    @Test
    void shouldTreatUnknownDirectionAsUnknownSide() {
        AllTickMapper mapper = new AllTickMapper(stocks, 5);
        TradePush push = new TradePush("AAPL.US", "1", 0, "230.01", "100", "23001", 0);
        Trade trade = (Trade) ((Mapped.Ok) mapper.map(push, RECV)).events().get(0);
        assertEquals(Side.UNKNOWN, trade.side());
        assertEquals(RECV, trade.venueTsNanos(), "missing tick_time falls back to receive time");
    }

    @Test
    void shouldRejectCodesOfOtherEndpointOrUnknown() {
        AllTickMapper mapper = new AllTickMapper(stocks, 5);
        DepthPush eurusd = new DepthPush("EURUSD", "1", 1, List.of(new Level("1.08500", "1")), List.of());
        DepthPush nope = new DepthPush("NOPE.US", "1", 1, List.of(new Level("1.00", "1")), List.of());
        assertEquals(Reject.PARSE_UNKNOWN_SYMBOL, ((Mapped.Rejected) mapper.map(eurusd, RECV)).reason());
        assertEquals(Reject.PARSE_UNKNOWN_SYMBOL, ((Mapped.Rejected) mapper.map(nope, RECV)).reason());
    }

    @Test
    void shouldRejectPricesOffTheScaleAndZeroTradePrices() {
        AllTickMapper mapper = new AllTickMapper(stocks, 5);
        DepthPush offScale = new DepthPush("AAPL.US", "1", 1, List.of(new Level("230.001", "1")), List.of());
        DepthPush notDecimal = new DepthPush("AAPL.US", "1", 1, List.of(new Level("abc", "1")), List.of());
        DepthPush empty = new DepthPush("AAPL.US", "1", 1, List.of(), List.of());
        TradePush zero = new TradePush("AAPL.US", "1", 1, "0", "1", "0", 1);
        assertEquals(Reject.MAP_BAD_DECIMAL, ((Mapped.Rejected) mapper.map(offScale, RECV)).reason());
        assertEquals(Reject.MAP_BAD_DECIMAL, ((Mapped.Rejected) mapper.map(notDecimal, RECV)).reason());
        assertEquals(Reject.MAP_EMPTY, ((Mapped.Rejected) mapper.map(zero, RECV)).reason());
        // A book without any order is what the venue shows (a halted or closed market): passed on, not dropped.
        List<?> events = ((Mapped.Ok) mapper.map(empty, RECV)).events();
        assertEquals(List.of(), ((BookUpdate) events.get(0)).bids());
        assertEquals(0, ((Quote) events.get(1)).bidPrice() + ((Quote) events.get(1)).askPrice());
    }

    @Test
    void shouldMapPushesWithOptionalFieldsLeftOut() {
        AllTickMapper mapper = new AllTickMapper(stocks, 5);
        // No seq and no tick_time: no venue ordering and the receive time.
        DepthPush bare = new DepthPush("AAPL.US", "", 0, List.of(), List.of(new Level("230.01", "5")));
        Quote q = (Quote) ((Mapped.Ok) mapper.map(bare, RECV)).events().get(1);
        assertEquals(0, q.venueSeq());
        assertEquals(RECV, q.venueTsNanos());
        assertEquals(0, q.bidPrice());
        assertEquals(23_001, q.askPrice());
        TradePush noVolume = new TradePush("AAPL.US", "123456789012345678901234", 0, "2.3001E2", "0", "0", 0);
        Trade t = (Trade) ((Mapped.Ok) mapper.map(noVolume, RECV)).events().get(0);
        assertEquals("123456789012345678901234", t.tradeId());
        assertEquals(23_001, t.price());
        assertEquals(RECV, t.venueTsNanos());
    }

    @Test
    void shouldQuoteOneSidedBookWithZeroOtherSide() {
        AllTickMapper mapper = new AllTickMapper(stocks, 5);
        DepthPush limitUp = new DepthPush("9988.HK", "1", 1, List.of(new Level("85.050", "100")), List.of());
        Quote quote = (Quote) ((Mapped.Ok) mapper.map(limitUp, RECV)).events().get(1);
        assertEquals(85_050, quote.bidPrice());
        assertEquals(0, quote.askPrice());
        assertEquals(0, quote.askSize());
    }
}
