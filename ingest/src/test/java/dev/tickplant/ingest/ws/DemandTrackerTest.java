package dev.tickplant.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.model.Demand;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.testsupport.TestInstruments;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemandTrackerTest {
    private long now = 0;
    private final DemandTracker tracker = new DemandTracker(() -> now);

    @Test
    void shouldUnionTheLatestDemandOfEveryNode() {
        assertTrue(tracker.update(new Demand("gw1", Set.of("EURUSD", "AAPL.US"), 1_000)));
        assertTrue(tracker.update(new Demand("gw2", Set.of("EURUSD", "700.HK"), 1_000)));
        assertEquals(Set.of("EURUSD", "AAPL.US", "700.HK"), tracker.union());
        assertTrue(tracker.update(new Demand("gw1", Set.of("XAUUSD"), 1_000)), "replaces gw1's previous set");
        assertEquals(Set.of("EURUSD", "700.HK", "XAUUSD"), tracker.union());
        assertFalse(tracker.update(new Demand("gw2", Set.of("EURUSD", "700.HK"), 1_000)), "renewal is no change");
        assertEquals(2, tracker.nodes());
    }

    @Test
    void shouldDropANodeWhoseDemandExpired() {
        tracker.update(new Demand("gw1", Set.of("EURUSD"), 1_000));
        now = 500;
        tracker.update(new Demand("gw2", Set.of("XAUUSD"), 1_000));
        now = 999;
        assertFalse(tracker.expire());
        now = 1_000;
        assertTrue(tracker.expire());
        assertEquals(Set.of("XAUUSD"), tracker.union());
        now = 1_400;
        tracker.update(new Demand("gw2", Set.of("XAUUSD"), 1_000)); // renewed in time
        now = 2_000;
        assertFalse(tracker.expire());
        assertEquals(Set.of("XAUUSD"), tracker.union());
    }

    @Test
    void shouldNotReportChangeWhenExpiredSymbolsAreStillWantedElsewhere() {
        tracker.update(new Demand("gw1", Set.of("EURUSD"), 100));
        tracker.update(new Demand("gw2", Set.of("EURUSD"), 10_000));
        now = 200;
        assertFalse(tracker.expire());
        assertEquals(1, tracker.nodes());
    }

    @Test
    void shouldFilterUpstreamCodesToTheFeedsInstruments() {
        FeedUniverse fx = new FeedUniverse(TestInstruments.defaultRegistry(), "alltick",
                EnumSet.of(AssetClass.FX, AssetClass.METAL, AssetClass.CRYPTO));
        Set<String> codes = fx.codesFor(List.of("EURUSD", "AAPL.US", "BTCUSDT@binance", "XAUUSD@alltick",
                "NOPE", "ETHUSDT"));
        assertEquals(Set.of("EURUSD", "XAUUSD", "ETHUSDT"), codes);
        FeedUniverse stocks = new FeedUniverse(TestInstruments.defaultRegistry(), "alltick",
                EnumSet.of(AssetClass.US_STOCK, AssetClass.HK_STOCK));
        assertEquals(Set.of("AAPL.US", "700.HK"), stocks.codesFor(List.of("AAPL.US", "700.HK", "EURUSD")));
        assertEquals("700.HK", stocks.byCode("700.HK").symbol());
        assertEquals(null, stocks.byCode("EURUSD"));
    }
}
