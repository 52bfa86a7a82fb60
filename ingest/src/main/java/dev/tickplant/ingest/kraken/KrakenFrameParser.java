package dev.tickplant.ingest.kraken;

import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.kraken.KrakenFrames.Ack;
import dev.tickplant.ingest.kraken.KrakenFrames.Book;
import dev.tickplant.ingest.kraken.KrakenFrames.BookMessage;
import dev.tickplant.ingest.kraken.KrakenFrames.Heartbeat;
import dev.tickplant.ingest.kraken.KrakenFrames.Inbound;
import dev.tickplant.ingest.kraken.KrakenFrames.Level;
import dev.tickplant.ingest.kraken.KrakenFrames.Pong;
import dev.tickplant.ingest.kraken.KrakenFrames.SystemStatus;
import dev.tickplant.ingest.kraken.KrakenFrames.Ticker;
import dev.tickplant.ingest.kraken.KrakenFrames.TickerMessage;
import dev.tickplant.ingest.kraken.KrakenFrames.Trade;
import dev.tickplant.ingest.kraken.KrakenFrames.TradeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text frame → {@link Inbound}. Decimal fields keep the venue's literal text so the book checksum can be verified.
 * Expected failures come back as {@link Parsed.Rejected}; the parser never throws on venue input.
 *
 * <p>Stateless and thread-safe.
 */
public final class KrakenFrameParser {
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

    /** Parses one text frame. */
    public Parsed parse(String text) {
        Object doc;
        try {
            doc = KrakenJson.parse(text);
        } catch (IllegalArgumentException e) {
            return new Parsed.Rejected(Reject.PARSE_MALFORMED_FRAME, e.getMessage());
        }
        if (!(doc instanceof Map)) {
            return new Parsed.Rejected(Reject.PARSE_MALFORMED_FRAME, "not a JSON object");
        }
        Map<?, ?> obj = (Map<?, ?>) doc;
        try {
            Object method = obj.get("method");
            if (method != null) {
                return parseMethod(obj, str(method, "method"));
            }
            Object channel = obj.get("channel");
            if (channel == null) {
                return new Parsed.Rejected(Reject.PARSE_BAD_FIELD, "neither method nor channel");
            }
            return parseChannel(obj, str(channel, "channel"));
        } catch (BadField e) {
            return new Parsed.Rejected(Reject.PARSE_BAD_FIELD, e.getMessage());
        }
    }

    private Parsed parseMethod(Map<?, ?> obj, String method) throws BadField {
        long reqId = obj.get("req_id") == null ? 0 : longValue(obj.get("req_id"), "req_id");
        switch (method) {
            case "pong":
                return new Parsed.Ok(new Pong(reqId));
            case "subscribe":
            case "unsubscribe": {
                boolean success = Boolean.TRUE.equals(obj.get("success"));
                String channel = null;
                String symbol = obj.get("symbol") instanceof String ? (String) obj.get("symbol") : null;
                Object result = obj.get("result");
                if (result instanceof Map) {
                    Map<?, ?> r = (Map<?, ?>) result;
                    channel = r.get("channel") instanceof String ? (String) r.get("channel") : null;
                    if (r.get("symbol") instanceof String) {
                        symbol = (String) r.get("symbol");
                    }
                }
                String error = obj.get("error") instanceof String ? (String) obj.get("error") : null;
                if (success && channel == null) {
                    throw new BadField("successful " + method + " without result.channel");
                }
                return new Parsed.Ok(new Ack(method, reqId, success, channel, symbol, error));
            }
            default:
                return new Parsed.Rejected(Reject.PARSE_UNKNOWN_COMMAND, "method " + method);
        }
    }

    private Parsed parseChannel(Map<?, ?> obj, String channel) throws BadField {
        switch (channel) {
            case KrakenFrames.CHANNEL_HEARTBEAT:
                return new Parsed.Ok(new Heartbeat());
            case KrakenFrames.CHANNEL_STATUS: {
                List<?> data = list(obj.get("data"), "data");
                String system = data.isEmpty() ? "unknown" : optStr(map(data.get(0), "data[0]").get("system"));
                return new Parsed.Ok(new SystemStatus(system == null ? "unknown" : system));
            }
            case KrakenFrames.CHANNEL_TICKER: {
                List<Ticker> out = new ArrayList<>();
                for (Object o : list(obj.get("data"), "data")) {
                    Map<?, ?> d = map(o, "data[]");
                    // Only the symbol is required: a side without orders or a last before the first trade is
                    // left out (or null), and the ticker's other sides still count.
                    out.add(new Ticker(str(d.get("symbol"), "symbol"), optNum(d.get("bid"), "bid"),
                            optNum(d.get("bid_qty"), "bid_qty"), optNum(d.get("ask"), "ask"),
                            optNum(d.get("ask_qty"), "ask_qty"), optNum(d.get("last"), "last"),
                            optStr(d.get("timestamp"))));
                }
                return new Parsed.Ok(new TickerMessage(snapshot(obj), out));
            }
            case KrakenFrames.CHANNEL_BOOK: {
                List<Book> out = new ArrayList<>();
                for (Object o : list(obj.get("data"), "data")) {
                    Map<?, ?> d = map(o, "data[]");
                    out.add(new Book(str(d.get("symbol"), "symbol"), levels(d.get("bids"), "bids"),
                            levels(d.get("asks"), "asks"), d.get("checksum") == null ? Book.NO_CHECKSUM
                                    : longValue(d.get("checksum"), "checksum"),
                            optStr(d.get("timestamp"))));
                }
                return new Parsed.Ok(new BookMessage(snapshot(obj), out));
            }
            case KrakenFrames.CHANNEL_TRADE: {
                List<Trade> out = new ArrayList<>();
                for (Object o : list(obj.get("data"), "data")) {
                    Map<?, ?> d = map(o, "data[]");
                    // trade_id is the de-duplication key, price and qty the trade: required, the rest optional.
                    out.add(new Trade(str(d.get("symbol"), "symbol"), optStr(d.get("side")),
                            num(d.get("price"), "price"), num(d.get("qty"), "qty"),
                            num(d.get("trade_id"), "trade_id"), optStr(d.get("timestamp"))));
                }
                return new Parsed.Ok(new TradeMessage(snapshot(obj), out));
            }
            default:
                return new Parsed.Rejected(Reject.PARSE_UNKNOWN_COMMAND, "channel " + channel);
        }
    }

    private static boolean snapshot(Map<?, ?> obj) throws BadField {
        String type = str(obj.get("type"), "type");
        if (type.equals("snapshot")) {
            return true;
        }
        if (type.equals("update")) {
            return false;
        }
        throw new BadField("type " + type);
    }

    private static List<Level> levels(Object value, String name) throws BadField {
        if (value == null) {
            return List.of();
        }
        List<Level> out = new ArrayList<>();
        for (Object o : list(value, name)) {
            Map<?, ?> l = map(o, name + "[]");
            out.add(new Level(num(l.get("price"), "price"), num(l.get("qty"), "qty")));
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

    private static String str(Object value, String name) throws BadField {
        if (!(value instanceof String)) {
            throw new BadField(name + " is not a string");
        }
        return (String) value;
    }

    private static String optStr(Object value) {
        return value instanceof String ? (String) value : null;
    }

    /** A decimal as text; numbers are what Kraken v2 sends, quoted decimals are accepted as well. */
    private static String num(Object value, String name) throws BadField {
        if (value instanceof KrakenJson.Num) {
            return ((KrakenJson.Num) value).text();
        }
        if (value instanceof String && !((String) value).isEmpty()) {
            return (String) value;
        }
        throw new BadField(name + " is not a number");
    }

    /** An optional decimal: null when absent, JSON null or {@code ""}. */
    private static String optNum(Object value, String name) throws BadField {
        if (value == null || "".equals(value)) {
            return null;
        }
        return num(value, name);
    }

    private static long longValue(Object value, String name) throws BadField {
        String text = num(value, name);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadField(name + " is not an integer: " + text);
        }
    }
}
