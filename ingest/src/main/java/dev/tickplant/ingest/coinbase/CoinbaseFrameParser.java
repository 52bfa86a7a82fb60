package dev.tickplant.ingest.coinbase;

import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.coinbase.CoinbaseFrames.Change;
import dev.tickplant.ingest.coinbase.CoinbaseFrames.Inbound;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Text frame → {@link Inbound}. Coinbase quotes every decimal as a string, so the text survives as sent. Expected
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
                    return new Parsed.Ok(new CoinbaseFrames.Heartbeat(req(o, "product_id"), num(o, "sequence"),
                            o.getLong("last_trade_id", 0L), o.getString("time")));
                case "ticker":
                    return new Parsed.Ok(new CoinbaseFrames.Ticker(req(o, "product_id"), num(o, "sequence"),
                            req(o, "price"), req(o, "best_bid"), o.getString("best_bid_size", "0"), req(o, "best_ask"),
                            o.getString("best_ask_size", "0"), o.getString("time")));
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
                        changes.add(new Change(side, a.getString(1), a.getString(2)));
                    }
                    return new Parsed.Ok(new CoinbaseFrames.L2Update(req(o, "product_id"), changes,
                            o.getString("time")));
                }
                case "match":
                case "last_match": {
                    Object id = o.getValue("trade_id");
                    if (!(id instanceof Number)) {
                        throw new IllegalArgumentException("trade_id missing");
                    }
                    String side = req(o, "side");
                    if (!"buy".equals(side) && !"sell".equals(side)) {
                        throw new IllegalArgumentException("bad side " + side);
                    }
                    return new Parsed.Ok(new CoinbaseFrames.Match(type.equals("last_match"), req(o, "product_id"),
                            id.toString(), num(o, "sequence"), req(o, "price"), req(o, "size"), side,
                            o.getString("time")));
                }
                default:
                    return new Parsed.Ignored(type);
            }
        } catch (ClassCastException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return new Parsed.Rejected(Reject.PARSE_BAD_FIELD, e.getMessage());
        }
    }

    private static List<Change> levels(JsonArray array, String side) {
        if (array == null) {
            throw new IllegalArgumentException(side + " levels missing");
        }
        List<Change> out = new ArrayList<>(array.size());
        for (Object l : array) {
            JsonArray a = (JsonArray) l;
            out.add(new Change(side, a.getString(0), a.getString(1)));
        }
        return out;
    }

    private static String req(JsonObject o, String key) {
        String v = o.getString(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(key + " missing");
        }
        return v;
    }

    private static long num(JsonObject o, String key) {
        Long v = o.getLong(key);
        if (v == null) {
            throw new IllegalArgumentException(key + " missing");
        }
        return v;
    }
}
