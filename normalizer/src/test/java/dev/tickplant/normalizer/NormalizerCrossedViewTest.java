package dev.tickplant.normalizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.symbol.SessionCalendar;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A consolidated view whose venues disagree (one's bid above another's ask) is served flagged as crossed. */
class NormalizerCrossedViewTest {
    private static final Instrument BTC = new Instrument("BTCUSDT", List.of(), AssetClass.CRYPTO, "BTC",
            Map.of("okx", "BTC-USDT", "kraken", "BTC/USDT"), 2, 6, 1, "USDT", 6_500_000, SessionCalendar.ALWAYS_OPEN);

    private final Normalizer normalizer = new Normalizer(new InstrumentRegistry(List.of(BTC)), 0);

    private static Quote quote(String venue, long bid, long ask, long ts) {
        return new Quote(BTC.symbol(), venue, bid, 1, ask, 1, 0, 2, 6, 0, ts, ts, 0);
    }

    private static BookUpdate book(String venue, long bid, long ask, long ts) {
        return new BookUpdate(BTC.symbol(), venue, true, List.of(new BookLevel(bid, 1)), List.of(new BookLevel(ask, 1)),
                2, 6, 0, 0, -1, BookUpdate.NO_CHECKSUM, ts, ts, 0);
    }

    private static <T> T last(List<Normalizer.Keyed> out, String key, Class<T> type) {
        T found = null;
        for (Normalizer.Keyed k : out) {
            if (k.key().equals(key) && type.isInstance(k.event())) {
                found = type.cast(k.event());
            }
        }
        return found;
    }

    @Test
    void shouldFlagAConsolidatedTickWhoseVenuesDisagree() {
        normalizer.apply(quote("okx", 6_500_000, 6_500_100, 1));
        Quote apart = last(normalizer.apply(quote("kraken", 6_499_900, 6_500_200, 2)), BTC.symbol(), Quote.class);
        assertFalse(apart.crossed());
        // kraken's bid moves above okx's ask: the best bid (kraken) is above the best ask (okx).
        List<Normalizer.Keyed> out = normalizer.apply(quote("kraken", 6_500_150, 6_500_250, 3));
        Quote crossed = last(out, BTC.symbol(), Quote.class);
        assertTrue(crossed.crossed());
        assertEquals(6_500_150, crossed.bidPrice());
        assertEquals("kraken", crossed.bidVenue());
        assertEquals(6_500_100, crossed.askPrice());
        assertEquals("okx", crossed.askVenue());
        assertFalse(last(out, BTC.symbol() + "@kraken", Quote.class).crossed(), "a venue's own view never is");
        // A locked view (bid == ask) is not crossed; apart again, the flag goes.
        assertFalse(last(normalizer.apply(quote("kraken", 6_500_100, 6_500_250, 4)), BTC.symbol(), Quote.class)
                .crossed());
        assertFalse(last(normalizer.apply(quote("kraken", 6_499_000, 6_500_250, 5)), BTC.symbol(), Quote.class)
                .crossed());
    }

    @Test
    void shouldFlagAMergedBookWhoseVenuesDisagree() {
        normalizer.apply(book("okx", 6_500_000, 6_500_100, 1));
        BookUpdate apart = last(normalizer.apply(book("kraken", 6_499_900, 6_500_200, 2)), BTC.symbol(),
                BookUpdate.class);
        assertFalse(apart.crossed());
        List<Normalizer.Keyed> out = normalizer.apply(book("kraken", 6_500_150, 6_500_250, 3));
        BookUpdate merged = last(out, BTC.symbol(), BookUpdate.class);
        assertTrue(merged.crossed());
        assertEquals(6_500_150, merged.bids().get(0).price());
        assertEquals(6_500_100, merged.asks().get(0).price());
        assertFalse(last(out, BTC.symbol() + "@kraken", BookUpdate.class).crossed());
    }
}
