package dev.tickplant.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.testsupport.TestInstruments;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedUniverseTest {
    private final FeedUniverse htx = new FeedUniverse(TestInstruments.defaultRegistry(), "htx",
            EnumSet.allOf(AssetClass.class));

    @Test
    void shouldAcceptAnyNameOfTheVenueInWantedKeys() {
        assertEquals(Set.of("btcusdt", "ethusdt"), htx.codesForAnyVenueName(List.of("BTCUSDT"),
                List.of("ETHUSDT@huobi", "SOLUSDT@kraken", "EURUSD")));
    }

    @Test
    void shouldFindTheInstrumentOfAResyncRequestForThisVenueOnly() {
        assertEquals("btcusdt", htx.resyncTarget("BTCUSDT@huobi").codeOn("htx"));
        assertEquals("btcusdt", htx.resyncTarget("BTCUSDT@htx").codeOn("htx"));
        assertNull(htx.resyncTarget("BTCUSDT@kraken"));
        assertNull(htx.resyncTarget("BTCUSDT"));
        assertNull(htx.resyncTarget("EURUSD@htx"));
        assertNull(htx.resyncTarget(null));
    }
}
