package dev.tickplant.normalizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.symbol.SessionCalendar;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The last price of a tick is the venue's most recent last-trade price by venue time, whichever message carried it
 * (a ticker's last-price field or a trade); the consolidated view's is the most recent across its venues; one-sided
 * quotes are served as they are.
 */
class NormalizerLastPriceTest {
    private static final Instrument OPTION = new Instrument("ETH-USD-220624-20000-C", List.of(), AssetClass.CRYPTO,
            "ETH", Map.of("okx", "ETH-USD-220624-20000-C"), 4, 0, 1, "USD", 3_0000, SessionCalendar.ALWAYS_OPEN);
    private static final Instrument BTC = new Instrument("BTCUSDT", List.of(), AssetClass.CRYPTO, "BTC",
            Map.of("okx", "BTC-USDT", "kraken", "BTC/USDT"), 2, 6, 1, "USDT", 6_500_000, SessionCalendar.ALWAYS_OPEN);

    private final Normalizer normalizer = new Normalizer(new InstrumentRegistry(List.of(OPTION, BTC)), 0);

    private static Quote ticker(String symbol, String venue, long bid, long ask, long last, long ts) {
        return new Quote(symbol, venue, bid, bid == 0 ? 0 : 5, ask, ask == 0 ? 0 : 7, last, 4, 0, 0, ts, ts + 1, 0);
    }

    private static Trade trade(String symbol, String venue, String id, long price, long ts) {
        return new Trade(symbol, venue, id, price, 1, 4, 0, Side.BUY, 0, ts, ts + 1, 0);
    }

    private static Quote tick(List<Normalizer.Keyed> out, String key) {
        Quote found = null;
        for (Normalizer.Keyed k : out) {
            if (k.key().equals(key) && k.event() instanceof Quote q) {
                found = q;
            }
        }
        return found;
    }

    @Test
    void shouldKeepTheTickersLastInsteadOfFallingBackToTheMid() {
        String key = OPTION.symbol() + "@okx";
        Quote t = tick(normalizer.apply(ticker(OPTION.symbol(), "okx", 3_3200, 3_3236, 1_9420, 100)), key);
        assertEquals(1_9420, t.lastPrice());
        assertEquals(100, t.lastTsNanos());
        assertEquals(1_9420, normalizer.snapshot(OPTION.symbol()).tick().lastPrice(), "the REST view's last too");
        // A ticker without a last (a "" field) keeps the last known one.
        Quote next = tick(normalizer.apply(ticker(OPTION.symbol(), "okx", 3_3210, 3_3236, 0, 110)), key);
        assertEquals(1_9420, next.lastPrice());
    }

    @Test
    void shouldTakeTheNewestLastByVenueTimeFromTickersAndTrades() {
        String key = OPTION.symbol() + "@okx";
        normalizer.apply(ticker(OPTION.symbol(), "okx", 3_3200, 3_3236, 1_9420, 100));
        // A later trade moves the last and refreshes the tick with the same sides.
        List<Normalizer.Keyed> out = normalizer.apply(trade(OPTION.symbol(), "okx", "t1", 1_9500, 120));
        Quote refreshed = tick(out, key);
        assertEquals(1_9500, refreshed.lastPrice());
        assertEquals(3_3200, refreshed.bidPrice());
        assertEquals(1_9500, tick(out, OPTION.symbol()).lastPrice());
        // A trade older than what is known is published as a trade but leaves the last alone.
        List<Normalizer.Keyed> late = normalizer.apply(trade(OPTION.symbol(), "okx", "t0", 1_9300, 110));
        assertEquals(2, late.size(), "the two trade views, no tick");
        assertEquals(1_9500, normalizer.snapshot(key).tick().lastPrice());
        // A ticker whose last is older than the trade keeps the trade's price; a newer one wins.
        Quote lagging = tick(normalizer.apply(new Quote(OPTION.symbol(), "okx", 3_3100, 5, 3_3236, 7, 1_9420, 4, 0,
                0, 130, 131, 0, "okx", "okx", 115)), key);
        assertEquals(1_9500, lagging.lastPrice());
        assertEquals(3_3100, lagging.bidPrice());
        Quote newer = tick(normalizer.apply(ticker(OPTION.symbol(), "okx", 3_3100, 3_3236, 1_9600, 140)), key);
        assertEquals(1_9600, newer.lastPrice());
    }

    @Test
    void shouldNotRepublishATickForATradeAtTheSamePrice() {
        normalizer.apply(ticker(OPTION.symbol(), "okx", 3_3200, 3_3236, 1_9420, 100));
        List<Normalizer.Keyed> out = normalizer.apply(trade(OPTION.symbol(), "okx", "t1", 1_9420, 120));
        assertEquals(2, out.size(), "trades only: the last did not move");
        assertTrue(out.stream().allMatch(k -> k.event() instanceof Trade));
    }

    @Test
    void shouldServeTheMostRecentTradeAcrossVenuesAsTheConsolidatedLast() {
        normalizer.apply(new Quote(BTC.symbol(), "okx", 6_500_000, 1, 6_500_100, 1, 0, 2, 6, 0, 10, 11, 0));
        normalizer.apply(new Quote(BTC.symbol(), "kraken", 6_500_050, 1, 6_500_200, 1, 0, 2, 6, 0, 10, 11, 0));
        List<Normalizer.Keyed> out = normalizer.apply(new Trade(BTC.symbol(), "kraken", "k1", 6_500_060, 1, 2, 6,
                Side.SELL, 0, 30, 31, 0));
        assertEquals(6_500_060, tick(out, BTC.symbol()).lastPrice());
        normalizer.apply(new Trade(BTC.symbol(), "okx", "o1", 6_500_020, 1, 2, 6, Side.BUY, 0, 20, 21, 0));
        assertEquals(6_500_060, normalizer.snapshot(BTC.symbol()).tick().lastPrice(),
                "okx's trade is older than kraken's");
        assertEquals(6_500_020, normalizer.snapshot(BTC.symbol() + "@okx").tick().lastPrice(),
                "but it is okx's own last");
        normalizer.apply(new Trade(BTC.symbol(), "okx", "o2", 6_500_030, 1, 2, 6, Side.BUY, 0, 40, 41, 0));
        assertEquals(6_500_030, normalizer.snapshot(BTC.symbol()).tick().lastPrice());
    }

    @Test
    void shouldServeOneSidedQuotesInBothViews() {
        String key = OPTION.symbol() + "@okx";
        List<Normalizer.Keyed> out = normalizer.apply(ticker(OPTION.symbol(), "okx", 0, 3_3236, 1_9420, 100));
        Quote venue = tick(out, key);
        assertEquals(0, venue.bidPrice());
        assertEquals(3_3236, venue.askPrice());
        assertEquals(1_9420, venue.lastPrice());
        assertEquals(0, tick(out, OPTION.symbol()).bidPrice());
        Quote bidOnly = tick(normalizer.apply(ticker(OPTION.symbol(), "okx", 3_3200, 0, 0, 110)), key);
        assertEquals(3_3200, bidOnly.bidPrice());
        assertEquals(0, bidOnly.askPrice());
        // Two venues each with one side: the consolidated view has both, each from its venue.
        normalizer.apply(new Quote(BTC.symbol(), "okx", 6_500_000, 1, 0, 0, 0, 2, 6, 0, 10, 11, 0));
        Quote both = tick(normalizer.apply(new Quote(BTC.symbol(), "kraken", 0, 0, 6_500_200, 2, 0, 2, 6, 0, 10,
                11, 0)), BTC.symbol());
        assertEquals(6_500_000, both.bidPrice());
        assertEquals(6_500_200, both.askPrice());
        assertEquals("okx", both.bidVenue());
        assertEquals("kraken", both.askVenue());
    }
}
