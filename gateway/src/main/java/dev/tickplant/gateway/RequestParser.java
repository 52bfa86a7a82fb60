package dev.tickplant.gateway;

import dev.tickplant.common.model.Channel;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns client text into a {@link ClientRequest}. Seed 003's {@code type} field names the request; seeds 000 and 004
 * send {@code action} instead, which is accepted in its place ({@code type} wins when both are present). Request
 * names are case-insensitive. Stateless; never throws for bad input.
 */
final class RequestParser {
    /** Depth levels per side when a depth subscription names none. */
    static final int DEFAULT_DEPTH_LEVELS = 10;
    /** Most depth levels per side a client may ask for. */
    static final int MAX_DEPTH_LEVELS = 50;

    private RequestParser() {}

    static ClientRequest parse(String text) {
        Object value;
        try {
            value = Json.decodeValue(text);
        } catch (DecodeException e) {
            return new ClientRequest.Invalid(ErrorCode.INVALID_JSON, "Invalid JSON: " + shortReason(e));
        }
        if (!(value instanceof JsonObject json)) {
            return new ClientRequest.Invalid(ErrorCode.INVALID_MESSAGE,
                    "Message must be a JSON object like {\"type\":\"subscribe\",\"symbols\":[\"EURUSD\"]}");
        }
        Object typeValue = json.getValue("type");
        if (typeValue == null) {
            typeValue = json.getValue("action");
        }
        if (typeValue == null) {
            return new ClientRequest.Invalid(ErrorCode.UNKNOWN_TYPE,
                    "Missing 'type' (auth, subscribe, unsubscribe, list, limits, options, ping)");
        }
        if (!(typeValue instanceof String type)) {
            return new ClientRequest.Invalid(ErrorCode.UNKNOWN_TYPE, "'type' must be a string, got " + typeValue);
        }
        switch (type.trim().toLowerCase(Locale.ROOT)) {
            case "auth":
            case "authenticate": {
                Object key = json.getValue("apiKey");
                return new ClientRequest.Auth(key instanceof String s ? s : null);
            }
            case "subscribe":
                return symbolsRequest(json, true);
            case "unsubscribe":
                return symbolsRequest(json, false);
            case "list":
                return new ClientRequest.ListSubscriptions();
            case "limits":
                return new ClientRequest.Limits();
            case "ping":
                return new ClientRequest.Ping(json.getValue("id"));
            case "options": {
                Object batch = json.getValue("batch");
                if (!(batch instanceof Boolean b)) {
                    return new ClientRequest.Invalid(ErrorCode.INVALID_MESSAGE,
                            "'options' needs \"batch\": true or false");
                }
                return new ClientRequest.Options(b);
            }
            default:
                return new ClientRequest.Invalid(ErrorCode.UNKNOWN_TYPE, "Unknown type '" + type
                        + "' (expected auth, subscribe, unsubscribe, list, limits, options, ping)");
        }
    }

    private static ClientRequest symbolsRequest(JsonObject json, boolean subscribe) {
        List<String> symbols = new ArrayList<>();
        Object single = json.getValue("symbol");
        Object many = json.getValue("symbols");
        if (single == null && many == null) {
            return invalidSymbols("Missing 'symbol' or 'symbols'");
        }
        if (single != null) {
            if (!(single instanceof String s) || s.isBlank()) {
                return invalidSymbols("'symbol' must be a non-empty string");
            }
            symbols.add(s);
        }
        if (many != null) {
            if (!(many instanceof JsonArray array)) {
                return invalidSymbols("'symbols' must be an array of strings");
            }
            if (array.isEmpty()) {
                return invalidSymbols("'symbols' must not be empty");
            }
            for (int i = 0; i < array.size(); i++) {
                Object entry = array.getValue(i);
                if (!(entry instanceof String s) || s.isBlank()) {
                    return invalidSymbols("'symbols[" + i + "]' must be a non-empty string, got " + entry);
                }
                symbols.add(s);
            }
        }
        Object exchangeValue = json.getValue("exchange");
        String exchange = null;
        if (exchangeValue != null) {
            if (!(exchangeValue instanceof String s) || s.isBlank()) {
                return invalidSymbols("'exchange' must be a non-empty string");
            }
            exchange = s.trim();
        }
        List<Channel> channels = new ArrayList<>();
        String channelError = channels(json, channels);
        if (channelError != null) {
            return new ClientRequest.Invalid(ErrorCode.INVALID_CHANNEL, channelError);
        }
        if (!subscribe) {
            return new ClientRequest.Unsubscribe(symbols, exchange, channels);
        }
        if (channels.isEmpty()) {
            channels.add(Channel.TICK);
        }
        Object levelsValue = json.getValue("levels");
        if (levelsValue == null && json.getValue("depth") instanceof Number) {
            levelsValue = json.getValue("depth"); // {"channel":"depth","depth":5} reads naturally too
        }
        int levels = DEFAULT_DEPTH_LEVELS;
        if (levelsValue != null) {
            if (!(levelsValue instanceof Integer || levelsValue instanceof Long)
                    || ((Number) levelsValue).longValue() < 1 || ((Number) levelsValue).longValue() > MAX_DEPTH_LEVELS) {
                return new ClientRequest.Invalid(ErrorCode.INVALID_LEVELS,
                        "'levels' must be an integer from 1 to " + MAX_DEPTH_LEVELS + ", got " + levelsValue);
            }
            levels = ((Number) levelsValue).intValue();
        }
        return new ClientRequest.Subscribe(symbols, exchange, channels, levels);
    }

    /** Reads {@code channel} and/or {@code channels} into {@code out} (in order, no duplicates); returns an error. */
    private static String channels(JsonObject json, List<Channel> out) {
        Object single = json.getValue("channel");
        Object many = json.getValue("channels");
        List<Object> names = new ArrayList<>();
        if (single != null) {
            names.add(single);
        }
        if (many != null) {
            if (!(many instanceof JsonArray array) || array.isEmpty()) {
                return "'channels' must be a non-empty array of tick, depth, trade, status";
            }
            array.forEach(names::add);
        }
        for (Object name : names) {
            Channel c = name instanceof String s ? channel(s) : null;
            if (c == null) {
                return "Unknown channel '" + name + "' (expected tick, depth, trade, status)";
            }
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return null;
    }

    private static Channel channel(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "tick":
            case "ticks":
            case "quote":
                return Channel.TICK;
            case "depth":
            case "book":
                return Channel.DEPTH;
            case "trade":
            case "trades":
                return Channel.TRADE;
            case "status":
                return Channel.STATUS;
            default:
                return null;
        }
    }

    private static ClientRequest invalidSymbols(String message) {
        return new ClientRequest.Invalid(ErrorCode.INVALID_SYMBOLS, message);
    }

    private static String shortReason(DecodeException e) {
        String m = e.getMessage() == null ? "malformed" : e.getMessage();
        int cut = m.indexOf('\n');
        m = cut >= 0 ? m.substring(0, cut) : m;
        return m.length() > 200 ? m.substring(0, 200) : m;
    }
}
