package dev.tickplant.ingest.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyntheticMarketTest {
    private final InstrumentRegistry registry = TestInstruments.defaultRegistry();

    @Test
    void shouldKeepEveryPriceOnTheTickGridAndTheBookUncrossed() {
        SyntheticMarket market = new SyntheticMarket(registry.all(), 1);
        for (Instrument i : registry.all()) {
            for (int n = 0; n < 2_000; n++) {
                SyntheticMarket.Book book = market.step(i.symbol(), SyntheticMarket.MAX_LEVELS);
                assertEquals(SyntheticMarket.MAX_LEVELS, book.bids().size());
                assertTrue(book.bestBid() < book.bestAsk(), i.symbol() + " crossed or locked: " + book);
                checkSide(i, book.bids(), true);
                checkSide(i, book.asks(), false);
            }
        }
    }

    private static void checkSide(Instrument i, List<BookLevel> levels, boolean bids) {
        long previous = bids ? Long.MAX_VALUE : 0;
        for (BookLevel l : levels) {
            assertTrue(l.price() > 0, i.symbol() + " non-positive price");
            assertEquals(0, l.price() % i.tickSize(), i.symbol() + " price " + l.price() + " off the tick grid");
            assertTrue(l.size() > 0, i.symbol() + " empty level");
            assertTrue(bids ? l.price() < previous : l.price() > previous, i.symbol() + " levels not sorted");
            previous = l.price();
        }
    }

    @Test
    void shouldStayNearTheReferencePrice() {
        SyntheticMarket market = new SyntheticMarket(registry.all(), 2);
        for (Instrument i : registry.all()) {
            long bid = 0;
            for (int n = 0; n < 5_000; n++) {
                bid = market.step(i.symbol(), 1).bestBid();
            }
            double deviation = Math.abs((double) (bid - i.referencePrice()) / i.referencePrice());
            assertTrue(deviation < 0.2, i.symbol() + " drifted " + deviation);
        }
    }

    @Test
    void shouldUseTightSpreadsPerAssetClass() {
        SyntheticMarket market = new SyntheticMarket(registry.all(), 3);
        for (Instrument i : registry.all()) {
            for (int n = 0; n < 500; n++) {
                SyntheticMarket.Book book = market.step(i.symbol(), 1);
                long spreadTicks = (book.bestAsk() - book.bestBid()) / i.tickSize();
                double spreadBp = 10_000.0 * (book.bestAsk() - book.bestBid()) / book.bestBid();
                if (i.assetClass() == AssetClass.HK_STOCK || i.assetClass() == AssetClass.US_STOCK) {
                    assertTrue(spreadTicks >= 1 && spreadTicks <= 3, i.symbol() + " spread " + spreadTicks);
                } else {
                    assertTrue(spreadBp < 3, i.symbol() + " spread " + spreadBp + " bp");
                }
            }
        }
    }

    @Test
    void shouldTradeAtTheTouch() {
        SyntheticMarket market = new SyntheticMarket(registry.all(), 4);
        int trades = 0;
        for (int n = 0; n < 1_000; n++) {
            SyntheticMarket.Book book = market.step("XAUUSD", 1);
            Optional<SyntheticMarket.Print> print = market.maybeTrade("XAUUSD", 0.5);
            if (print.isPresent()) {
                trades++;
                SyntheticMarket.Print p = print.get();
                assertEquals(p.side() == Side.BUY ? book.bestAsk() : book.bestBid(), p.price());
                assertTrue(p.size() > 0);
            }
        }
        assertTrue(trades > 300 && trades < 700, "about half the steps trade: " + trades);
    }

    @Test
    void shouldBeReproducibleForASeed() {
        SyntheticMarket a = new SyntheticMarket(registry.all(), 99);
        SyntheticMarket b = new SyntheticMarket(registry.all(), 99);
        for (int n = 0; n < 100; n++) {
            assertEquals(a.step("BTCUSDT", 5), b.step("BTCUSDT", 5));
        }
    }
}
