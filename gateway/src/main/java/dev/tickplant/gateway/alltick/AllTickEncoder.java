package dev.tickplant.gateway.alltick;

import dev.tickplant.common.decimal.FixedPoint;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.time.Clocks;
import dev.tickplant.gateway.FeedEncoder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The pushes of the AllTick-compatible endpoint. Every value is a JSON string or number (never {@code true},
 * {@code false} or {@code null}: seed 001 parses pushes with Python's {@code eval}).
 *
 * <pre>
 * {"cmd_id":22999,"data":{"code":"700.HK","seq":"42","tick_time":"1709742000000",
 *   "bids":[{"price":"385.200","volume":"1200"}],"asks":[{"price":"385.400","volume":"800"}]}}
 * {"cmd_id":22998,"data":{"code":"AAPL.US","seq":"7","tick_time":"1709742000000","price":"189.50",
 *   "volume":"100","turnover":"18950.00","trade_direction":1}}
 * {"code":"EURUSD","bids":[[1.08500,100000]],"asks":[[1.08520,250000]],"timestamp":1709742000000,"seq":42}
 * </pre>
 *
 * <p>{@link #STANDARD}: AllTick's documented 22999 (depth) and 22998 (trade) pushes, prices and volumes as decimal
 * strings at the instrument's precision, {@code seq} our per-(channel, symbol) sequence as a string,
 * {@code tick_time} the venue time in epoch milliseconds as a string, {@code trade_direction} 0 unknown, 1 buy,
 * 2 sell, {@code turnover} price times volume. {@link #FLAT}: seed 002's depth shape, levels as
 * {@code [price, size]} numbers, {@code timestamp} in epoch milliseconds.
 */
enum AllTickEncoder implements FeedEncoder {
    /** AllTick's {@code {"cmd_id":22999|22998,"data":{...}}} pushes. */
    STANDARD {
        @Override
        public byte[] encode(MarketEvent event, String spelling, int levels) {
            if (event instanceof BookUpdate b) {
                return bytes(depth(b, spelling, levels));
            } else if (event instanceof Trade t) {
                return bytes(trade(t, spelling));
            }
            throw new IllegalArgumentException("no AllTick push for " + event.getClass().getSimpleName());
        }
    },
    /** Seed 002's flat depth push. */
    FLAT {
        @Override
        public byte[] encode(MarketEvent event, String spelling, int levels) {
            if (event instanceof BookUpdate b) {
                return bytes(flatDepth(b, spelling, levels));
            }
            throw new IllegalArgumentException("no flat push for " + event.getClass().getSimpleName());
        }
    };

    static String depth(BookUpdate book, String code, int levels) {
        StringBuilder sb = new StringBuilder(96 + 48 * levels);
        sb.append("{\"cmd_id\":").append(AllTickProtocol.CMD_PUSH_DEPTH).append(",\"data\":{\"code\":");
        appendString(sb, code);
        sb.append(",\"seq\":\"").append(book.seq()).append('"');
        sb.append(",\"tick_time\":\"").append(millis(book.venueTsNanos(), book.recvTsNanos())).append('"');
        sb.append(",\"bids\":");
        appendLevels(sb, book.bids(), levels, book.priceScale(), book.sizeScale());
        sb.append(",\"asks\":");
        appendLevels(sb, book.asks(), levels, book.priceScale(), book.sizeScale());
        return sb.append("}}").toString();
    }

    static String trade(Trade t, String code) {
        StringBuilder sb = new StringBuilder(192);
        sb.append("{\"cmd_id\":").append(AllTickProtocol.CMD_PUSH_TRADE).append(",\"data\":{\"code\":");
        appendString(sb, code);
        sb.append(",\"seq\":\"").append(t.seq()).append('"');
        sb.append(",\"tick_time\":\"").append(millis(t.venueTsNanos(), t.recvTsNanos())).append('"');
        sb.append(",\"price\":\"");
        FixedPoint.appendTo(sb, t.price(), t.priceScale());
        sb.append("\",\"volume\":\"");
        FixedPoint.appendTo(sb, t.size(), t.sizeScale());
        // BigDecimal only here, in rendering: price x size can exceed a long's mantissa.
        sb.append("\",\"turnover\":\"").append(BigDecimal.valueOf(t.price(), t.priceScale())
                .multiply(BigDecimal.valueOf(t.size(), t.sizeScale())).toPlainString());
        sb.append("\",\"trade_direction\":").append(direction(t.side()));
        return sb.append("}}").toString();
    }

    static String flatDepth(BookUpdate book, String code, int levels) {
        StringBuilder sb = new StringBuilder(96 + 32 * levels);
        sb.append("{\"code\":");
        appendString(sb, code);
        sb.append(",\"bids\":");
        appendPairs(sb, book.bids(), levels, book.priceScale(), book.sizeScale());
        sb.append(",\"asks\":");
        appendPairs(sb, book.asks(), levels, book.priceScale(), book.sizeScale());
        sb.append(",\"timestamp\":").append(millis(book.venueTsNanos(), book.recvTsNanos()));
        sb.append(",\"seq\":").append(book.seq());
        return sb.append('}').toString();
    }

    static int direction(Side side) {
        switch (side) {
            case BUY:
                return 1;
            case SELL:
                return 2;
            default:
                return 0;
        }
    }

    private static void appendLevels(StringBuilder sb, List<BookLevel> side, int max, int priceScale,
            int sizeScale) {
        sb.append('[');
        int n = Math.min(max, side.size());
        for (int i = 0; i < n; i++) {
            BookLevel l = side.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"price\":\"");
            FixedPoint.appendTo(sb, l.price(), priceScale);
            sb.append("\",\"volume\":\"");
            FixedPoint.appendTo(sb, l.size(), sizeScale);
            sb.append("\"}");
        }
        sb.append(']');
    }

    private static void appendPairs(StringBuilder sb, List<BookLevel> side, int max, int priceScale,
            int sizeScale) {
        sb.append('[');
        int n = Math.min(max, side.size());
        for (int i = 0; i < n; i++) {
            BookLevel l = side.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append('[');
            FixedPoint.appendTo(sb, l.price(), priceScale);
            sb.append(',');
            FixedPoint.appendTo(sb, l.size(), sizeScale);
            sb.append(']');
        }
        sb.append(']');
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    private static long millis(long venueTsNanos, long recvTsNanos) {
        return Clocks.nanosToMillis(venueTsNanos != 0 ? venueTsNanos : recvTsNanos);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
