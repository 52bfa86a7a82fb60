package dev.tickplant.common.symbol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.testsupport.TestInstruments;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstrumentRegistryTest {
    private final InstrumentRegistry registry = TestInstruments.defaultRegistry();

    @ParameterizedTest
    @CsvSource({
        "AAPL, AAPL.US", "aapl, AAPL.US", "AAPL.US, AAPL.US", "msft, MSFT.US",
        "700.HK, 700.HK", "00700.HK, 700.HK", "0700.HK, 700.HK", "HK-700, 700.HK", "hk-700, 700.HK",
        "00001.HK, 1.HK", "0001.HK, 1.HK", "1.HK, 1.HK", "HK-1, 1.HK", "00002.HK, 2.HK", "09988.HK, 9988.HK",
        "EURUSD, EURUSD", "eur/usd, EURUSD", "XAUUSD, XAUUSD", "gold, XAUUSD",
        "BTCUSDT, BTCUSDT", "BTC/USDT, BTCUSDT", "BTC-USDT, BTCUSDT", "btcusdt, BTCUSDT", "btc_usdt, BTCUSDT"
    })
    void shouldResolveEveryAcceptedSpelling(String spelling, String canonical) {
        SymbolResolution r = registry.resolve(spelling);
        SymbolResolution.Resolved resolved = assertInstanceOf(SymbolResolution.Resolved.class, r, r.toString());
        assertEquals(canonical, resolved.instrument().symbol());
        assertEquals(spelling, resolved.spelling());
        assertNull(resolved.venue());
    }

    @Test
    void shouldResolveVenueQualifiedSymbols() {
        SymbolResolution.Resolved r = assertInstanceOf(SymbolResolution.Resolved.class,
                registry.resolve("BTCUSDT@AllTick"));
        assertEquals("alltick", r.venue());
        assertEquals("BTCUSDT@alltick", r.key());
    }

    @Test
    void shouldRejectVenueThatDoesNotListTheSymbol() {
        SymbolResolution.Unknown u = assertInstanceOf(SymbolResolution.Unknown.class,
                registry.resolve("AAPL@nowhere"));
        assertTrue(u.message().contains("nowhere"), u.message());
        assertEquals("AAPL.US@alltick", u.suggestions().get(0));
    }

    @Test
    void shouldSuggestClosestSymbolsForUnknownSpelling() {
        SymbolResolution.Unknown u = assertInstanceOf(SymbolResolution.Unknown.class, registry.resolve("EURUSDD"));
        assertEquals("EURUSD", u.suggestions().get(0));
        assertTrue(u.message().contains("did you mean EURUSD"), u.message());
        SymbolResolution.Unknown apple = assertInstanceOf(SymbolResolution.Unknown.class, registry.resolve("APPL"));
        assertTrue(apple.suggestions().contains("AAPL.US"), apple.suggestions().toString());
    }

    @ParameterizedTest
    @CsvSource({"'  '", "700", "HK-", "XYZ123456789", "@binance"})
    void shouldNotResolveGarbage(String spelling) {
        assertInstanceOf(SymbolResolution.Unknown.class, registry.resolve(spelling));
    }

    @Test
    void shouldLookUpByVenueCode() {
        assertEquals("700.HK", registry.byVenueCode("alltick", "700.HK").symbol());
        assertNull(registry.byVenueCode("alltick", "NOPE"));
        assertNull(registry.byVenueCode("nowhere", "700.HK"));
    }

    @Test
    void shouldCarryScalesAndSessions() {
        Instrument eur = registry.bySymbol("EURUSD");
        assertEquals(5, eur.priceScale());
        assertEquals(AssetClass.FX, eur.assetClass());
        Instrument aapl = registry.bySymbol("AAPL.US");
        // Friday 2026-11-20 15:00 New York is open; Saturday is closed; Thanksgiving is a holiday.
        assertTrue(aapl.calendar().isOpen(Instant.parse("2026-11-20T20:00:00Z")));
        assertTrue(!aapl.calendar().isOpen(Instant.parse("2026-11-21T15:00:00Z")));
        assertTrue(!aapl.calendar().isOpen(Instant.parse("2026-11-26T16:00:00Z")));
        Instrument tencent = registry.bySymbol("700.HK");
        // 12:30 Hong Kong is the lunch break.
        assertTrue(!tencent.calendar().isOpen(Instant.parse("2026-11-20T04:30:00Z")));
        assertTrue(tencent.calendar().isOpen(Instant.parse("2026-11-20T05:30:00Z")));
        // FX: Sunday 17:30 New York open, Saturday closed.
        assertTrue(eur.calendar().isOpen(Instant.parse("2026-11-22T22:30:00Z")));
        assertTrue(!eur.calendar().isOpen(Instant.parse("2026-11-21T12:00:00Z")));
        assertTrue(registry.bySymbol("BTCUSDT").calendar().alwaysOpen());
    }

    @Test
    void shouldHaveTheWholeDefaultUniverse() {
        for (String s : new String[] {"AAPL.US", "MSFT.US", "UNH.US", "NVDA.US", "TSLA.US", "AMZN.US", "700.HK",
            "1.HK", "2.HK", "5.HK", "9988.HK", "EURUSD", "GBPUSD", "USDJPY", "AUDUSD", "USDCHF", "USDCAD", "AUDCHF",
            "NZDUSD", "XAUUSD", "XAGUSD", "BTCUSDT", "ETHUSDT"}) {
            assertTrue(registry.bySymbol(s) != null, s);
        }
    }

    @Test
    void shouldRejectInvalidRegistryDocuments() {
        assertThrows(IllegalArgumentException.class, () -> InstrumentRegistry.fromJson(new JsonObject()));
        JsonObject bad = new JsonObject("{\"instruments\":[{\"symbol\":\"X\",\"assetClass\":\"fx\",\"priceScale\":2,"
                + "\"referencePrice\":\"1.234\",\"venues\":{\"a\":\"X\"}}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InstrumentRegistry.fromJson(bad));
        assertTrue(e.getMessage().contains("(X)"), e.getMessage());
    }
}
