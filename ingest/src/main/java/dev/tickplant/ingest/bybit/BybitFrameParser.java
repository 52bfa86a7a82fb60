package dev.tickplant.ingest.bybit;

import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.VenueFields;
import dev.tickplant.ingest.bybit.BybitFrames.Frame;
import dev.tickplant.ingest.bybit.BybitFrames.Level;
import dev.tickplant.ingest.bybit.BybitFrames.OrderbookPush;
import dev.tickplant.ingest.bybit.BybitFrames.Request;
import dev.tickplant.ingest.bybit.BybitFrames.Response;
import dev.tickplant.ingest.bybit.BybitFrames.TickerPush;
import dev.tickplant.ingest.bybit.BybitFrames.TradeData;
import dev.tickplant.ingest.bybit.BybitFrames.TradePush;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Text frame to {@link BybitFrames} record, for both directions. Required are only the fields without which the
 * data is not there: a push's {@code topic}, an orderbook's {@code type} and {@code u}, a trade's {@code i},
 * {@code p} and {@code v}. Everything Bybit leaves out of deltas or older versions lack is optional; numbers are
 * accepted as text or JSON numbers, in exponent form too. Never throws for bad input.
 *
 * <p>Stateless and thread-safe.
 */
public final class BybitFrameParser {
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
            if (json.containsKey("success")) {
                Object success = json.getValue("success");
                if (!(success instanceof Boolean)) {
                    throw new BadField("success is not a boolean");
                }
                return new Parsed.Ok(new Response((Boolean) success, json.getString("ret_msg", ""),
                        json.getString("conn_id"), json.getString("req_id"), json.getString("op")));
            }
            if (json.containsKey("op")) {
                return new Parsed.Ok(request(json));
            }
            if (json.containsKey("topic")) {
                return new Parsed.Ok(push(json));
            }
            return new Parsed.Rejected(Reject.PARSE_UNKNOWN_COMMAND, "neither a request, a response nor a push");
        } catch (BadField | ClassCastException e) {
            return new Parsed.Rejected(Reject.PARSE_BAD_FIELD, String.valueOf(e.getMessage()));
        }
    }

    private static Request request(JsonObject json) {
        String op = string(json, "op");
        List<String> args = new ArrayList<>();
        Object a = json.getValue("args");
        if (a instanceof JsonArray) {
            for (Object o : (JsonArray) a) {
                if (!(o instanceof String)) {
                    throw new BadField("args must be strings");
                }
                args.add((String) o);
            }
        } else if (a != null) {
            throw new BadField("args is not an array");
        }
        return new Request(json.getString("req_id"), op, args);
    }

    private static Frame push(JsonObject json) {
        String topic = string(json, "topic");
        String topicSymbol = BybitFrames.symbolOf(topic);
        if (topic.startsWith("orderbook.")) {
            String type = string(json, "type");
            if (!type.equals("snapshot") && !type.equals("delta")) {
                throw new BadField("orderbook type " + type);
            }
            JsonObject data = object(json, "data");
            // u is what the book's sync rests on: required. A side may be left out of a delta (or a one-sided
            // snapshot); s repeats the topic's symbol; ts, seq and cts are informational.
            return new OrderbookPush(topic, type, optNumber(json, "ts", 0), optString(data, "s", topicSymbol),
                    levels(data, "b"), levels(data, "a"), number(data, "u"), optNumber(data, "seq", 0),
                    optNumber(json, "cts", 0));
        }
        if (topic.startsWith("publicTrade.")) {
            Object d = json.getValue("data");
            if (!(d instanceof JsonArray)) {
                throw new BadField("trade data is not an array");
            }
            long pushTs = optNumber(json, "ts", 0);
            List<TradeData> out = new ArrayList<>();
            for (Object o : (JsonArray) d) {
                if (!(o instanceof JsonObject)) {
                    throw new BadField("trade is not an object");
                }
                JsonObject t = (JsonObject) o;
                String side = optString(t, "S", null);
                if (side != null && !side.equals("Buy") && !side.equals("Sell")) {
                    throw new BadField("trade side " + side);
                }
                // i is the de-duplication key, p and v are the trade: required; T falls back to the push's ts.
                out.add(new TradeData(optNumber(t, "T", pushTs), optString(t, "s", topicSymbol), side,
                        decimal(t, "v"), decimal(t, "p"), id(t, "i")));
            }
            return new TradePush(topic, pushTs, out);
        }
        if (topic.startsWith("tickers.")) {
            JsonObject data = object(json, "data");
            // Derivatives tickers send deltas that leave unchanged fields out, lastPrice included.
            return new TickerPush(topic, optNumber(json, "ts", 0), optString(data, "symbol", topicSymbol),
                    optDecimal(data, "lastPrice"));
        }
        throw new BadField("unsupported topic " + topic);
    }

    private static JsonObject object(JsonObject json, String key) {
        Object v = json.getValue(key);
        if (!(v instanceof JsonObject)) {
            throw new BadField(key + " is not an object");
        }
        return (JsonObject) v;
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
            String price = decimalText(l.getValue(0), key);
            String size = decimalText(l.getValue(1), key);
            if (price == null || size == null) {
                throw new BadField("bad level in " + key);
            }
            out.add(new Level(price, size));
        }
        return out;
    }

    private static String decimalText(Object value, String key) {
        return VenueFields.decimalText(value, key, BadField::new);
    }

    private static String decimal(JsonObject json, String key) {
        return VenueFields.decimal(json, key, BadField::new);
    }

    private static String optDecimal(JsonObject json, String key) {
        return VenueFields.optDecimal(json, key, BadField::new);
    }

    /** An id of any size as text (Bybit writes trade ids as strings, some as UUIDs). */
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

    private static String optString(JsonObject json, String key, String absent) {
        Object v = json.getValue(key);
        return v instanceof String s && !s.isEmpty() ? s : absent;
    }

    /** An integer as a JSON number or as text. */
    private static long number(JsonObject json, String key) {
        Object v = json.getValue(key);
        if (v instanceof Number) {
            return ((Number) v).longValue();
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

    private static long optNumber(JsonObject json, String key, long absent) {
        Object v = json.getValue(key);
        return v == null || "".equals(v) ? absent : number(json, key);
    }
}
