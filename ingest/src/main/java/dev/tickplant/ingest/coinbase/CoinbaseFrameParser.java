package dev.tickplant.ingest.coinbase;

import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.VenueDecimal;
import dev.tickplant.ingest.coinbase.CoinbaseFrames.Change;
import dev.tickplant.ingest.coinbase.CoinbaseFrames.Inbound;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Text frame → {@link Inbound}. Coinbase quotes every decimal as a string, so the text survives as sent (a JSON
 * number is taken as its digits). Required are a message's {@code type} and {@code product_id}, an l2update's
 * {@code changes}, a match's {@code trade_id}, {@code price} and {@code size}; everything else is optional. Expected
 * failures come back as {@link Parsed.Rejected}; unknown message types as {@link Parsed.Ignored} (the venue says
 * new types may appear at any time and clients must ignore them).
 *
 * <p>Stateless and thread-safe.
 */
public final class CoinbaseFrameParser {
    /** The outcome of parsing one frame. */
    public sealed interface Parsed {
        /** A recognised message. */
        record Ok(Inbound frame) implements Parsed {}

        /** A well-formed message of a type this adapter does not use. */
        record Ignored(String type) implements Parsed {}

        /** A malformed message. */
        record Rejected(Reject reason, String detail) implements Parsed {}
    }

    /** Parses one text frame. */
    public Parsed parse(String text) {
        JsonObject o;
        try {
            o = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            return new Parsed.Rejected(Reject.PARSE_MALFORMED_FRAME, "not a JSON object");
        }
        try {
            String type = o.getString("type");
            if (type == null) {
                return new Parsed.Rejected(Reject.PARSE_BAD_FIELD, "no type");
            }
            switch (type) {
                case "subscriptions": {
                    List<String> names = new ArrayList<>();
                    for (Object c : o.getJsonArray("channels", new JsonArray())) {
                        names.add(c instanceof JsonObject ? ((JsonObject) c).getString("name") : String.valueOf(c));
                    }
                    return new Parsed.Ok(new CoinbaseFrames.Subscriptions(names));
                }
                case "error":
                    return new Parsed.Ok(new CoinbaseFrames.Error(o.getString("message", ""),
                            o.getString("reason", "")));
                case "heartbeat":
                    return new Parsed.Ok(new CoinbaseFrames.Heartbeat(req(o, "product_id"), optNum(o, "sequence"),
                            optNum(o, "last_trade_id"), optText(o, "time")));
                case "ticker":
                    // Only the product is required: price (the last trade), a side without orders, the sizes
                    // (which older versions lack), sequence and time may each be absent or empty.
                    return new Parsed.Ok(new CoinbaseFrames.Ticker(req(o, "product_id"), optNum(o, "sequence"),
                            optDecimal(o, "price"), optDecimal(o, "best_bid"), optDecimal(o, "best_bid_size"),
                            optDecimal(o, "best_ask"), optDecimal(o, "best_ask_size"), optText(o, "time")));
                case "snapshot":
                    return new Parsed.Ok(new CoinbaseFrames.Snapshot(req(o, "product_id"),
                            levels(o.getJsonArray("bids"), "buy"), levels(o.getJsonArray("asks"), "sell")));
                case "l2update": {
                    List<Change> changes = new ArrayList<>();
                    JsonArray array = o.getJsonArray("changes");
                    if (array == null) {
                        throw new IllegalArgumentException("changes missing");
                    }
                    for (Object c : array) {
                        JsonArray a = (JsonArray) c;
                        String side = a.getString(0);
                        if (!"buy".equals(side) && !"sell".equals(side)) {
                            throw new IllegalArgumentException("bad side " + side);
                        }
                        changes.add(new Change(side, decimal(a.getValue(1), "price"), decimal(a.getValue(2), "size")));
                    }
                    return new Parsed.Ok(new CoinbaseFrames.L2Update(req(o, "product_id"), changes,
                            optText(o, "time")));
                }
                case "match":
                case "last_match": {
                    // trade_id is the de-duplication key, price and size the trade: required; the maker side,
                    // sequence and time are optional.
                    Object id = o.getValue("trade_id");
                    if (!(id instanceof Number) && !(id instanceof String s && !s.isEmpty())) {
                        throw new IllegalArgumentException("trade_id missing");
                    }
                    String side = optText(o, "side");
                    if (side != null && !"buy".equals(side) && !"sell".equals(side)) {
                        throw new IllegalArgumentException("bad side " + side);
                    }
                    return new Parsed.Ok(new CoinbaseFrames.Match(type.equals("last_match"), req(o, "product_id"),
                            id.toString(), optNum(o, "sequence"), decimal(o.getValue("price"), "price"),
                            decimal(o.getValue("size"), "size"), side, optText(o, "time")));
                }
                default:
                    return new Parsed.Ignored(type);
            }
        } catch (ClassCastException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return new Parsed.Rejected(Reject.PARSE_BAD_FIELD, e.getMessage());
        }
    }

    /** A side of a snapshot; an absent side (a one-sided book) has no levels. */
    private static List<Change> levels(JsonArray array, String side) {
        if (array == null) {
            return List.of();
        }
        List<Change> out = new ArrayList<>(array.size());
        for (Object l : array) {
            JsonArray a = (JsonArray) l;
            out.add(new Change(side, decimal(a.getValue(0), "price"), decimal(a.getValue(1), "size")));
        }
        return out;
    }

    /** A required decimal, as text or a JSON number. */
    private static String decimal(Object value, String key) {
        String text = VenueDecimal.text(value);
        if (text == null) {
            throw new IllegalArgumentException(key + " missing");
        }
        return text;
    }

    private static String optDecimal(JsonObject o, String key) {
        return VenueDecimal.text(o.getValue(key));
    }

    private static String optText(JsonObject o, String key) {
        return o.getValue(key) instanceof String s && !s.isEmpty() ? s : null;
    }

    /** An optional integer (JSON number or text), 0 when absent. */
    private static long optNum(JsonObject o, String key) {
        Object v = o.getValue(key);
        if (v == null || "".equals(v)) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            return Long.parseLong(s);
        }
        throw new IllegalArgumentException(key + " is not a number");
    }

    private static String req(JsonObject o, String key) {
        String v = o.getString(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(key + " missing");
        }
        return v;
    }
}
