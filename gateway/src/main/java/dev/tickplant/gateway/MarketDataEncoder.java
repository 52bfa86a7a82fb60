package dev.tickplant.gateway;

import dev.tickplant.common.decimal.FixedPoint;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Channel;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.model.VenueDepth;
import dev.tickplant.common.model.VenueStatus;
import dev.tickplant.common.time.Clocks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Renders the depth, trade, status and reset pushes (ticks: {@link TickEncoder}). Prices and sizes are JSON numbers
 * rendered from the mantissa at the instrument's scale; {@code time} is the venue time in epoch milliseconds.
 *
 * <pre>
 * {"type":"depth","symbol":"BTCUSDT","bids":[[65000.10,0.50000000],...],"asks":[[65000.20,1.20000000],...],
 *  "seq":42,"checksum":2710311238,"time":1709742000000,"venue":"consolidated","levels":10,
 *  "bidVenues":[{"okx":0.30000000,"bybit":0.20000000},...],"askVenues":[{"binance":1.20000000},...]}
 * {"type":"trade","symbol":"BTCUSDT","price":65000.10,"size":0.01000000,"side":"buy","venue":"binance",
 *  "tradeId":"12345","seq":7,"time":1709742000000}
 * {"type":"status","symbol":"AAPL.US","venue":"alltick","state":"closed","reason":"market closed ...","seq":3,
 *  "time":1709742000000}
 * {"type":"reset","symbol":"EURUSD","channel":"tick","seq":1234,"reason":"..."}
 * </pre>
 *
 * <p>A merged depth image whose best bid is above its best ask because its venues disagree adds
 * {@code "crossed":true}.
 *
 * <p>A merged (consolidated) depth image adds {@code bidVenues}/{@code askVenues}: for each level sent, in the
 * same order, the venues quoting that price and their sizes (summing to the level's size). Single-venue images do
 * not carry them.
 *
 * <p><b>Depth checksum.</b> CRC32 (the zlib / {@code java.util.zip.CRC32} polynomial) of the UTF-8 bytes of the
 * levels exactly as sent: each bid level as {@code price:size}, best first, joined by {@code |}, then {@code #}, then
 * the ask levels the same way. Numbers are the JSON texts of the message (instrument precision, trailing zeros
 * kept). Example: bids {@code [[100.50,2],[100.40,1]]}, asks {@code [[100.60,3]]} give the string
 * {@code 100.50:2|100.40:1#100.60:3}; the checksum is its CRC32 as an unsigned 32-bit decimal number. Empty book:
 * the string {@code #}.
 *
 * <p>Stateless and thread-safe.
 */
final class MarketDataEncoder {
    private MarketDataEncoder() {}

    /** A depth image cut to {@code levels} per side. */
    static String depth(BookUpdate book, String spelling, int levels) {
        StringBuilder sb = new StringBuilder(64 + 48 * levels);
        StringBuilder check = new StringBuilder(32 * levels);
        sb.append("{\"type\":\"depth\",\"symbol\":");
        TickEncoder.appendString(sb, spelling);
        sb.append(",\"bids\":");
        appendLevels(sb, check, book.bids(), levels, book.priceScale(), book.sizeScale());
        check.append('#');
        sb.append(",\"asks\":");
        appendLevels(sb, check, book.asks(), levels, book.priceScale(), book.sizeScale());
        sb.append(",\"seq\":").append(book.seq());
        sb.append(",\"checksum\":").append(checksum(check));
        sb.append(",\"time\":").append(millis(book.venueTsNanos(), book.recvTsNanos()));
        sb.append(",\"venue\":");
        TickEncoder.appendString(sb, book.venue());
        sb.append(",\"levels\":").append(levels);
        if (!book.venueDepths().isEmpty()) {
            sb.append(",\"bidVenues\":");
            appendBreakdown(sb, book.bids(), levels, book, true);
            sb.append(",\"askVenues\":");
            appendBreakdown(sb, book.asks(), levels, book, false);
        }
        if (book.crossed()) {
            sb.append(",\"crossed\":true");
        }
        return sb.append('}').toString();
    }

    /** Per merged level sent, the venues quoting that price and their sizes: {@code [{"okx":1.00,"bybit":0.25}]}. */
    private static void appendBreakdown(StringBuilder sb, List<BookLevel> side, int max, BookUpdate book,
            boolean bids) {
        sb.append('[');
        int n = Math.min(max, side.size());
        for (int i = 0; i < n; i++) {
            long price = side.get(i).price();
            if (i > 0) {
                sb.append(',');
            }
            sb.append('{');
            boolean first = true;
            for (VenueDepth d : book.venueDepths()) {
                for (BookLevel l : bids ? d.bids() : d.asks()) {
                    if (l.price() == price) {
                        if (!first) {
                            sb.append(',');
                        }
                        first = false;
                        TickEncoder.appendString(sb, d.venue());
                        sb.append(':');
                        FixedPoint.appendTo(sb, l.size(), book.sizeScale());
                        break;
                    }
                }
            }
            sb.append('}');
        }
        sb.append(']');
    }

    /** CRC32 of the checksum string, unsigned. */
    static long checksum(CharSequence levels) {
        CRC32 crc = new CRC32();
        crc.update(levels.toString().getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    private static void appendLevels(StringBuilder sb, StringBuilder check, List<BookLevel> side, int max,
            int priceScale, int sizeScale) {
        sb.append('[');
        int n = Math.min(max, side.size());
        for (int i = 0; i < n; i++) {
            BookLevel l = side.get(i);
            if (i > 0) {
                sb.append(',');
                check.append('|');
            }
            int start = sb.length() + 1;
            sb.append('[');
            FixedPoint.appendTo(sb, l.price(), priceScale);
            check.append(sb, start, sb.length()).append(':');
            sb.append(',');
            start = sb.length();
            FixedPoint.appendTo(sb, l.size(), sizeScale);
            check.append(sb, start, sb.length());
            sb.append(']');
        }
        sb.append(']');
    }

    static String trade(Trade t, String spelling) {
        StringBuilder sb = new StringBuilder(192);
        sb.append("{\"type\":\"trade\",\"symbol\":");
        TickEncoder.appendString(sb, spelling);
        sb.append(",\"price\":");
        FixedPoint.appendTo(sb, t.price(), t.priceScale());
        sb.append(",\"size\":");
        FixedPoint.appendTo(sb, t.size(), t.sizeScale());
        sb.append(",\"side\":\"").append(t.side().name().toLowerCase(java.util.Locale.ROOT)).append('"');
        sb.append(",\"venue\":");
        TickEncoder.appendString(sb, t.venue());
        sb.append(",\"tradeId\":");
        TickEncoder.appendString(sb, t.tradeId());
        sb.append(",\"seq\":").append(t.seq());
        sb.append(",\"time\":").append(millis(t.venueTsNanos(), t.recvTsNanos()));
        return sb.append('}').toString();
    }

    static String status(Status s, String spelling) {
        StringBuilder sb = new StringBuilder(192);
        sb.append("{\"type\":\"status\",\"symbol\":");
        TickEncoder.appendString(sb, spelling);
        sb.append(",\"venue\":");
        TickEncoder.appendString(sb, s.venue());
        sb.append(",\"state\":\"").append(s.state().wireName()).append('"');
        sb.append(",\"reason\":");
        TickEncoder.appendString(sb, s.reason());
        if (!s.venues().isEmpty()) {
            sb.append(",\"venues\":[");
            for (int i = 0; i < s.venues().size(); i++) {
                VenueStatus v = s.venues().get(i);
                sb.append(i == 0 ? "{\"venue\":" : ",{\"venue\":");
                TickEncoder.appendString(sb, v.venue());
                sb.append(",\"state\":\"").append(v.state().wireName()).append("\",\"reason\":");
                TickEncoder.appendString(sb, v.reason());
                sb.append('}');
            }
            sb.append(']');
        }
        sb.append(",\"seq\":").append(s.seq());
        sb.append(",\"time\":").append(millis(s.venueTsNanos(), s.recvTsNanos()));
        return sb.append('}').toString();
    }

    /**
     * The sequence of one (channel, symbol) restarts: the next message of that channel carries {@code seq} and is a
     * fresh snapshot, so the client must not treat the jump as lost data (nor wait for the missing numbers).
     */
    static String reset(Channel channel, String spelling, long nextSeq, String reason) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"type\":\"reset\",\"symbol\":");
        TickEncoder.appendString(sb, spelling);
        sb.append(",\"channel\":\"").append(channel.wireName()).append('"');
        sb.append(",\"seq\":").append(nextSeq);
        sb.append(",\"reason\":");
        TickEncoder.appendString(sb, reason);
        return sb.append('}').toString();
    }

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static long millis(long venueTsNanos, long recvTsNanos) {
        return Clocks.nanosToMillis(venueTsNanos != 0 ? venueTsNanos : recvTsNanos);
    }
}
