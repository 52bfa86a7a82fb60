package dev.tickplant.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VenueDecimalTest {
    static Stream<Arguments> validPrices() {
        return Stream.of(
                Arguments.of("8476.98", 2, 847698L),
                Arguments.of("8477", 2, 847700L),
                Arguments.of("1.5e-7", 8, 15L),
                Arguments.of("1.0E-4", 4, 1L),
                Arguments.of("2.5E+3", 1, 25000L),
                Arguments.of("0.00000000", 8, 0L));
    }

    @ParameterizedTest
    @MethodSource("validPrices")
    void shouldParsePlainAndExponentText(String text, int scale, long expected) {
        assertEquals(expected, VenueDecimal.price(text, scale));
    }

    @Test
    void shouldRejectMalformedOrOffGridPrices() {
        assertThrows(NumberFormatException.class, () -> VenueDecimal.price("", 2));
        assertThrows(NumberFormatException.class, () -> VenueDecimal.price(null, 2));
        assertThrows(NumberFormatException.class, () -> VenueDecimal.price("12.345", 2));
        assertThrows(NumberFormatException.class, () -> VenueDecimal.price("1e", 2));
        assertThrows(NumberFormatException.class, () -> VenueDecimal.price("abc", 2));
    }

    @Test
    void shouldTakeJsonNumbersAsTheirDigits() {
        JsonObject json = new JsonObject("{\"a\":8476.98,\"b\":1.0E-5,\"c\":42,\"d\":123456789012345678901234567890,"
                + "\"e\":\"0.1\",\"f\":\"\",\"g\":null,\"h\":\" \"}");
        assertEquals("8476.98", VenueDecimal.text(json.getValue("a")));
        assertEquals("0.000010", VenueDecimal.text(json.getValue("b")));
        assertEquals("42", VenueDecimal.text(json.getValue("c")));
        assertEquals("123456789012345678901234567890", VenueDecimal.text(json.getValue("d")));
        assertEquals("0.1", VenueDecimal.text(json.getValue("e")));
        assertNull(VenueDecimal.text(json.getValue("f")));
        assertNull(VenueDecimal.text(json.getValue("g")));
        assertNull(VenueDecimal.text(json.getValue("h")));
        assertNull(VenueDecimal.text(json.getValue("missing")));
        assertEquals("1.50", VenueDecimal.text(new BigDecimal("1.50")));
        assertEquals("7", VenueDecimal.text(BigInteger.valueOf(7)));
        assertThrows(IllegalArgumentException.class, () -> VenueDecimal.text(true));
    }

    @Test
    void shouldTreatAbsentEmptyAndZeroSidesAsEmpty() {
        assertEquals(0, VenueDecimal.sidePrice(null, 2));
        assertEquals(0, VenueDecimal.sidePrice("", 2));
        assertEquals(0, VenueDecimal.sidePrice("0", 2));
        assertEquals(0, VenueDecimal.sidePrice("0.00", 2));
        assertEquals(12345, VenueDecimal.sidePrice("123.45", 2));
        assertEquals(0, VenueDecimal.sideSize(0, "5", 3), "no size without a price");
        assertEquals(0, VenueDecimal.sideSize(12345, "", 3));
        assertEquals(5000, VenueDecimal.sideSize(12345, "5", 3));
        assertEquals(1, VenueDecimal.sideSize(12345, "0.0005", 3), "sizes round half-up");
        assertThrows(NumberFormatException.class, () -> VenueDecimal.sidePrice("x", 2));
    }
}
