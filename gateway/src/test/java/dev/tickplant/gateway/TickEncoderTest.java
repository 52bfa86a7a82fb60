package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.model.Quote;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TickEncoderTest {
    private static final long T = 1_709_742_000_123_456_789L;

    private static Quote quote(long bid, long ask, long last, int priceScale) {
        return new Quote("EURUSD", "alltick", bid, 150, ask, 225, last, priceScale, 2, 9, T, T + 5, 42);
    }

    @Test
    void shouldRenderSeed003TickWithOurFieldsAtInstrumentPrecision() {
        String json = TickEncoder.encode(quote(108_500, 108_520, 0, 5), "EURUSD");
        assertEquals("{\"type\":\"tick\",\"symbol\":\"EURUSD\",\"bid\":1.08500,\"ask\":1.08520,"
                + "\"time\":1709742000123,\"seq\":42,\"bidSize\":1.50,\"askSize\":2.25,\"price\":1.08510,"
                + "\"last\":null,\"mid\":1.08510,\"venue\":\"alltick\"}", json);
    }

    @Test
    void shouldRenderTheVenueLastAndTheMidAsTheirOwnFields() {
        // An option whose last trade (1.942) is far from its mid: price is the last, the mid stays visible.
        String json = TickEncoder.encode(quote(3_3200, 3_3236, 1_9420, 4), "ETH-USD-C");
        assertTrue(json.contains("\"price\":1.9420,\"last\":1.9420,\"mid\":3.3218,"), json);
    }

    @Test
    void shouldBeValidJsonWithExactDecimals() {
        JsonObject json = new JsonObject(TickEncoder.encode(quote(238_542, 238_550, 238_545, 2), "XAUUSD"));
        assertEquals("tick", json.getString("type"));
        assertEquals(new BigDecimal("2385.42"), new BigDecimal(json.getValue("bid").toString()));
        assertEquals(new BigDecimal("2385.45"), new BigDecimal(json.getValue("price").toString()));
    }

    @Test
    void shouldUseLastPriceWhenKnown() {
        assertEquals(108_530, TickEncoder.price(quote(108_500, 108_520, 108_530, 5)));
    }

    @Test
    void shouldRoundOddMidHalfUpToPriceScale() {
        assertEquals(108_511, TickEncoder.price(quote(108_501, 108_520, 0, 5)));
        assertEquals(108_510, TickEncoder.price(quote(108_500, 108_519, 0, 5)));
    }

    @Test
    void shouldFlagAConsolidatedTickWhoseVenuesDisagree() {
        Quote crossed = new Quote("BTCUSDT", "consolidated", 6_500_150, 1, 6_500_100, 1, 0, 2, 6, 0, T, T, 7, "kraken",
                "okx", 0, true);
        String json = TickEncoder.encode(crossed, "BTCUSDT");
        assertTrue(json.endsWith(",\"bidVenue\":\"kraken\",\"askVenue\":\"okx\",\"crossed\":true}"), json);
        assertTrue(!TickEncoder.encode(quote(1, 2, 0, 5), "EURUSD").contains("crossed"), "only when crossed");
    }

    @Test
    void shouldRenderMissingSideAsNull() {
        JsonObject json = new JsonObject(TickEncoder.encode(quote(0, 108_520, 0, 5), "EURUSD"));
        assertNull(json.getValue("bid"));
        assertNull(json.getValue("bidSize"));
        assertNull(json.getValue("mid"), "no mid without both sides");
        assertNull(json.getValue("last"));
        assertEquals("1.0852", json.getValue("price").toString());
    }

    @Test
    void shouldUseTheClientSpellingAndEscapeIt() {
        String json = TickEncoder.encode(quote(1, 2, 0, 5), "00001.HK\"\\\n");
        assertEquals("00001.HK\"\\\n", new JsonObject(json).getString("symbol"));
    }

    @Test
    void shouldFallBackToReceiveTimeWithoutVenueTime() {
        Quote q = new Quote("EURUSD", "alltick", 1, 1, 2, 1, 0, 5, 2, 0, 0, 2_000_000L, 1);
        assertEquals(2L, new JsonObject(TickEncoder.encode(q, "EURUSD")).getLong("time"));
    }

    @Test
    void shouldEncodeBytesAsUtf8() {
        byte[] bytes = TickEncoder.encodeBytes(quote(1, 2, 0, 5), "é");
        assertEquals(TickEncoder.encode(quote(1, 2, 0, 5), "é"), new String(bytes, StandardCharsets.UTF_8));
    }
}
