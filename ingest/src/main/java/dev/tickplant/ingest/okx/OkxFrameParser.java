package dev.tickplant.ingest.okx;

import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.VenueFields;
import dev.tickplant.ingest.okx.OkxFrames.Arg;
import dev.tickplant.ingest.okx.OkxFrames.BookData;
import dev.tickplant.ingest.okx.OkxFrames.BookPush;
import dev.tickplant.ingest.okx.OkxFrames.Event;
import dev.tickplant.ingest.okx.OkxFrames.Frame;
import dev.tickplant.ingest.okx.OkxFrames.Level;
import dev.tickplant.ingest.okx.OkxFrames.Ping;
import dev.tickplant.ingest.okx.OkxFrames.Pong;
import dev.tickplant.ingest.okx.OkxFrames.Request;
import dev.tickplant.ingest.okx.OkxFrames.TickerData;
import dev.tickplant.ingest.okx.OkxFrames.TickersPush;
import dev.tickplant.ingest.okx.OkxFrames.TradeData;
import dev.tickplant.ingest.okx.OkxFrames.TradesPush;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Text frame to {@link OkxFrames} record, for both directions. OKX sends numbers such as {@code ts} as strings and
 * {@code seqId}/{@code checksum} as JSON numbers; both spellings are accepted for every numeric field, decimals in
 * exponent form too. Required are only the fields without which the data is not there: a push's {@code arg} with its
 * {@code instId} and {@code data}; a book's level arrays' entries (price and size); a trade's {@code tradeId},
 * {@code px} and {@code sz}. Everything else OKX documents as optional, sends empty ({@code "bidPx":""}) or older
 * feeds lack ({@code seqId}, {@code prevSeqId}, {@code checksum}, {@code ts}, {@code side}) is optional. Never throws
 * for bad input.
 *
 * <p>Stateless and thread-safe.
 */
public final class OkxFrameParser {
    /** The outcome of parsing one frame. */
    public sealed interface Parsed {
        /** A well-formed frame. */
        record Ok(Frame frame) implements Parsed {}

        /** Not a usable frame. */
        record Rejected(Reject reason, String detail) implements Parsed {}
    }

    private static final class BadField extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadField(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses one text frame. */
    public Parsed parse(String text) {
        if (OkxFrames.PONG.equals(text)) {
            return new Parsed.Ok(new Pong());
        }
        if (OkxFrames.PING.equals(text)) {
            return new Parsed.Ok(new Ping());
        }
        if (text == null || text.isBlank()) {
            return new Parsed.Rejected(Reject.PARSE_MALFORMED_FRAME, "empty frame");
        }
        JsonObject json;
        try {
            Object value = Json.decodeValue(text);
            if (!(value instanceof JsonObject)) {
                return new Parsed.Rejected(Reject.PARSE_MALFORMED_FRAME, "not a JSON object");
            }
            json = (JsonObject) value;
        } catch (RuntimeException e) {
            return new Parsed.Rejected(Reject.PARSE_MALFORMED_FRAME, "invalid JSON");
        }
        try {
            if (json.containsKey("op")) {
                return new Parsed.Ok(request(json));
            }
            if (json.containsKey("event")) {
                return new Parsed.Ok(event(json));
            }
            if (json.containsKey("arg") && json.containsKey("data")) {
                return new Parsed.Ok(push(json));
            }
            return new Parsed.Rejected(Reject.PARSE_UNKNOWN_COMMAND, "neither a request, an event nor a push");
        } catch (BadField | ClassCastException e) {
            return new Parsed.Rejected(Reject.PARSE_BAD_FIELD, String.valueOf(e.getMessage()));
        }
    }

    private static Request request(JsonObject json) {
        String op = string(json, "op");
        Object args = json.getValue("args");
        if (!(args instanceof JsonArray)) {
            throw new BadField("args is not an array");
        }
        List<Arg> list = new ArrayList<>();
        for (Object o : (JsonArray) args) {
            if (!(o instanceof JsonObject)) {
                throw new BadField("arg is not an object");
            }
            list.add(arg((JsonObject) o));
        }
        return new Request(json.getString("id"), op, list);
    }

    private static Event event(JsonObject json) {
        String event = string(json, "event");
        Object a = json.getValue("arg");
        Arg arg = a instanceof JsonObject ? arg((JsonObject) a) : null;
        Object code = json.getValue("code");
        if ("error".equals(event) && code == null) {
            throw new BadField("error event without code");
        }
        return new Event(json.getString("id"), event, arg, code == null ? null : code.toString(),
                json.getString("msg"), json.getString("connId"));
    }

    private static Arg arg(JsonObject json) {
        return new Arg(string(json, "channel"), json.getString("instId"));
    }

    private static Frame push(JsonObject json) {
        Object a = json.getValue("arg");
        if (!(a instanceof JsonObject)) {
            throw new BadField("arg is not an object");
        }
        Arg arg = arg((JsonObject) a);
        if (arg.instId() == null) {
            throw new BadField("push without instId");
        }
        Object d = json.getValue("data");
        if (!(d instanceof JsonArray)) {
            throw new BadField("data is not an array");
        }
        List<JsonObject> data = new ArrayList<>();
        for (Object o : (JsonArray) d) {
            if (!(o instanceof JsonObject)) {
                throw new BadField("data entry is not an object");
            }
            data.add((JsonObject) o);
        }
        String channel = arg.channel();
        if (channel.startsWith("books") || channel.equals("bbo-tbt")) {
            String action = json.getString("action");
            boolean full = !channel.equals("bbo-tbt") && !channel.equals("books5");
            if (full && !"snapshot".equals(action) && !"update".equals(action)) {
                throw new BadField("book push with action " + action);
            }
            List<BookData> out = new ArrayList<>();
            for (JsonObject o : data) {
                // Only the levels are required; the sequence fields and the checksum are validated when present.
                out.add(new BookData(levels(o, "asks"), levels(o, "bids"), optNumber(o, "ts", 0),
                        full ? optNumber(o, "checksum", BookData.NO_CHECKSUM) : BookData.NO_CHECKSUM,
                        full ? optNumber(o, "prevSeqId", BookData.NO_SEQ) : BookData.NO_SEQ,
                        optNumber(o, "seqId", BookData.NO_SEQ)));
            }
            return new BookPush(arg, full ? action : null, out);
        }
        if (channel.equals("trades")) {
            List<TradeData> out = new ArrayList<>();
            for (JsonObject o : data) {
                String side = optText(o, "side");
                if (side != null && !side.equals("buy") && !side.equals("sell")) {
                    throw new BadField("trade side " + side);
                }
                String instId = optText(o, "instId");
                // tradeId is the de-duplication key and px/sz are the trade itself: those are required.
                out.add(new TradeData(instId == null ? arg.instId() : instId, id(o, "tradeId"), decimal(o, "px"),
                        decimal(o, "sz"), side, optNumber(o, "ts", 0)));
            }
            return new TradesPush(arg, out);
        }
        if (channel.equals("tickers")) {
            List<TickerData> out = new ArrayList<>();
            for (JsonObject o : data) {
                String instId = optText(o, "instId");
                out.add(new TickerData(instId == null ? arg.instId() : instId, optDecimal(o, "last"),
                        optDecimal(o, "lastSz"), optDecimal(o, "askPx"), optDecimal(o, "askSz"),
                        optDecimal(o, "bidPx"), optDecimal(o, "bidSz"), optNumber(o, "ts", 0)));
            }
            return new TickersPush(arg, out);
        }
        throw new BadField("unsupported channel " + channel);
    }

    /** A side's levels; an absent side is empty (a one-sided book leaves it out or sends {@code []}). */
    private static List<Level> levels(JsonObject json, String key) {
        Object value = json.getValue(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray)) {
            throw new BadField("level array " + key + " is not an array");
        }
        List<Level> out = new ArrayList<>();
        for (Object o : (JsonArray) value) {
            if (!(o instanceof JsonArray) || ((JsonArray) o).size() < 2) {
                throw new BadField("bad level in " + key);
            }
            JsonArray l = (JsonArray) o;
            out.add(new Level(text(l.getValue(0), key), text(l.getValue(1), key),
                    l.size() > 2 ? String.valueOf(l.getValue(2)) : "0", l.size() > 3 ? String.valueOf(l.getValue(3))
                            : "0"));
        }
        return out;
    }

    /** A level's price or size: decimal text as OKX sends it, or a JSON number. */
    private static String text(Object value, String key) {
        return VenueFields.levelDecimal(value, key, BadField::new);
    }

    private static String decimal(JsonObject json, String key) {
        return VenueFields.decimal(json, key, BadField::new);
    }

    /** An optional decimal: null when absent, JSON null or {@code ""}. */
    private static String optDecimal(JsonObject json, String key) {
        return VenueFields.optDecimal(json, key, BadField::new);
    }

    /** An id as text, whatever its size: OKX writes ids as strings, a number is taken as its digits. */
    private static String id(JsonObject json, String key) {
        return VenueFields.id(json, key, BadField::new);
    }

    private static String optText(JsonObject json, String key) {
        Object v = json.getValue(key);
        return v instanceof String s && !s.isEmpty() ? s : null;
    }

    /** An optional integer (as a JSON number or as text); {@code absent} when missing, null or {@code ""}. */
    private static long optNumber(JsonObject json, String key, long absent) {
        Object v = json.getValue(key);
        if (v == null || (v instanceof String s && s.isEmpty())) {
            return absent;
        }
        return number(json, key);
    }

    private static String string(JsonObject json, String key) {
        Object v = json.getValue(key);
        if (!(v instanceof String)) {
            throw new BadField("missing text field " + key);
        }
        return (String) v;
    }

    private static long number(JsonObject json, String key) {
        Object v = json.getValue(key);
        if (v instanceof Number) {
            return ((Number) v).longValue();
        }
        if (v instanceof String) {
            try {
                return Long.parseLong((String) v);
            } catch (NumberFormatException e) {
                throw new BadField("field " + key + " is not an integer");
            }
        }
        throw new BadField("missing number field " + key);
    }
}
