package dev.tickplant.gateway.alltick;

import static dev.tickplant.gateway.alltick.AllTickProtocol.MSG_DATA_INVALID;
import static dev.tickplant.gateway.alltick.AllTickProtocol.MSG_HEADER_INVALID;
import static dev.tickplant.gateway.alltick.AllTickProtocol.RET_BAD_REQUEST;
import static dev.tickplant.gateway.alltick.AllTickProtocol.RET_BODY_EMPTY;

import dev.tickplant.gateway.alltick.AllTickRequest.Header;
import dev.tickplant.gateway.alltick.AllTickRequest.Invalid;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Client text to {@link AllTickRequest}, liberal in what it accepts: trailing commas before {@code }} or {@code ]}
 * (AllTick's own documentation examples have them) are removed outside strings before parsing; {@code seq_id}
 * and {@code trace} may be missing (echoed as {@code 0} and {@code ""}); numbers may come as numeric strings; a
 * {@code symbol_list} entry may be a bare code string. Never throws for bad input: that comes back as
 * {@link Invalid} with the {@code ret} and {@code msg} to reply.
 *
 * <p>Seed 002's flat variant is recognised by an {@code action} field and no {@code data} field.
 *
 * <p>Stateless and thread-safe.
 */
final class AllTickRequestParser {
    private AllTickRequestParser() {}

    static AllTickRequest parse(String text) {
        if (text == null || text.isBlank()) {
            return new Invalid(Header.NONE, RET_BODY_EMPTY, "body empty");
        }
        Object value;
        try {
            value = Json.decodeValue(stripTrailingCommas(text));
        } catch (DecodeException e) {
            return new Invalid(Header.NONE, RET_BAD_REQUEST, MSG_HEADER_INVALID + ": not valid JSON");
        }
        if (!(value instanceof JsonObject)) {
            return new Invalid(Header.NONE, RET_BAD_REQUEST, MSG_HEADER_INVALID + ": not a JSON object");
        }
        JsonObject json = (JsonObject) value;
        if (json.isEmpty()) {
            return new Invalid(Header.NONE, RET_BODY_EMPTY, "body empty");
        }
        Long cmd = integer(json.getValue("cmd_id"));
        Object seq = json.getValue("seq_id");
        Object seqId = seq == null ? (Object) 0L : integer(seq) != null ? (Object) integer(seq) : seq;
        Object rawTrace = json.getValue("trace");
        String trace = rawTrace == null ? "" : rawTrace instanceof String || rawTrace instanceof Number
                ? rawTrace.toString() : null;
        Header header = new Header(cmd == null || cmd < 0 || cmd > Integer.MAX_VALUE ? 0 : cmd.intValue(),
                seqId instanceof Long || seqId instanceof String ? seqId : 0L, trace == null ? "" : trace);
        if (cmd == null) {
            return new Invalid(header, RET_BAD_REQUEST, MSG_HEADER_INVALID + ": cmd_id missing or not an integer");
        }
        if (!(seqId instanceof Long || seqId instanceof String)) {
            return new Invalid(header, RET_BAD_REQUEST, MSG_HEADER_INVALID + ": seq_id must be an integer");
        }
        if (trace == null) {
            return new Invalid(header, RET_BAD_REQUEST, MSG_HEADER_INVALID + ": trace must be a string");
        }
        if (json.containsKey("action") && !json.containsKey("data")) {
            return flat(header, json);
        }
        Object rawData = json.getValue("data");
        if (rawData != null && !(rawData instanceof JsonObject)) {
            return new Invalid(header, RET_BAD_REQUEST, MSG_HEADER_INVALID + ": data must be an object");
        }
        JsonObject data = rawData == null ? new JsonObject() : (JsonObject) rawData;
        int cmdId = header.cmdId();
        if (cmdId == AllTickProtocol.CMD_HEARTBEAT) {
            return new AllTickRequest.Heartbeat(header);
        }
        if (cmdId != AllTickProtocol.CMD_SUBSCRIBE_DEPTH && cmdId != AllTickProtocol.CMD_SUBSCRIBE_TRADES
                && cmdId != AllTickProtocol.CMD_CANCEL) {
            return new Invalid(header, RET_BAD_REQUEST, MSG_HEADER_INVALID + ": unknown cmd_id " + cmd
                    + " (expected 22000, 22002, 22004 or 22006)");
        }
        if (data.isEmpty()) {
            return new Invalid(header, RET_BODY_EMPTY, "body empty: data must not be empty");
        }
        if (cmdId == AllTickProtocol.CMD_CANCEL) {
            Long type = integer(data.getValue("cancel_type"));
            if (type == null || type < 0 || type > 2) {
                return new Invalid(header, RET_BAD_REQUEST,
                        MSG_DATA_INVALID + ": cancel_type must be 0 (all), 1 (depth) or 2 (trade)");
            }
            return new AllTickRequest.Cancel(header, type.intValue());
        }
        Object rawList = data.getValue("symbol_list");
        if (!(rawList instanceof JsonArray)) {
            return new Invalid(header, RET_BAD_REQUEST, MSG_DATA_INVALID + ": symbol_list must be a list");
        }
        boolean depth = cmdId == AllTickProtocol.CMD_SUBSCRIBE_DEPTH;
        List<AllTickRequest.DepthCode> codes = new ArrayList<>();
        for (Object item : (JsonArray) rawList) {
            String code;
            Object level = null;
            if (item instanceof String s) {
                code = s;
            } else if (item instanceof JsonObject o && o.getValue("code") instanceof String s) {
                code = s;
                level = o.getValue("depth_level");
            } else {
                return new Invalid(header, RET_BAD_REQUEST,
                        MSG_DATA_INVALID + ": each symbol_list entry needs a string code");
            }
            if (code.isBlank()) {
                return new Invalid(header, RET_BAD_REQUEST, MSG_DATA_INVALID + ": empty code in symbol_list");
            }
            int depthLevel = 0;
            if (depth && level != null) {
                Long l = integer(level);
                if (l == null || l < 1 || l > Integer.MAX_VALUE) {
                    return new Invalid(header, RET_BAD_REQUEST, MSG_DATA_INVALID + ": depth_level of " + code
                            + " must be a positive integer");
                }
                depthLevel = l.intValue();
            }
            codes.add(new AllTickRequest.DepthCode(code.trim(), depthLevel));
        }
        if (depth) {
            return new AllTickRequest.SubscribeDepth(header, codes);
        }
        return new AllTickRequest.SubscribeTrades(header, codes.stream().map(AllTickRequest.DepthCode::code)
                .toList());
    }

    private static AllTickRequest flat(Header header, JsonObject json) {
        if (header.cmdId() != AllTickProtocol.CMD_SUBSCRIBE_TRADES
                && header.cmdId() != AllTickProtocol.CMD_SUBSCRIBE_DEPTH) {
            return new Invalid(header, RET_BAD_REQUEST, MSG_HEADER_INVALID + ": action requests take cmd_id 22004");
        }
        Object action = json.getValue("action");
        String a = action instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : "";
        if (!a.equals("subscribe") && !a.equals("unsubscribe")) {
            return new Invalid(header, RET_BAD_REQUEST,
                    MSG_HEADER_INVALID + ": action must be \"subscribe\" or \"unsubscribe\"");
        }
        Object rawCodes = json.getValue("code");
        List<String> codes = new ArrayList<>();
        if (rawCodes instanceof String s) {
            codes.add(s);
        } else if (rawCodes instanceof JsonArray arr) {
            for (Object o : arr) {
                if (!(o instanceof String s) || s.isBlank()) {
                    return new Invalid(header, RET_BAD_REQUEST, MSG_HEADER_INVALID + ": code must list strings");
                }
                codes.add(s.trim());
            }
        } else if (rawCodes != null) {
            return new Invalid(header, RET_BAD_REQUEST, MSG_HEADER_INVALID + ": code must be a list of strings");
        }
        if (codes.isEmpty()) {
            return new Invalid(header, RET_BODY_EMPTY, "body empty: code must not be empty");
        }
        return new AllTickRequest.Flat(header, a.equals("subscribe"), codes);
    }

    /** An integral number, or a string holding one; else null. */
    private static Long integer(Object v) {
        try {
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                return ((Number) v).longValue();
            }
            if (v instanceof Number n) {
                return new BigDecimal(n.toString()).longValueExact();
            }
            if (v instanceof String s && !s.isBlank()) {
                return new BigDecimal(s.trim()).longValueExact();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /**
     * Removes every comma that, outside a string literal, is followed (after optional whitespace) by {@code }} or
     * {@code ]}. Strings, escapes included, are copied unchanged. Linear time.
     */
    static String stripTrailingCommas(String text) {
        StringBuilder out = null;
        boolean inString = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\' && i + 1 < n) {
                    // The escaped character, even a quote, stays inside the string.
                    if (out != null) {
                        out.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                if (c == '"') {
                    inString = false;
                }
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == ',') {
                int j = i + 1;
                while (j < n && Character.isWhitespace(text.charAt(j))) {
                    j++;
                }
                if (j < n && (text.charAt(j) == '}' || text.charAt(j) == ']')) {
                    if (out == null) {
                        out = new StringBuilder(n).append(text, 0, i);
                    }
                    continue;
                }
            }
            if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
