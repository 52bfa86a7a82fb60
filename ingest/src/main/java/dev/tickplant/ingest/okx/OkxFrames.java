package dev.tickplant.ingest.okx;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * OKX v5 public WebSocket records, both directions, prices and sizes kept as the venue's decimal text (the book
 * checksum is computed over that exact text).
 *
 * @see <a href="https://www.okx.com/docs-v5/en/#overview-websocket">OKX v5 WebSocket overview</a>
 * @see <a href="https://www.okx.com/docs-v5/en/#order-book-trading-market-data-ws-order-book-channel">OKX order book channel</a>
 */
public final class OkxFrames {
    /** The keep-alive request, sent as this literal text. */
    public static final String PING = "ping";
    /** The keep-alive answer, received as this literal text. */
    public static final String PONG = "pong";
    /** Error code: the channel or instrument does not exist. */
    public static final String CODE_NOT_EXIST = "60018";
    /** Error code: requests too frequent. */
    public static final String CODE_TOO_FREQUENT = "60014";
    /** Error code: invalid request. */
    public static final String CODE_INVALID_REQUEST = "60012";

    private OkxFrames() {}

    /** Any frame. */
    public sealed interface Frame permits Request, Event, Ping, Pong, BookPush, TradesPush, TickersPush {}

    /** One subscription argument {@code {"channel":…,"instId":…}}. */
    public record Arg(String channel, String instId) {
        JsonObject toJson() {
            return new JsonObject().put("channel", channel).put("instId", instId);
        }
    }

    /** {@code {"id":"1512","op":"subscribe","args":[…]}} (also {@code unsubscribe}). */
    public record Request(String id, String op, List<Arg> args) implements Frame {
        public Request {
            args = List.copyOf(args);
        }

        public String toJson() {
            JsonArray a = new JsonArray();
            args.forEach(arg -> a.add(arg.toJson()));
            JsonObject json = new JsonObject();
            if (id != null) {
                json.put("id", id);
            }
            return json.put("op", op).put("args", a).encode();
        }
    }

    /**
     * An event reply: {@code {"id":…,"event":"subscribe","arg":{…},"connId":…}} per argument, or
     * {@code {"id":…,"event":"error","code":"60012","msg":…,"connId":…}}.
     *
     * @param id the request's id, or null when the request had none
     * @param arg the argument (subscribe/unsubscribe), or null for errors
     */
    public record Event(String id, String event, Arg arg, String code, String msg, String connId) implements Frame {
        public boolean error() {
            return "error".equals(event);
        }

        public String toJson() {
            JsonObject json = new JsonObject();
            if (id != null) {
                json.put("id", id);
            }
            json.put("event", event);
            if (arg != null) {
                json.put("arg", arg.toJson());
            }
            if (code != null) {
                json.put("code", code).put("msg", msg == null ? "" : msg);
            }
            return json.put("connId", connId).encode();
        }
    }

    /** The literal text {@code ping}. */
    public record Ping() implements Frame {}

    /** The literal text {@code pong}. */
    public record Pong() implements Frame {}

    /** A book level {@code [price, size, "0", orders]}; size {@code "0"} deletes the level in an update. */
    public record Level(String price, String size, String liquidated, String orders) {
        JsonArray toJson() {
            return new JsonArray().add(price).add(size).add(liquidated).add(orders);
        }
    }

    /**
     * One book message. For {@code books}: {@code checksum}, {@code prevSeqId} (-1 on a snapshot) and {@code seqId};
     * for {@code bbo-tbt}: {@code seqId} only (checksum {@link #NO_CHECKSUM}, prevSeqId -1). Every one of these is
     * optional: older feeds, recordings and some channels carry no {@code seqId}/{@code prevSeqId} ({@link #NO_SEQ}),
     * and OKX deprecated {@code checksum}. A missing side is an empty list.
     *
     * @param tsMs venue time in epoch ms, or 0 when the message has none
     */
    public record BookData(List<Level> asks, List<Level> bids, long tsMs, long checksum, long prevSeqId,
            long seqId) {
        /** {@code checksum} of a message without one. */
        public static final long NO_CHECKSUM = Long.MIN_VALUE;
        /** {@code seqId} or {@code prevSeqId} of a message without one (a snapshot's {@code prevSeqId} is -1 too). */
        public static final long NO_SEQ = -1;

        public BookData {
            asks = List.copyOf(asks);
            bids = List.copyOf(bids);
        }

        /**
         * Whether {@code checksum} is one to verify. OKX deprecated the field and the live venue now sends 0 on every
         * message (a real CRC32 is 0 once in 2^32 books), so 0 and a missing field both mean "not given": the book
         * then rests on the {@code seqId}/{@code prevSeqId} chain alone instead of resyncing forever.
         */
        public boolean hasChecksum() {
            return checksum != NO_CHECKSUM && checksum != 0;
        }

        /** Whether this message carries its {@code seqId}. */
        public boolean hasSeqId() {
            return seqId != NO_SEQ;
        }

        /** Whether this update links to its predecessor: it carries both {@code seqId} and {@code prevSeqId}. */
        public boolean chained() {
            return seqId != NO_SEQ && prevSeqId != NO_SEQ;
        }

        JsonObject toJson(boolean full) {
            JsonArray a = new JsonArray();
            asks.forEach(l -> a.add(l.toJson()));
            JsonArray b = new JsonArray();
            bids.forEach(l -> b.add(l.toJson()));
            JsonObject json = new JsonObject().put("asks", a).put("bids", b).put("ts", Long.toString(tsMs));
            if (full && checksum != NO_CHECKSUM) {
                json.put("checksum", checksum);
            }
            if (full && hasSeqId()) {
                json.put("prevSeqId", prevSeqId);
            }
            return hasSeqId() ? json.put("seqId", seqId) : json;
        }
    }

    /** A push on a book channel; {@code action} is {@code snapshot}/{@code update}, or null on {@code bbo-tbt}. */
    public record BookPush(Arg arg, String action, List<BookData> data) implements Frame {
        public BookPush {
            data = List.copyOf(data);
        }

        public String toJson() {
            JsonObject json = new JsonObject().put("arg", arg.toJson());
            if (action != null) {
                json.put("action", action);
            }
            JsonArray d = new JsonArray();
            data.forEach(b -> d.add(b.toJson(action != null)));
            return json.put("data", d).encode();
        }
    }

    /**
     * One trade: {@code {"instId","tradeId","px","sz","side","ts","count"}}.
     *
     * @param side {@code buy}/{@code sell}, or null when the message has none
     * @param tsMs venue time in epoch ms, or 0 when the message has none
     */
    public record TradeData(String instId, String tradeId, String px, String sz, String side, long tsMs) {}

    /** A push on {@code trades}. */
    public record TradesPush(Arg arg, List<TradeData> data) implements Frame {
        public TradesPush {
            data = List.copyOf(data);
        }

        public String toJson() {
            JsonArray d = new JsonArray();
            for (TradeData t : data) {
                d.add(new JsonObject().put("instId", t.instId()).put("tradeId", t.tradeId()).put("px", t.px())
                        .put("sz", t.sz()).put("side", t.side()).put("ts", Long.toString(t.tsMs()))
                        .put("count", "1"));
            }
            return new JsonObject().put("arg", arg.toJson()).put("data", d).encode();
        }
    }

    /**
     * One ticker: best bid/ask with sizes and the last trade. Every decimal is optional: OKX sends {@code ""} for a
     * side without orders (options, thin books) and for a {@code last} before the first trade; absent and empty
     * are both null here.
     *
     * @param tsMs venue time in epoch ms, or 0 when the message has none
     */
    public record TickerData(String instId, String last, String lastSz, String askPx, String askSz, String bidPx,
            String bidSz, long tsMs) {}

    /** A push on {@code tickers}. */
    public record TickersPush(Arg arg, List<TickerData> data) implements Frame {
        public TickersPush {
            data = List.copyOf(data);
        }

        public String toJson() {
            JsonArray d = new JsonArray();
            for (TickerData t : data) {
                // OKX writes an empty side as "" rather than leaving the field out.
                d.add(new JsonObject().put("instType", "SPOT").put("instId", t.instId()).put("last", orEmpty(t.last()))
                        .put("lastSz", orEmpty(t.lastSz())).put("askPx", orEmpty(t.askPx()))
                        .put("askSz", orEmpty(t.askSz())).put("bidPx", orEmpty(t.bidPx()))
                        .put("bidSz", orEmpty(t.bidSz())).put("ts", Long.toString(t.tsMs())));
            }
            return new JsonObject().put("arg", arg.toJson()).put("data", d).encode();
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
