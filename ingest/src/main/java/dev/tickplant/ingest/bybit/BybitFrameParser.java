package dev.tickplant.ingest.bybit;

import dev.tickplant.ingest.Reject;
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
 * Text frame to {@link BybitFrames} record, for both directions. Never throws for bad input.
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
        if (topic.startsWith("orderbook.")) {
            String type = string(json, "type");
            if (!type.equals("snapshot") && !type.equals("delta")) {
                throw new BadField("orderbook type " + type);
            }
            JsonObject data = object(json, "data");
            return new OrderbookPush(topic, type, number(json, "ts"), string(data, "s"), levels(data, "b"),
                    levels(data, "a"), number(data, "u"), data.containsKey("seq") ? number(data, "seq") : 0,
                    json.containsKey("cts") ? number(json, "cts") : 0);
        }
        if (topic.startsWith("publicTrade.")) {
            Object d = json.getValue("data");
            if (!(d instanceof JsonArray)) {
                throw new BadField("trade data is not an array");
            }
            List<TradeData> out = new ArrayList<>();
            for (Object o : (JsonArray) d) {
                if (!(o instanceof JsonObject)) {
                    throw new BadField("trade is not an object");
                }
                JsonObject t = (JsonObject) o;
                String side = string(t, "S");
                if (!side.equals("Buy") && !side.equals("Sell")) {
                    throw new BadField("trade side " + side);
                }
                out.add(new TradeData(number(t, "T"), string(t, "s"), side, string(t, "v"), string(t, "p"),
                        string(t, "i")));
            }
            return new TradePush(topic, number(json, "ts"), out);
        }
        if (topic.startsWith("tickers.")) {
            JsonObject data = object(json, "data");
            return new TickerPush(topic, number(json, "ts"), string(data, "symbol"), string(data, "lastPrice"));
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

    private static List<Level> levels(JsonObject json, String key) {
        Object value = json.getValue(key);
        if (!(value instanceof JsonArray)) {
            throw new BadField("missing level array " + key);
        }
        List<Level> out = new ArrayList<>();
        for (Object o : (JsonArray) value) {
            if (!(o instanceof JsonArray) || ((JsonArray) o).size() < 2
                    || !(((JsonArray) o).getValue(0) instanceof String)
                    || !(((JsonArray) o).getValue(1) instanceof String)) {
                throw new BadField("bad level in " + key);
            }
            JsonArray l = (JsonArray) o;
            out.add(new Level(l.getString(0), l.getString(1)));
        }
        return out;
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
        throw new BadField("missing number field " + key);
    }
}
