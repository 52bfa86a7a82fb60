package dev.tickplant.ingest;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * Decimal and id fields of a venue's JSON message, read the same way by every parser: decimals through
 * {@link VenueDecimal} (text or JSON numbers; absent, null and {@code ""} mean "not given"), ids of any length as
 * their text. A field that is required but missing, or not a decimal, is reported with the calling parser's own
 * exception ({@code bad} turns a message into it), so each parser keeps its own error handling.
 *
 * <p>Stateless and thread-safe.
 */
public final class VenueFields {
    private VenueFields() {}

    /** A required decimal field's text. */
    public static String decimal(JsonObject json, String key, Function<String, ? extends RuntimeException> bad) {
        String text = optDecimal(json, key, bad);
        if (text == null) {
            throw bad.apply("missing decimal field " + key);
        }
        return text;
    }

    /** An optional decimal field's text, or null when it is absent, JSON null or {@code ""}. */
    public static String optDecimal(JsonObject json, String key, Function<String, ? extends RuntimeException> bad) {
        return decimalText(json.getValue(key), key, bad);
    }

    /** A book level's price or size (an array element), which must be there. */
    public static String levelDecimal(Object value, String key, Function<String, ? extends RuntimeException> bad) {
        String text = decimalText(value, key, bad);
        if (text == null) {
            throw bad.apply("level of " + key + " has no decimal");
        }
        return text;
    }

    /** An id of any size as its text, from JSON text or a number (ids longer than 64 bits stay exact as text). */
    public static String id(JsonObject json, String key, Function<String, ? extends RuntimeException> bad) {
        Object v = json.getValue(key);
        if (v instanceof String s && !s.isEmpty()) {
            return s;
        }
        if (v instanceof Number) {
            return v.toString();
        }
        throw bad.apply("missing id field " + key);
    }

    /** A decimal value (a field's or an array element's) as text, or null when it is absent, null or {@code ""}. */
    public static String decimalText(Object value, String key, Function<String, ? extends RuntimeException> bad) {
        try {
            return VenueDecimal.text(value);
        } catch (IllegalArgumentException e) {
            throw bad.apply(key + " is not a decimal");
        }
    }
}
