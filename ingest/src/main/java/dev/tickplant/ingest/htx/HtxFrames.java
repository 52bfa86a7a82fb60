package dev.tickplant.ingest.htx;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * HTX (Huobi) spot market WebSocket messages as records. The venue gzips every frame it sends; decimals keep the
 * venue's literal text and trade ids are text (they exceed a long). Requests are rendered with the static methods
 * and sent as plain text.
 *
 * @see <a href="https://www.htx.com/en-us/opend/newApiPages/?id=7ec53b69-7773-11ed-9966-0242ac110003">HTX market
 *     WebSocket: ping/pong, sub/unsub, bbo, trade detail, market depth</a>
 */
public final class HtxFrames {
    private HtxFrames() {}

    /** Anything the venue sends. */
    public sealed interface Inbound permits Ping, Reply, Bbo, TradeDetail, Depth {}

    /** {@code {"ping": 1492420473027}}: must be answered with {@code {"pong": 1492420473027}}. */
    public record Ping(String value) implements Inbound {}

    /**
     * Reply to {@code sub}/{@code unsub}/{@code req}: {@code {"id":..,"status":"ok","subbed":..,"ts":..}} or
     * {@code {"id":..,"status":"error","err-code":..,"err-msg":..,"ts":..}}.
     *
     * @param topic {@code subbed} or {@code unsubbed}, null on errors
     */
    public record Reply(String id, boolean ok, String topic, String errCode, String errMsg) implements Inbound {}

    /** {@code market.$symbol.bbo}; a side's decimals are null when left out, {@code seqId} 0 when absent. */
    public record Bbo(String symbol, long seqId, String bid, String bidSize, String ask, String askSize,
            long quoteTimeMs) implements Inbound {}

    /** One print of {@code market.$symbol.trade.detail}; {@code direction} is the taker's side (null: unknown). */
    public record TradeItem(String id, String tradeId, long tsMs, String amount, String price, String direction) {}

    /** {@code market.$symbol.trade.detail}; {@code tickId} orders pushes (null when absent). */
    public record TradeDetail(String symbol, String tickId, List<TradeItem> data) implements Inbound {
        public TradeDetail {
            data = List.copyOf(data);
        }
    }

    /** One level {@code [price, size]} as text. */
    public record Level(String price, String size) {}

    /** {@code market.$symbol.depth.step0}: a full snapshot of the top of the book with its {@code version}. */
    public record Depth(String symbol, long version, long tsMs, List<Level> bids, List<Level> asks)
            implements Inbound {
        public Depth {
            bids = List.copyOf(bids);
            asks = List.copyOf(asks);
        }
    }

    /** {@code market.$symbol.bbo}. */
    public static String bboTopic(String symbol) {
        return "market." + symbol + ".bbo";
    }

    /** {@code market.$symbol.trade.detail}. */
    public static String tradeTopic(String symbol) {
        return "market." + symbol + ".trade.detail";
    }

    /** {@code market.$symbol.depth.step0}. */
    public static String depthTopic(String symbol) {
        return "market." + symbol + ".depth.step0";
    }

    /** The symbol of a {@code market.$symbol.*} topic, or null. */
    public static String symbolOf(String topic) {
        if (topic == null || !topic.startsWith("market.")) {
            return null;
        }
        int end = topic.indexOf('.', 7);
        return end < 0 ? null : topic.substring(7, end);
    }

    /** {@code {"sub": topic, "id": id}}. */
    public static String sub(String topic, String id) {
        return new JsonObject().put("sub", topic).put("id", id).encode();
    }

    /** {@code {"unsub": topic, "id": id}}. */
    public static String unsub(String topic, String id) {
        return new JsonObject().put("unsub", topic).put("id", id).encode();
    }

    /** {@code {"pong": value}}, echoing the ping's number exactly. */
    public static String pong(String value) {
        return "{\"pong\":" + value + "}";
    }
}
