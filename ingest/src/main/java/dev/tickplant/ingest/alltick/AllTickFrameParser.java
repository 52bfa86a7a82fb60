package dev.tickplant.ingest.alltick;

import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.VenueDecimal;
import dev.tickplant.ingest.alltick.AllTickFrames.Cancel;
import dev.tickplant.ingest.alltick.AllTickFrames.DepthCode;
import dev.tickplant.ingest.alltick.AllTickFrames.DepthPush;
import dev.tickplant.ingest.alltick.AllTickFrames.Frame;
import dev.tickplant.ingest.alltick.AllTickFrames.Heartbeat;
import dev.tickplant.ingest.alltick.AllTickFrames.Level;
import dev.tickplant.ingest.alltick.AllTickFrames.Reply;
import dev.tickplant.ingest.alltick.AllTickFrames.SubscribeDepth;
import dev.tickplant.ingest.alltick.AllTickFrames.SubscribeTrades;
import dev.tickplant.ingest.alltick.AllTickFrames.TradePush;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Text frame to {@link AllTickFrames} record, for both directions (the connector parses replies and pushes, the
 * simulator parses requests). Never throws for bad input: anything that is not a well-formed AllTick frame comes
 * back as {@link Parsed.Rejected} with a reason. Numeric fields the venue documents as strings ({@code seq},
 * {@code tick_time}, prices) are also accepted as JSON numbers.
 *
 * <p>Stateless and thread-safe.
 */
public final class AllTickFrameParser {
    /** The outcome of parsing one frame. */
    public sealed interface Parsed {
        /** A well-formed frame. */
        record Ok(Frame frame) implements Parsed {}

        /** Not a usable frame; {@code detail} says why (never contains the whole frame). */
        record Rejected(Reject reason, String detail) implements Parsed {}
    }

    /** A field was missing or of the wrong type; caught inside {@link #parse(String)} only. */
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
            return new Parsed.Rejected(Reject.PARSE_MALFORMED_FRAME, "invalid JSON: " + shorten(e.getMessage()));
        }
        try {
            return new Parsed.Ok(frame(json));
        } catch (BadField e) {
            return new Parsed.Rejected(Reject.PARSE_BAD_FIELD, e.getMessage());
        } catch (UnknownCommand e) {
            return new Parsed.Rejected(Reject.PARSE_UNKNOWN_COMMAND, e.getMessage());
        }
    }

    private static final class UnknownCommand extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownCommand(String message) {
            super(message, null, false, false);
        }
    }

    private static Frame frame(JsonObject json) {
        int cmd = (int) integer(json, "cmd_id");
        if (json.containsKey("ret")) {
            return reply(json, cmd);
        }
        switch (cmd) {
            case AllTickFrames.CMD_PUSH_DEPTH:
                return depthPush(object(json, "data"));
            case AllTickFrames.CMD_PUSH_TRADE:
                return tradePush(object(json, "data"));
            case AllTickFrames.CMD_HEARTBEAT:
                return new Heartbeat(integer(json, "seq_id"), optText(json, "trace"));
            case AllTickFrames.CMD_SUBSCRIBE_DEPTH:
                return subscribeDepth(json);
            case AllTickFrames.CMD_SUBSCRIBE_TRADES:
                return subscribeTrades(json);
            case AllTickFrames.CMD_CANCEL:
                return new Cancel(integer(json, "seq_id"), optText(json, "trace"),
                        (int) integer(object(json, "data"), "cancel_type"));
            default:
                throw new UnknownCommand("unknown cmd_id " + cmd);
        }
    }

    private static Reply reply(JsonObject json, int cmd) {
        int ret = (int) integer(json, "ret");
        long seqId = json.containsKey("seq_id") ? integer(json, "seq_id") : 0;
        List<String> invalid = new ArrayList<>();
        Object data = json.getValue("data");
        if (data instanceof JsonObject) {
            Object codes = ((JsonObject) data).getValue("invalid_codes");
            if (codes instanceof JsonArray) {
                for (Object c : (JsonArray) codes) {
                    if (c instanceof String) {
                        invalid.add((String) c);
                    }
                }
            }
        }
        String msg = json.getValue("msg") instanceof String ? json.getString("msg") : "";
        return new Reply(ret, msg, cmd, seqId, optText(json, "trace"), invalid);
    }

    /**
     * A depth push: only {@code code} is required. A missing {@code seq} carries no ordering, a missing
     * {@code tick_time} means the receive time, an absent side or a level without a price is an empty side.
     */
    private static DepthPush depthPush(JsonObject data) {
        return new DepthPush(text(data, "code"), optText(data, "seq"), optInteger(data, "tick_time"),
                levels(data, "bids"), levels(data, "asks"));
    }

    private static List<Level> levels(JsonObject data, String key) {
        Object v = data.getValue(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray)) {
            throw new BadField("'" + key + "' is not an array");
        }
        List<Level> levels = new ArrayList<>();
        for (Object o : (JsonArray) v) {
            if (!(o instanceof JsonObject)) {
                throw new BadField("'" + key + "' entry is not an object");
            }
            JsonObject l = (JsonObject) o;
            String price = optDecimal(l, "price");
            if (price == null) {
                continue; // some feeds pad an empty side with "" levels: not a level
            }
            String volume = optDecimal(l, "volume");
            levels.add(new Level(price, volume == null ? "0" : volume));
        }
        return levels;
    }

    /**
     * A trade push: {@code code}, {@code seq} (the trade's id, what de-duplication rests on) and {@code price} are
     * required; {@code tick_time}, {@code volume}, {@code turnover} and {@code trade_direction} are optional.
     */
    private static TradePush tradePush(JsonObject data) {
        int direction = data.getValue("trade_direction") == null || "".equals(data.getValue("trade_direction")) ? 0
                : (int) integer(data, "trade_direction");
        String volume = optDecimal(data, "volume");
        String turnover = optDecimal(data, "turnover");
        return new TradePush(text(data, "code"), text(data, "seq"), optInteger(data, "tick_time"),
                text(data, "price"), volume == null ? "0" : volume, turnover == null ? "0" : turnover, direction);
    }

    /** An optional decimal, as text or a JSON number: null when absent, JSON null or {@code ""}. */
    private static String optDecimal(JsonObject json, String key) {
        try {
            return VenueDecimal.text(json.getValue(key));
        } catch (IllegalArgumentException e) {
            throw new BadField("'" + key + "' is not a decimal");
        }
    }

    /** An optional integer: 0 when absent, null or {@code ""}. */
    private static long optInteger(JsonObject json, String key) {
        Object v = json.getValue(key);
        return v == null || "".equals(v) ? 0 : integer(json, key);
    }

    private static SubscribeDepth subscribeDepth(JsonObject json) {
        List<DepthCode> codes = new ArrayList<>();
        for (JsonObject s : symbolList(json)) {
            int level = s.containsKey("depth_level") ? (int) integer(s, "depth_level") : 0;
            codes.add(new DepthCode(text(s, "code"), level));
        }
        return new SubscribeDepth(integer(json, "seq_id"), optText(json, "trace"), codes);
    }

    private static SubscribeTrades subscribeTrades(JsonObject json) {
        List<String> codes = new ArrayList<>();
        for (JsonObject s : symbolList(json)) {
            codes.add(text(s, "code"));
        }
        return new SubscribeTrades(integer(json, "seq_id"), optText(json, "trace"), codes);
    }

    private static List<JsonObject> symbolList(JsonObject json) {
        Object list = object(json, "data").getValue("symbol_list");
        if (!(list instanceof JsonArray)) {
            throw new BadField("'data.symbol_list' is missing or not an array");
        }
        List<JsonObject> out = new ArrayList<>();
        for (Object o : (JsonArray) list) {
            if (!(o instanceof JsonObject)) {
                throw new BadField("'symbol_list' entry is not an object");
            }
            out.add((JsonObject) o);
        }
        return out;
    }

    private static JsonObject object(JsonObject json, String key) {
        Object v = json.getValue(key);
        if (!(v instanceof JsonObject)) {
            throw new BadField("'" + key + "' is missing or not an object");
        }
        return (JsonObject) v;
    }

    /** A string field; a JSON integer is accepted and rendered as text. */
    private static String text(JsonObject json, String key) {
        Object v = json.getValue(key);
        if (v instanceof String) {
            if (((String) v).isEmpty()) {
                throw new BadField("'" + key + "' is empty");
            }
            return (String) v;
        }
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Number) {
            // Doubles only for decimal fields; the mapper's exact parser rejects anything it cannot represent.
            return new BigDecimal(v.toString()).toPlainString();
        }
        throw new BadField("'" + key + "' is missing or not a string");
    }

    private static String optText(JsonObject json, String key) {
        Object v = json.getValue(key);
        return v == null ? "" : v.toString();
    }

    /** An integer field; a decimal string of digits is accepted too. */
    private static long integer(JsonObject json, String key) {
        Object v = json.getValue(key);
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            return ((Number) v).longValue();
        }
        if (v instanceof String) {
            try {
                return Long.parseLong(((String) v).trim());
            } catch (NumberFormatException e) {
                throw new BadField("'" + key + "' is not an integer");
            }
        }
        throw new BadField("'" + key + "' is missing or not an integer");
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
