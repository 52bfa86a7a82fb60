package dev.tickplant.gateway;

import dev.tickplant.common.decimal.FixedPoint;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.time.Clocks;
import java.nio.charset.StandardCharsets;

/**
 * Renders a {@link Quote} as seed 003's {@code tick} message plus our fields:
 *
 * <pre>{"type":"tick","symbol":"EURUSD","bid":1.08500,"ask":1.08520,"time":1709742000000,"seq":42,
 *  "bidSize":1.00,"askSize":2.50,"price":1.08510,"last":null,"mid":1.08510,"venue":"alltick"}</pre>
 *
 * <p>A consolidated tick (best bid and best ask from different venues) says {@code "venue":"consolidated"} and adds
 * {@code "bidVenue"} and {@code "askVenue"}; a single-venue tick leaves them out. A consolidated tick whose best bid
 * is above its best ask because the venues disagree adds {@code "crossed":true}.
 *
 * <ul>
 *   <li>Prices and sizes are JSON numbers rendered from the mantissa at the quote's scale, never via {@code double}.
 *   <li>A missing side (price 0) is {@code null}.
 *   <li>{@code price} is the last trade price; without one it is the mid, rounded half-up to the instrument's price
 *       scale so every price of a symbol has the same precision; one-sided, it is the present side.
 *   <li>{@code last} is the venue's last trade price (null when unknown), {@code mid} the mid rounded half-up
 *       (null unless both sides are present).
 *   <li>{@code time} is the venue time in epoch milliseconds (the receive time when the venue gave none).
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class TickEncoder {
    private TickEncoder() {}

    /** The tick as UTF-8 bytes, for writing the same frame payload to many sessions. */
    static byte[] encodeBytes(Quote q, String spelling) {
        return encode(q, spelling).getBytes(StandardCharsets.UTF_8);
    }

    static String encode(Quote q, String spelling) {
        StringBuilder sb = new StringBuilder(192);
        sb.append("{\"type\":\"tick\",\"symbol\":");
        appendString(sb, spelling);
        sb.append(",\"bid\":");
        appendPrice(sb, q.bidPrice(), q.priceScale());
        sb.append(",\"ask\":");
        appendPrice(sb, q.askPrice(), q.priceScale());
        long timeNanos = q.venueTsNanos() != 0 ? q.venueTsNanos() : q.recvTsNanos();
        sb.append(",\"time\":").append(Clocks.nanosToMillis(timeNanos));
        sb.append(",\"seq\":").append(q.seq());
        sb.append(",\"bidSize\":");
        appendSize(sb, q.bidPrice(), q.bidSize(), q.sizeScale());
        sb.append(",\"askSize\":");
        appendSize(sb, q.askPrice(), q.askSize(), q.sizeScale());
        sb.append(",\"price\":");
        appendPrice(sb, price(q), q.priceScale());
        sb.append(",\"last\":");
        appendPrice(sb, q.lastPrice(), q.priceScale());
        sb.append(",\"mid\":");
        appendPrice(sb, q.midPrice(), q.priceScale());
        sb.append(",\"venue\":");
        appendString(sb, q.venue());
        if (!q.bidVenue().equals(q.venue()) || !q.askVenue().equals(q.venue())) {
            // A consolidated tick: each side names the venue it comes from.
            sb.append(",\"bidVenue\":");
            appendString(sb, q.bidVenue());
            sb.append(",\"askVenue\":");
            appendString(sb, q.askVenue());
        }
        if (q.crossed()) {
            sb.append(",\"crossed\":true");
        }
        return sb.append('}').toString();
    }

    /** Last trade price, else the mid rounded half-up to the price scale, else whichever side exists (0 = none). */
    static long price(Quote q) {
        if (q.lastPrice() > 0) {
            return q.lastPrice();
        }
        if (q.twoSided()) {
            return q.midPrice();
        }
        return Math.max(q.bidPrice(), q.askPrice());
    }

    private static void appendPrice(StringBuilder sb, long mantissa, int scale) {
        if (mantissa <= 0) {
            sb.append("null");
        } else {
            FixedPoint.appendTo(sb, mantissa, scale);
        }
    }

    private static void appendSize(StringBuilder sb, long price, long size, int scale) {
        if (price <= 0) {
            sb.append("null");
        } else {
            FixedPoint.appendTo(sb, size, scale);
        }
    }

    /** JSON string literal; the spelling is client input, so it is escaped. */
    static void appendString(StringBuilder sb, String s) {
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
