package dev.tickplant.gateway.rest;

import dev.tickplant.common.decimal.FixedPoint;

/**
 * A minimal streaming JSON writer for REST bodies. It exists because prices and sizes must appear as JSON numbers
 * with exactly the instrument's decimal places ({@code 1.08500}), rendered from the fixed-point mantissa: neither
 * {@code double} nor Jackson's {@code BigDecimal} output (which switches to {@code 1E-8} notation) keeps that
 * promise. Commas are inserted automatically; the caller is responsible for balanced begin/end calls.
 *
 * <p>Not thread-safe; one instance per response.
 */
final class JsonText {
    private final StringBuilder sb = new StringBuilder(256);
    /** True when the next value in the current container needs a leading comma. */
    private boolean needComma;

    JsonText beginObject() {
        comma();
        sb.append('{');
        needComma = false;
        return this;
    }

    JsonText endObject() {
        sb.append('}');
        needComma = true;
        return this;
    }

    JsonText beginArray() {
        comma();
        sb.append('[');
        needComma = false;
        return this;
    }

    JsonText endArray() {
        sb.append(']');
        needComma = true;
        return this;
    }

    /** An object member's name; the value call that follows writes no comma. */
    JsonText name(String name) {
        comma();
        appendString(name);
        sb.append(':');
        needComma = false;
        return this;
    }

    JsonText value(String s) {
        comma();
        if (s == null) {
            sb.append("null");
        } else {
            appendString(s);
        }
        needComma = true;
        return this;
    }

    JsonText value(long n) {
        comma();
        sb.append(n);
        needComma = true;
        return this;
    }

    JsonText value(boolean b) {
        comma();
        sb.append(b);
        needComma = true;
        return this;
    }

    JsonText nullValue() {
        comma();
        sb.append("null");
        needComma = true;
        return this;
    }

    /** A JSON number with exactly {@code scale} decimal places, from a fixed-point mantissa. */
    JsonText decimal(long mantissa, int scale) {
        comma();
        FixedPoint.appendTo(sb, mantissa, scale);
        needComma = true;
        return this;
    }

    /** Appends text that already is a JSON value (e.g. a number rendered elsewhere). */
    JsonText raw(CharSequence json) {
        comma();
        sb.append(json);
        needComma = true;
        return this;
    }

    JsonText field(String name, String value) {
        return name(name).value(value);
    }

    JsonText field(String name, long value) {
        return name(name).value(value);
    }

    JsonText field(String name, boolean value) {
        return name(name).value(value);
    }

    JsonText decimalField(String name, long mantissa, int scale) {
        return name(name).decimal(mantissa, scale);
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    private void comma() {
        if (needComma) {
            sb.append(',');
        }
    }

    /** JSON string literal with the escapes RFC 8259 requires (plus U+2028/U+2029 for embedding in scripts). */
    private void appendString(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
