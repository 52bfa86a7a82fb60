package dev.tickplant.ingest.htx;

import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.htx.HtxFrames.Inbound;
import dev.tickplant.ingest.htx.HtxFrames.Level;
import dev.tickplant.ingest.htx.HtxFrames.TradeItem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * HTX frame → {@link Inbound}: gunzips the binary frame, then reads the JSON keeping numbers as text. Expected
 * failures come back as {@link Parsed.Rejected}; the parser never throws on venue input.
 *
 * <p>Stateless and thread-safe.
 */
public final class HtxFrameParser {
    /** Largest decompressed frame accepted; protects against a gzip bomb. */
    public static final int MAX_TEXT_BYTES = 8 << 20;

    /** The outcome of parsing one frame. */
    public sealed interface Parsed {
        /** A recognised message. */
        record Ok(Inbound frame) implements Parsed {}

        /** A malformed or unknown message. */
        record Rejected(Reject reason, String detail) implements Parsed {}
    }

    private static final class BadField extends Exception {
        private static final long serialVersionUID = 1L;

        BadField(String message) {
            super(message, null, false, false);
        }
    }

    /** Gunzips and parses one binary frame. */
    public Parsed parseGzip(byte[] frame) {
        String text;
        try {
            text = gunzip(frame);
        } catch (IOException e) {
            return new Parsed.Rejected(Reject.PARSE_MALFORMED_FRAME, "not gzip: " + e.getMessage());
        }
        return parse(text);
    }

    /** Parses one decompressed JSON text. */
    public Parsed parse(String text) {
        Object doc;
        try {
            doc = HtxJson.parse(text);
        } catch (IllegalArgumentException e) {
            return new Parsed.Rejected(Reject.PARSE_MALFORMED_FRAME, e.getMessage());
        }
        if (!(doc instanceof Map)) {
            return new Parsed.Rejected(Reject.PARSE_MALFORMED_FRAME, "not a JSON object");
        }
        Map<?, ?> o = (Map<?, ?>) doc;
        try {
            if (o.containsKey("ping")) {
                return new Parsed.Ok(new HtxFrames.Ping(integer(o.get("ping"), "ping")));
            }
            if (o.containsKey("status")) {
                boolean ok = "ok".equals(o.get("status"));
                String topic = o.get("subbed") instanceof String ? (String) o.get("subbed")
                        : o.get("unsubbed") instanceof String ? (String) o.get("unsubbed") : null;
                Object id = o.get("id");
                return new Parsed.Ok(new HtxFrames.Reply(id == null ? null : text(id), ok, topic,
                        optStr(o.get("err-code")), optStr(o.get("err-msg"))));
            }
            Object ch = o.get("ch");
            if (!(ch instanceof String)) {
                return new Parsed.Rejected(Reject.PARSE_BAD_FIELD, "no ch, ping or status");
            }
            String topic = (String) ch;
            String symbol = HtxFrames.symbolOf(topic);
            if (symbol == null) {
                return new Parsed.Rejected(Reject.PARSE_BAD_FIELD, "topic " + topic);
            }
            Map<?, ?> tick = map(o.get("tick"), "tick");
            long pushTs = optLong(o.get("ts"), "ts");
            if (topic.endsWith(".bbo")) {
                // A side without orders is left out or null; seqId and quoteTime are optional (the push's ts).
                long quoteTime = optLong(tick.get("quoteTime"), "quoteTime");
                return new Parsed.Ok(new HtxFrames.Bbo(symbol, optLong(tick.get("seqId"), "seqId"),
                        optNum(tick.get("bid"), "bid"), optNum(tick.get("bidSize"), "bidSize"),
                        optNum(tick.get("ask"), "ask"), optNum(tick.get("askSize"), "askSize"),
                        quoteTime != 0 ? quoteTime : pushTs));
            }
            if (topic.endsWith(".trade.detail")) {
                List<TradeItem> items = new ArrayList<>();
                for (Object d : list(tick.get("data"), "data")) {
                    Map<?, ?> t = map(d, "data[]");
                    // An id (tradeId, else the older id) is the de-duplication key, price and amount the trade:
                    // required. The taker's direction and the print's ts are optional.
                    String id = t.get("id") == null ? null : integer(t.get("id"), "id");
                    String tradeId = t.get("tradeId") == null ? id : integer(t.get("tradeId"), "tradeId");
                    if (tradeId == null) {
                        throw new BadField("trade without id or tradeId");
                    }
                    String direction = optStr(t.get("direction"));
                    if (direction != null && !"buy".equals(direction) && !"sell".equals(direction)) {
                        throw new BadField("direction " + direction);
                    }
                    long ts = optLong(t.get("ts"), "ts");
                    items.add(new TradeItem(id == null ? tradeId : id, tradeId, ts != 0 ? ts : pushTs,
                            num(t.get("amount"), "amount"), num(t.get("price"), "price"), direction));
                }
                return new Parsed.Ok(new HtxFrames.TradeDetail(symbol, tick.get("id") == null ? null
                        : integer(tick.get("id"), "tick.id"), items));
            }
            if (topic.contains(".depth.")) {
                // A full image: an absent side is empty; version and ts are optional (the push's ts).
                long ts = optLong(tick.get("ts"), "ts");
                return new Parsed.Ok(new HtxFrames.Depth(symbol, optLong(tick.get("version"), "version"),
                        ts != 0 ? ts : pushTs, levels(tick.get("bids"), "bids"), levels(tick.get("asks"), "asks")));
            }
            return new Parsed.Rejected(Reject.PARSE_UNKNOWN_COMMAND, "topic " + topic);
        } catch (BadField e) {
            return new Parsed.Rejected(Reject.PARSE_BAD_FIELD, e.getMessage());
        }
    }

    /** Gunzips a frame as the venue sends it. */
    public static String gunzip(byte[] frame) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(frame))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(frame.length * 4);
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                if (out.size() > MAX_TEXT_BYTES) {
                    throw new IOException("decompressed frame exceeds " + MAX_TEXT_BYTES + " bytes");
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Gzips a text as the venue does (used by the simulator and tests). */
    public static byte[] gzip(String text) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(text.getBytes(StandardCharsets.UTF_8));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("gzip to memory failed", e);
        }
    }

    private static List<Level> levels(Object value, String name) throws BadField {
        if (value == null) {
            return List.of();
        }
        List<Level> out = new ArrayList<>();
        for (Object o : list(value, name)) {
            List<?> pair = list(o, name + "[]");
            if (pair.size() < 2) {
                throw new BadField(name + " level needs price and size");
            }
            out.add(new Level(num(pair.get(0), "price"), num(pair.get(1), "size")));
        }
        return out;
    }

    private static List<?> list(Object value, String name) throws BadField {
        if (!(value instanceof List)) {
            throw new BadField(name + " is not an array");
        }
        return (List<?>) value;
    }

    private static Map<?, ?> map(Object value, String name) throws BadField {
        if (!(value instanceof Map)) {
            throw new BadField(name + " is not an object");
        }
        return (Map<?, ?>) value;
    }

    private static String optStr(Object value) {
        return value instanceof String ? (String) value : null;
    }

    private static String text(Object value) {
        return value instanceof HtxJson.Num ? ((HtxJson.Num) value).text() : String.valueOf(value);
    }

    /** A decimal as a JSON number (how HTX sends them) or as text. */
    private static String num(Object value, String name) throws BadField {
        if (value instanceof HtxJson.Num) {
            return ((HtxJson.Num) value).text();
        }
        if (value instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw new BadField(name + " is not a number");
    }

    /** An optional decimal: null when absent, JSON null or {@code ""}. */
    private static String optNum(Object value, String name) throws BadField {
        return value == null || "".equals(value) ? null : num(value, name);
    }

    /** An optional integer: 0 when absent. */
    private static long optLong(Object value, String name) throws BadField {
        return value == null || "".equals(value) ? 0 : longValue(value, name);
    }

    /** An integer of any size, as text. */
    private static String integer(Object value, String name) throws BadField {
        String t = num(value, name);
        for (int i = 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i)) && !(i == 0 && t.charAt(i) == '-')) {
                throw new BadField(name + " is not an integer: " + t);
            }
        }
        return t;
    }

    private static long longValue(Object value, String name) throws BadField {
        String t = integer(value, name);
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new BadField(name + " exceeds a long: " + t);
        }
    }
}
