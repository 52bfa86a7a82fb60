package dev.tickplant.ingest;

import dev.tickplant.common.decimal.FixedPoint;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Venue decimals as they arrive, for every venue parser and mapper: text ({@code "8476.98"}) or JSON numbers
 * ({@code 8476.98}), plain or in exponent form ({@code "1.5e-7"}, {@code 1.0E-4}), and the spellings venues use for
 * "nothing here" — an absent field, JSON null, {@code ""}, and on a quote side a zero price. Parsing ends in
 * {@link FixedPoint}'s exact mantissas; exponent form is expanded to plain digits first (a rare path, so the
 * {@link BigDecimal} it takes stays off the common one).
 *
 * <p>Stateless and thread-safe.
 */
public final class VenueDecimal {
    private VenueDecimal() {}

    /**
     * The decimal text of a JSON value: a string as sent, a number as its plain digits; null for an absent value,
     * JSON null and empty or blank text.
     *
     * @throws IllegalArgumentException for a value that is neither text nor a number (an object, an array, a boolean)
     */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s.isBlank() ? null : s.trim();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            // Double.toString is the shortest text that reads back as the same double: the venue's own digits.
            return new BigDecimal(value.toString()).toPlainString();
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).toPlainString();
        }
        throw new IllegalArgumentException("not a decimal: " + value);
    }

    /** True for text that carries no value: null or empty. */
    public static boolean absent(String text) {
        return text == null || text.isEmpty();
    }

    /**
     * A price exactly at {@code scale}.
     *
     * @throws NumberFormatException on absent or malformed text, a price off the scale's grid, or overflow
     */
    public static long price(String text, int scale) {
        return FixedPoint.parse(plain(text), scale);
    }

    /**
     * A size at {@code scale}, digits beyond it rounded half-up (venues send more precision than lot sizes).
     *
     * @throws NumberFormatException on absent or malformed text or overflow
     */
    public static long size(String text, int scale) {
        return FixedPoint.parseRounded(plain(text), scale);
    }

    /**
     * The price of one side of a quote, 0 when the side is empty: absent, empty text or a zero price (how venues
     * spell a side without orders). A present side must parse like {@link #price(String, int)}.
     */
    public static long sidePrice(String text, int scale) {
        if (absent(text)) {
            return 0;
        }
        long price = price(text, scale);
        return Math.max(price, 0);
    }

    /** The size of a quote side whose price is {@code sidePrice}: 0 for an empty side or absent size text. */
    public static long sideSize(long sidePrice, String text, int scale) {
        if (sidePrice <= 0 || absent(text)) {
            return 0;
        }
        return Math.max(size(text, scale), 0);
    }

    /** A last-trade price, 0 when the venue gives none (absent, empty or zero). */
    public static long lastPrice(String text, int scale) {
        return sidePrice(text, scale);
    }

    /** Plain decimal text: exponent form expanded, anything else as it is. */
    public static String plain(String text) {
        if (text == null) {
            throw new NumberFormatException("no decimal");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                return new BigDecimal(text).toPlainString();
            }
        }
        return text;
    }
}
