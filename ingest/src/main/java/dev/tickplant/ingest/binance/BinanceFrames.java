package dev.tickplant.ingest.binance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/**
 * Binance spot wire records, both directions, with prices and sizes kept as the venue's decimal text. Encoders
 * produce the documented JSON shapes (used by the connector for requests and by the simulator for everything else).
 *
 * @see <a href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams">Binance spot WebSocket streams</a>
 */
public final class BinanceFrames {
    /** Streams the connector subscribes per symbol: bookTicker, trade (or aggTrade), diff depth. */
    public static final int STREAMS_PER_SYMBOL = 3;
    public static final String SUBSCRIBE = "SUBSCRIBE";
    public static final String UNSUBSCRIBE = "UNSUBSCRIBE";
    public static final String LIST_SUBSCRIPTIONS = "LIST_SUBSCRIPTIONS";
    /** REST error code for an unknown symbol ({@code {"code":-1121,"msg":"Invalid symbol."}}). */
    public static final int INVALID_SYMBOL = -1121;

    private BinanceFrames() {}

    /** Any frame. */
    public sealed interface Frame permits Request, Reply, BookTicker, TradeEvent, DepthUpdate {}

    /** A price level as decimal text. */
    public record Level(String price, String size) {
        JsonArray toJson() {
            return new JsonArray().add(price).add(size);
        }
    }

    /** {@code {"method":"SUBSCRIBE","params":[…],"id":1}} (also UNSUBSCRIBE, LIST_SUBSCRIPTIONS). */
    public record Request(String method, List<String> params, long id) implements Frame {
        public Request {
            params = List.copyOf(params);
        }

        public String toJson() {
            JsonObject json = new JsonObject().put("method", method);
            if (!params.isEmpty() || !LIST_SUBSCRIPTIONS.equals(method)) {
                json.put("params", new JsonArray(List.copyOf(params)));
            }
            return json.put("id", id).encode();
        }
    }

    /**
     * A reply to a request: {@code {"result":null,"id":1}} on success, {@code {"error":{"code":2,"msg":…},"id":1}}
     * on failure. {@code result} is the LIST_SUBSCRIPTIONS list, else empty.
     *
     * @param errorCode 0 on success
     */
    public record Reply(long id, List<String> result, int errorCode, String errorMsg) implements Frame {
        public Reply {
            result = List.copyOf(result);
        }

        public boolean ok() {
            return errorMsg == null;
        }

        public String toJson() {
            JsonObject json = new JsonObject();
            if (ok()) {
                json.put("result", result.isEmpty() ? null : new JsonArray(List.copyOf(result)));
            } else {
                json.put("error", new JsonObject().put("code", errorCode).put("msg", errorMsg));
            }
            return json.put("id", id).encode();
        }
    }

    /**
     * {@code <symbol>@bookTicker}: {@code {"u":400900217,"s":"BNBUSDT","b":…,"B":…,"a":…,"A":…}} (futures add
     * {@code e}, {@code E}, {@code T}). A side may be absent or {@code "0.00000000"}: the side is empty.
     *
     * @param updateId {@code u}, or 0 when absent
     */
    public record BookTicker(long updateId, String symbol, String bidPrice, String bidQty, String askPrice,
            String askQty) implements Frame {
        public JsonObject toJson() {
            return new JsonObject().put("u", updateId).put("s", symbol).put("b", bidPrice).put("B", bidQty)
                    .put("a", askPrice).put("A", askQty);
        }
    }

    /**
     * {@code <symbol>@trade} ({@code "e":"trade"}, id {@code t}) or {@code <symbol>@aggTrade} ({@code "e":"aggTrade"},
     * id {@code a}).
     *
     * @param tradeId the id as its digits (any size)
     * @param eventTimeMs {@code E}, or 0 when absent
     * @param tradeTimeMs {@code T}, or 0 when absent
     * @param buyerIsMaker {@code m}: true means the seller was the aggressor; null when absent
     */
    public record TradeEvent(String type, long eventTimeMs, String symbol, String tradeId, String price, String qty,
            long tradeTimeMs, Boolean buyerIsMaker) implements Frame {
        public JsonObject toJson() {
            JsonObject json = new JsonObject().put("e", type).put("E", eventTimeMs).put("s", symbol);
            BigInteger id = new BigInteger(tradeId);
            if ("aggTrade".equals(type)) {
                json.put("a", id).put("p", price).put("q", qty).put("f", id).put("l", id);
            } else {
                json.put("t", id).put("p", price).put("q", qty);
            }
            return json.put("T", tradeTimeMs).put("m", buyerIsMaker).put("M", true);
        }
    }

    /** {@code <symbol>@depth[@100ms]}: {@code {"e":"depthUpdate","E":…,"s":…,"U":157,"u":160,"b":[…],"a":[…]}}. */
    public record DepthUpdate(long eventTimeMs, String symbol, long firstUpdateId, long finalUpdateId,
            List<Level> bids, List<Level> asks) implements Frame {
        public DepthUpdate {
            bids = List.copyOf(bids);
            asks = List.copyOf(asks);
        }

        public JsonObject toJson() {
            return new JsonObject().put("e", "depthUpdate").put("E", eventTimeMs).put("s", symbol)
                    .put("U", firstUpdateId).put("u", finalUpdateId).put("b", levels(bids)).put("a", levels(asks));
        }
    }

    /** REST {@code GET /api/v3/depth}: {@code {"lastUpdateId":1027024,"bids":[…],"asks":[…]}}. */
    public record DepthSnapshot(long lastUpdateId, List<Level> bids, List<Level> asks) {
        public DepthSnapshot {
            bids = List.copyOf(bids);
            asks = List.copyOf(asks);
        }

        public String toJson() {
            return new JsonObject().put("lastUpdateId", lastUpdateId).put("bids", levels(bids))
                    .put("asks", levels(asks)).encode();
        }
    }

    /** Wraps a payload as a combined-stream message {@code {"stream":…,"data":…}}. */
    public static String combined(String stream, JsonObject data) {
        return new JsonObject().put("stream", stream).put("data", data).encode();
    }

    /** The bookTicker stream of a native code: {@code btcusdt@bookTicker}. */
    public static String bookTickerStream(String code) {
        return code.toLowerCase(Locale.ROOT) + "@bookTicker";
    }

    /** The trade stream: {@code btcusdt@trade} or {@code btcusdt@aggTrade}. */
    public static String tradeStream(String code, String kind) {
        return code.toLowerCase(Locale.ROOT) + "@" + kind;
    }

    /** The diff depth stream: {@code btcusdt@depth@100ms} or {@code btcusdt@depth} (1000 ms). */
    public static String depthStream(String code, int speedMs) {
        return code.toLowerCase(Locale.ROOT) + (speedMs == 100 ? "@depth@100ms" : "@depth");
    }

    private static JsonArray levels(List<Level> levels) {
        JsonArray out = new JsonArray();
        levels.forEach(l -> out.add(l.toJson()));
        return out;
    }
}
