package dev.tickplant.ingest.kraken;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Kraken Spot WebSocket v2 messages as records. Decimal fields keep the venue's literal text (see
 * {@link KrakenJson}); requests are rendered with {@code toJson()}.
 *
 * @see <a href="https://docs.kraken.com/api/docs/websocket-v2/book">Kraken v2 book</a>
 * @see <a href="https://docs.kraken.com/api/docs/websocket-v2/ticker">Kraken v2 ticker</a>
 * @see <a href="https://docs.kraken.com/api/docs/websocket-v2/trade">Kraken v2 trade</a>
 */
public final class KrakenFrames {
    public static final String CHANNEL_BOOK = "book";
    public static final String CHANNEL_TICKER = "ticker";
    public static final String CHANNEL_TRADE = "trade";
    public static final String CHANNEL_HEARTBEAT = "heartbeat";
    public static final String CHANNEL_STATUS = "status";

    private KrakenFrames() {}

    /** Anything the venue sends. */
    public sealed interface Inbound permits Heartbeat, SystemStatus, Pong, Ack, TickerMessage, BookMessage,
            TradeMessage {}

    /** {@code {"channel":"heartbeat"}}, about once a second while subscribed. */
    public record Heartbeat() implements Inbound {}

    /** {@code {"channel":"status","type":"update","data":[{"system":"online",...}]}}, sent on connect. */
    public record SystemStatus(String system) implements Inbound {}

    /** {@code {"method":"pong","req_id":n,...}}. */
    public record Pong(long reqId) implements Inbound {}

    /**
     * Reply to {@code subscribe}/{@code unsubscribe}: one per symbol. On failure {@code error} says why and
     * {@code symbol} names the refused symbol when the venue gives it.
     *
     * @param reqId the request's {@code req_id}, or 0 when absent
     * @param channel {@code result.channel}, or null on failure
     */
    public record Ack(String method, long reqId, boolean success, String channel, String symbol, String error)
            implements Inbound {}

    /**
     * One ticker entry; decimals as text, {@code timestamp} RFC 3339 or null. Each decimal is null when the venue
     * leaves it out: a side without orders, or a {@code last} before the first trade.
     */
    public record Ticker(String symbol, String bid, String bidQty, String ask, String askQty, String last,
            String timestamp) {}

    /** {@code channel: ticker}, type snapshot or update. */
    public record TickerMessage(boolean snapshot, List<Ticker> data) implements Inbound {
        public TickerMessage {
            data = List.copyOf(data);
        }
    }

    /** One price level as the venue's text. */
    public record Level(String price, String qty) {}

    /**
     * One book entry: levels in the venue's order, the CRC32 checksum (unsigned) of the resulting top 10, or
     * {@link #NO_CHECKSUM} when the message carries none (the book is then taken as sent).
     */
    public record Book(String symbol, List<Level> bids, List<Level> asks, long checksum, String timestamp) {
        /** {@code checksum} of a message without one. */
        public static final long NO_CHECKSUM = -1;

        public Book {
            bids = List.copyOf(bids);
            asks = List.copyOf(asks);
        }
    }

    /** {@code channel: book}, type snapshot (replaces the book) or update. */
    public record BookMessage(boolean snapshot, List<Book> data) implements Inbound {
        public BookMessage {
            data = List.copyOf(data);
        }
    }

    /** One trade; {@code side} is the taker side ({@code buy}/{@code sell}, null if absent); the id as text. */
    public record Trade(String symbol, String side, String price, String qty, String tradeId, String timestamp) {}

    /** {@code channel: trade}. */
    public record TradeMessage(boolean snapshot, List<Trade> data) implements Inbound {
        public TradeMessage {
            data = List.copyOf(data);
        }
    }

    /**
     * {@code {"method":"subscribe","params":{"channel":..,"symbol":[..],...},"req_id":n}}. For {@code book} the
     * depth is sent, for {@code trade} no snapshot of past trades is asked for.
     */
    public static String subscribe(String channel, List<String> symbols, int depth, long reqId) {
        return request("subscribe", channel, symbols, depth, reqId);
    }

    /** {@code {"method":"unsubscribe","params":{"channel":..,"symbol":[..]},"req_id":n}}. */
    public static String unsubscribe(String channel, List<String> symbols, int depth, long reqId) {
        return request("unsubscribe", channel, symbols, depth, reqId);
    }

    /** {@code {"method":"ping","req_id":n}}. */
    public static String ping(long reqId) {
        return new JsonObject().put("method", "ping").put("req_id", reqId).encode();
    }

    private static String request(String method, String channel, List<String> symbols, int depth, long reqId) {
        JsonObject params = new JsonObject().put("channel", channel).put("symbol", new JsonArray(List.copyOf(symbols)));
        if (CHANNEL_BOOK.equals(channel)) {
            params.put("depth", depth);
        }
        if (CHANNEL_TRADE.equals(channel) && "subscribe".equals(method)) {
            params.put("snapshot", false);
        }
        return new JsonObject().put("method", method).put("params", params).put("req_id", reqId).encode();
    }
}
