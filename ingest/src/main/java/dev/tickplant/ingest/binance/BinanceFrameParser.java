package dev.tickplant.ingest.binance;

import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.VenueFields;
import dev.tickplant.ingest.binance.BinanceFrames.BookTicker;
import dev.tickplant.ingest.binance.BinanceFrames.DepthSnapshot;
import dev.tickplant.ingest.binance.BinanceFrames.DepthUpdate;
import dev.tickplant.ingest.binance.BinanceFrames.Frame;
import dev.tickplant.ingest.binance.BinanceFrames.Level;
import dev.tickplant.ingest.binance.BinanceFrames.Reply;
import dev.tickplant.ingest.binance.BinanceFrames.Request;
import dev.tickplant.ingest.binance.BinanceFrames.TradeEvent;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Text frame to {@link BinanceFrames} record, for both directions: the connector parses combined-stream payloads
 * ({@code {"stream":…,"data":…}}) and request replies, the simulator parses requests. Never throws for bad input
 * except {@link #parseSnapshot(String)}: anything else that is not a well-formed Binance frame comes back as
 * {@link Parsed.Rejected}.
 *
 * <p>Stateless and thread-safe.
 */
public final class BinanceFrameParser {
    /** The outcome of parsing one frame. */
    public sealed interface Parsed {
        /** A well-formed frame; {@code stream} is the combined-stream name, or null for replies and requests. */
        record Ok(String stream, Frame frame) implements Parsed {}

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
        JsonObject json;
        try {
            json = object(text);
        } catch (BadField e) {
            return new Parsed.Rejected(Reject.PARSE_MALFORMED_FRAME, e.getMessage());
        }
        try {
            if (json.containsKey("method")) {
                return new Parsed.Ok(null, request(json));
            }
            if (json.containsKey("id") && (json.containsKey("result") || json.containsKey("error")
                    || json.containsKey("code"))) {
                return new Parsed.Ok(null, reply(json));
            }
            if (json.containsKey("stream")) {
                String stream = string(json, "stream");
                Object data = json.getValue("data");
                if (!(data instanceof JsonObject)) {
                    throw new BadField("combined message without a data object");
                }
                return new Parsed.Ok(stream, event(stream, (JsonObject) data));
            }
            return new Parsed.Rejected(Reject.PARSE_UNKNOWN_COMMAND, "neither a request, a reply nor a stream");
        } catch (BadField | ClassCastException | NumberFormatException e) {
            return new Parsed.Rejected(Reject.PARSE_BAD_FIELD, String.valueOf(e.getMessage()));
        }
    }

    /**
     * Parses a REST depth snapshot body.
     *
     * @throws IllegalArgumentException when the body is not a depth snapshot
     */
    public DepthSnapshot parseSnapshot(String body) {
        try {
            JsonObject json = object(body);
            // lastUpdateId anchors the diff stream: required; an empty side may be left out.
            return new DepthSnapshot(longValue(json, "lastUpdateId"), levels(json, "bids"), levels(json, "asks"));
        } catch (BadField | ClassCastException | NumberFormatException e) {
            throw new IllegalArgumentException("bad depth snapshot: " + e.getMessage(), e);
        }
    }

    private static JsonObject object(String text) {
        if (text == null || text.isBlank()) {
            throw new BadField("empty frame");
        }
        Object value;
        try {
            value = Json.decodeValue(text);
        } catch (RuntimeException e) {
            throw new BadField("invalid JSON");
        }
        if (!(value instanceof JsonObject)) {
            throw new BadField("not a JSON object");
        }
        return (JsonObject) value;
    }

    private static Frame event(String stream, JsonObject data) {
        String e = data.getString("e");
        if (stream.endsWith("@bookTicker") && (e == null || "bookTicker".equals(e))) {
            // A side may be absent or zero: the mapper makes it an empty side.
            return new BookTicker(optLong(data, "u", 0), string(data, "s"), optDecimal(data, "b"),
                    optDecimal(data, "B"), optDecimal(data, "a"), optDecimal(data, "A"));
        }
        if ("trade".equals(e) || "aggTrade".equals(e)) {
            // The id is the de-duplication key, price and quantity are the trade: required; times and the
            // maker flag are optional (the side is then unknown, the time the event's or the receive time).
            return new TradeEvent(e, optLong(data, "E", 0), string(data, "s"), id(data, "trade".equals(e) ? "t" : "a"),
                    decimal(data, "p"), decimal(data, "q"), optLong(data, "T", 0), optBool(data, "m"));
        }
        if ("depthUpdate".equals(e)) {
            // U and u are what the local book's sync rests on: required.
            long first = longValue(data, "U");
            long last = longValue(data, "u");
            if (first > last) {
                throw new BadField("depthUpdate with U > u");
            }
            return new DepthUpdate(optLong(data, "E", 0), string(data, "s"), first, last, levels(data, "b"),
                    levels(data, "a"));
        }
        throw new BadField("unsupported event type " + e + " on stream " + stream);
    }

    private static Reply reply(JsonObject json) {
        long id = longValue(json, "id");
        if (!json.containsKey("error") && !json.containsKey("result")) {
            // The flat error shape of Binance's error table: {"code": 2, "msg": "Invalid request: …", "id": 1}.
            return new Reply(id, List.of(), (int) longValue(json, "code"), json.getString("msg", ""));
        }
        Object error = json.getValue("error");
        if (error != null) {
            if (!(error instanceof JsonObject)) {
                throw new BadField("error is not an object");
            }
            JsonObject err = (JsonObject) error;
            return new Reply(id, List.of(), err.getInteger("code", -1), err.getString("msg", ""));
        }
        Object result = json.getValue("result");
        List<String> list = new ArrayList<>();
        if (result instanceof JsonArray) {
            for (Object o : (JsonArray) result) {
                list.add(String.valueOf(o));
            }
        }
        return new Reply(id, list, 0, null);
    }

    private static Request request(JsonObject json) {
        String method = string(json, "method");
        List<String> params = new ArrayList<>();
        Object p = json.getValue("params");
        if (p instanceof JsonArray) {
            for (Object o : (JsonArray) p) {
                if (!(o instanceof String)) {
                    throw new BadField("params must be strings");
                }
                params.add((String) o);
            }
        } else if (p != null) {
            throw new BadField("params is not an array");
        }
        Object id = json.getValue("id");
        if (!(id instanceof Number)) {
            throw new BadField("request ID must be an unsigned integer");
        }
        return new Request(method, params, ((Number) id).longValue());
    }

    /** A side's levels; an absent side has none. Prices and sizes as text or JSON numbers, exponents too. */
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
            out.add(new Level(levelDecimal(l.getValue(0), key), levelDecimal(l.getValue(1), key)));
        }
        return out;
    }

    private static String levelDecimal(Object value, String key) {
        return VenueFields.levelDecimal(value, key, BadField::new);
    }

    private static String decimal(JsonObject json, String key) {
        return VenueFields.decimal(json, key, BadField::new);
    }

    private static String optDecimal(JsonObject json, String key) {
        return VenueFields.optDecimal(json, key, BadField::new);
    }

    /** An id of any size as its digits, from a JSON number or text. */
    private static String id(JsonObject json, String key) {
        return VenueFields.id(json, key, BadField::new);
    }

    private static String string(JsonObject json, String key) {
        Object v = json.getValue(key);
        if (!(v instanceof String)) {
            throw new BadField("missing text field " + key);
        }
        return (String) v;
    }

    /** An integer as a JSON number or as text. */
    private static long longValue(JsonObject json, String key) {
        Object v = json.getValue(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new BadField("field " + key + " is not an integer");
            }
        }
        throw new BadField("missing number field " + key);
    }

    private static long optLong(JsonObject json, String key, long absent) {
        Object v = json.getValue(key);
        return v == null || "".equals(v) ? absent : longValue(json, key);
    }

    private static Boolean optBool(JsonObject json, String key) {
        Object v = json.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean)) {
            throw new BadField("field " + key + " is not a boolean");
        }
        return (Boolean) v;
    }
}
