package dev.tickplant.common.decimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FixedPointTest {

    @ParameterizedTest
    @CsvSource({
        "1.085, 5, 108500",
        "1.08500, 5, 108500",
        "2385.42, 2, 238542",
        "0, 2, 0",
        "-3, 0, -3",
        "+7.5, 1, 75",
        ".5, 1, 5",
        "150.000, 3, 150000",
        "9223372036854775807, 0, 9223372036854775807",
        "65000.10000000, 2, 6500010"
    })
    void shouldParseValidDecimalsExactly(String text, int scale, long expected) {
        assertEquals(expected, FixedPoint.parse(text, scale));
    }

    @ParameterizedTest
    @CsvSource({"'', 2", "abc, 2", "1.2.3, 2", "1.234, 2", "1e5, 2", "-, 2", "., 2", "99999999999999999999, 0", "'1 ', 2"})
    void shouldRejectMalformedOrImpreciseText(String text, int scale) {
        assertThrows(NumberFormatException.class, () -> FixedPoint.parse(text, scale));
    }

    @Test
    void shouldRejectOverflowWhenScaling() {
        assertThrows(NumberFormatException.class, () -> FixedPoint.parse("92233720368547758", 5));
    }

    @ParameterizedTest
    @CsvSource({"1.234, 2, 123", "1.235, 2, 124", "0.00049, 3, 0", "0.0005, 3, 1", "-1.235, 2, -124"})
    void shouldRoundHalfUpWhenAsked(String text, int scale, long expected) {
        assertEquals(expected, FixedPoint.parseRounded(text, scale));
    }

    @ParameterizedTest
    @CsvSource({"108500, 5, 1.08500", "238542, 2, 2385.42", "5, 3, 0.005", "-5, 3, -0.005", "42, 0, 42",
        "0, 2, 0.00"})
    void shouldRenderAtScale(long mantissa, int scale, String expected) {
        assertEquals(expected, FixedPoint.format(mantissa, scale));
    }

    @Test
    void shouldRescaleExactlyOrFail() {
        assertEquals(108500, FixedPoint.rescale(1085, 3, 5));
        assertEquals(1085, FixedPoint.rescale(108500, 5, 3));
        assertThrows(ArithmeticException.class, () -> FixedPoint.rescale(108501, 5, 3));
    }

    @Test
    void shouldRoundTripThroughText() {
        for (long m : new long[] {0, 1, 9, 10, 99_999, 123_456_789, Long.MAX_VALUE}) {
            for (int scale = 0; scale <= 8; scale++) {
                assertEquals(m, FixedPoint.parse(FixedPoint.format(m, scale), scale));
            }
        }
    }
}
