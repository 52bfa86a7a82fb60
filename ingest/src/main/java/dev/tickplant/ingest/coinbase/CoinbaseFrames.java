package dev.tickplant.ingest.coinbase;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Coinbase Exchange WebSocket feed messages as records; decimals stay the venue's strings. Requests are rendered
 * with the static methods.
 *
 * @see <a href="https://docs.cdp.coinbase.com/exchange/websocket-feed/overview">Coinbase Exchange WebSocket feed</a>
 * @see <a href="https://docs.cdp.coinbase.com/exchange/websocket-feed/channels">Coinbase Exchange channels</a>
 */
public final class CoinbaseFrames {
    public static final String CHANNEL_TICKER = "ticker";
    public static final String CHANNEL_MATCHES = "matches";
    public static final String CHANNEL_HEARTBEAT = "heartbeat";
    public static final String CHANNEL_LEVEL2 = "level2";
    public static final String CHANNEL_LEVEL2_BATCH = "level2_batch";

    private CoinbaseFrames() {}

    /** Anything the venue sends. */
    public sealed interface Inbound permits Subscriptions, Error, Heartbeat, Ticker, Snapshot, L2Update, Match {}

    /** {@code {"type":"subscriptions","channels":[{"name":..,"product_ids":[..]}]}}: the current subscriptions. */
    public record Subscriptions(List<String> channels) implements Inbound {
        public Subscriptions {
            channels = List.copyOf(channels);
        }
    }

    /** {@code {"type":"error","message":..,"reason":..}}. */
    public record Error(String message, String reason) implements Inbound {}

    /** {@code {"type":"heartbeat","sequence":n,"last_trade_id":n,"product_id":..,"time":..}}. */
    public record Heartbeat(String productId, long sequence, long lastTradeId, String time) implements Inbound {}

    /**
     * {@code type: ticker}: sent on every match, with the best bid and ask after it. Decimals are null when absent
     * (a side without orders, sizes older versions lack); {@code sequence} 0 when absent.
     */
    public record Ticker(String productId, long sequence, String price, String bestBid, String bestBidSize,
            String bestAsk, String bestAskSize, String time) implements Inbound {}

    /** One book level {@code [price, size]} or change {@code [side, price, size]}, as text. */
    public record Change(String side, String price, String size) {}

    /** {@code type: snapshot} of the level2 channel: the full book. */
    public record Snapshot(String productId, List<Change> bids, List<Change> asks) implements Inbound {
        public Snapshot {
            bids = List.copyOf(bids);
            asks = List.copyOf(asks);
        }
    }

    /** {@code type: l2update}: changed levels, size "0" removes. */
    public record L2Update(String productId, List<Change> changes, String time) implements Inbound {
        public L2Update {
            changes = List.copyOf(changes);
        }
    }

    /**
     * {@code type: match} (or {@code last_match}, the most recent trade sent right after subscribing). {@code side}
     * is the maker's side, so the aggressor is the opposite (null when absent: unknown).
     */
    public record Match(boolean last, String productId, String tradeId, long sequence, String price, String size,
            String side, String time) implements Inbound {}

    /** {@code {"type":"subscribe","product_ids":[..],"channels":[..]}}. */
    public static String subscribe(List<String> productIds, List<String> channels) {
        return request("subscribe", productIds, channels);
    }

    /** {@code {"type":"unsubscribe","product_ids":[..],"channels":[..]}}. */
    public static String unsubscribe(List<String> productIds, List<String> channels) {
        return request("unsubscribe", productIds, channels);
    }

    private static String request(String type, List<String> productIds, List<String> channels) {
        return new JsonObject().put("type", type).put("product_ids", new JsonArray(List.copyOf(productIds)))
                .put("channels", new JsonArray(List.copyOf(channels))).encode();
    }
}
