package dev.tickplant.ingest.kraken;

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
import dev.tickplant.ingest.kraken.KrakenFrames.Level;
import dev.tickplant.ingest.kraken.KrakenFrames.Ticker;
import dev.tickplant.ingest.ws.FeedUniverse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class KrakenMapperTest {
    private static final long RECV = 1_700_000_000_000_000_000L;
    private final KrakenMapper mapper = new KrakenMapper(
            new FeedUniverse(TestInstruments.defaultRegistry(), "kraken", EnumSet.allOf(AssetClass.class)));

    private static long nanos(String t) {
        Instant i = Instant.parse(t);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void shouldMapATickerToAQuoteOnTheCanonicalSymbol() {
        KrakenMapper.Mapped m = mapper.quote(new Ticker("BTC/USD", "45283.5", "0.10000000", "45285.2", "1.5",
                "45284.1", "2023-10-06T17:35:55.440295Z"), RECV);
        Quote q = (Quote) ((KrakenMapper.Mapped.Ok) m).event();
        assertEquals(new Quote("BTCUSD", "kraken", 4_528_350, 10_000_000, 4_528_520, 150_000_000, 4_528_410, 2, 8,
                0, nanos("2023-10-06T17:35:55.440295Z"), RECV, 0), q);
    }

    @Test
    void shouldMapAOneSidedTickerWithItsLast() {
        Quote askOnly = (Quote) ((KrakenMapper.Mapped.Ok) mapper.quote(new Ticker("BTC/USD", null, null, "45285.2",
                "1.5", "45284.1", null), RECV)).event();
        assertEquals(0, askOnly.bidPrice());
        assertEquals(0, askOnly.bidSize());
        assertEquals(4_528_520, askOnly.askPrice());
        assertEquals(4_528_410, askOnly.lastPrice());
        assertEquals(RECV, askOnly.lastTsNanos(), "no timestamp: the last is as of the receive time");
        Quote zeroBid = (Quote) ((KrakenMapper.Mapped.Ok) mapper.quote(new Ticker("BTC/USD", "0", "0", "45285.2",
                "1.5", null, null), RECV)).event();
        assertEquals(0, zeroBid.bidPrice());
        assertEquals(0, zeroBid.lastPrice());
        Trade noSide = (Trade) ((KrakenMapper.Mapped.Ok) mapper.trade(new KrakenFrames.Trade("ETH/EUR", null,
                "2.38542E3", "4e1", "123456789012345678901234", null), RECV)).event();
        assertEquals(Side.UNKNOWN, noSide.side());
        assertEquals(238_542, noSide.price());
        assertEquals("123456789012345678901234", noSide.tradeId());
        assertEquals(RECV, noSide.venueTsNanos());
    }

    @Test
    void shouldMapATradeKeepingItsIdAsText() {
        KrakenMapper.Mapped m = mapper.trade(new KrakenFrames.Trade("ETH/EUR", "sell", "2385.42", "40.0",
                "4665906", "2023-09-25T07:49:37.708706Z"), RECV);
        Trade t = (Trade) ((KrakenMapper.Mapped.Ok) m).event();
        assertEquals("ETHEUR", t.symbol());
        assertEquals("4665906", t.tradeId());
        assertEquals(238_542, t.price());
        assertEquals(4_000_000_000L, t.size());
        assertEquals(Side.SELL, t.side());
    }

    @Test
    void shouldMapBookLevelsWithTheVenueChecksum() {
        var btc = TestInstruments.defaultRegistry().byVenueCode("kraken", "BTC/USDT");
        KrakenMapper.Mapped m = mapper.book(btc, false, List.of(new Level("65000.1", "0")),
                List.of(new Level("65000.2", "0.123456789")), 42, null, RECV);
        BookUpdate u = (BookUpdate) ((KrakenMapper.Mapped.Ok) m).event();
        assertEquals("BTCUSDT", u.symbol());
        assertEquals(List.of(new BookLevel(6_500_010, 0)), u.bids());
        assertEquals(List.of(new BookLevel(6_500_020, 12_345_679)), u.asks());
        assertEquals(42, u.checksum());
        assertEquals(-1, u.prevVenueSeq());
        assertEquals(RECV, u.venueTsNanos());
    }

    @Test
    void shouldRejectUnknownSymbolsAndBadDecimals() {
        KrakenMapper.Mapped unknown = mapper.quote(new Ticker("DOGE/USD", "1", "1", "1", "1", null, null), RECV);
        assertEquals(Reject.PARSE_UNKNOWN_SYMBOL, ((KrakenMapper.Mapped.Rejected) unknown).reason());
        KrakenMapper.Mapped offGrid = mapper.quote(new Ticker("BTC/USD", "1.001", "1", "2", "1", null, null), RECV);
        assertInstanceOf(KrakenMapper.Mapped.Rejected.class, offGrid);
        assertEquals(Reject.MAP_BAD_DECIMAL, ((KrakenMapper.Mapped.Rejected) offGrid).reason());
    }
}
