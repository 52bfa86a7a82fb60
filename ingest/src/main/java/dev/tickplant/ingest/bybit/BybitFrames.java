package dev.tickplant.ingest.bybit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Bybit v5 public WebSocket records, both directions, with prices and sizes kept as the venue's decimal text.
 *
 * @see <a href="https://bybit-exchange.github.io/docs/v5/ws/connect">Bybit v5 WebSocket connect</a>
 * @see <a href="https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook">Bybit orderbook topic</a>
 */
public final class BybitFrames {
    /** Topics per subscribe request on spot: at most 10 args. */
    public static final int MAX_ARGS_PER_REQUEST = 10;

    private BybitFrames() {}

    /** Any frame. */
    public sealed interface Frame permits Request, Response, OrderbookPush, TradePush, TickerPush {}

    /** {@code {"req_id":…,"op":"subscribe"|"unsubscribe"|"ping","args":[…]}}. */
    public record Request(String reqId, String op, List<String> args) implements Frame {
        public Request {
            args = List.copyOf(args);
        }

        public String toJson() {
            JsonObject json = new JsonObject();
            if (reqId != null) {
                json.put("req_id", reqId);
            }
            json.put("op", op);
            if (!"ping".equals(op)) {
                json.put("args", new JsonArray(List.copyOf(args)));
            }
            return json.encode();
        }
    }

    /**
     * A reply: {@code {"success":true,"ret_msg":"subscribe","conn_id":…,"req_id":…,"op":"subscribe"}}; the answer to a
     * ping has {@code "op":"ping"} and {@code "ret_msg":"pong"}.
     */
    public record Response(boolean success, String retMsg, String connId, String reqId, String op) implements Frame {
        public String toJson() {
            JsonObject json = new JsonObject().put("success", success).put("ret_msg", retMsg).put("conn_id", connId);
            if (reqId != null) {
                json.put("req_id", reqId);
            }
            return json.put("op", op).encode();
        }
    }

    /** A price level {@code [price, size]}; size {@code "0"} deletes it in a delta. */
    public record Level(String price, String size) {
        JsonArray toJson() {
            return new JsonArray().add(price).add(size);
        }
    }

    /**
     * {@code orderbook.<depth>.<symbol>}: {@code {"topic","type":"snapshot"|"delta","ts","data":{"s","b","a","u",
     * "seq"},"cts"}}.
     *
     * @param updateId {@code u}: +1 per message; 1 after a service restart
     * @param seq cross sequence
     */
    public record OrderbookPush(String topic, String type, long tsMs, String symbol, List<Level> bids,
            List<Level> asks, long updateId, long seq, long ctsMs) implements Frame {
        public OrderbookPush {
            bids = List.copyOf(bids);
            asks = List.copyOf(asks);
        }

        public boolean snapshot() {
            return "snapshot".equals(type);
        }

        public String toJson() {
            JsonArray b = new JsonArray();
            bids.forEach(l -> b.add(l.toJson()));
            JsonArray a = new JsonArray();
            asks.forEach(l -> a.add(l.toJson()));
            return new JsonObject().put("topic", topic).put("type", type).put("ts", tsMs)
                    .put("data", new JsonObject().put("s", symbol).put("b", b).put("a", a).put("u", updateId)
                            .put("seq", seq))
                    .put("cts", ctsMs).encode();
        }
    }

    /** One trade: {@code {"T","s","S":"Buy"|"Sell","v","p","L","i","BT"}}. */
    public record TradeData(long timeMs, String symbol, String side, String size, String price, String tradeId) {}

    /** {@code publicTrade.<symbol>}. */
    public record TradePush(String topic, long tsMs, List<TradeData> data) implements Frame {
        public TradePush {
            data = List.copyOf(data);
        }

        public String toJson() {
            JsonArray d = new JsonArray();
            for (TradeData t : data) {
                d.add(new JsonObject().put("T", t.timeMs()).put("s", t.symbol()).put("S", t.side())
                        .put("v", t.size()).put("p", t.price()).put("L", "PlusTick").put("i", t.tradeId())
                        .put("BT", false));
            }
            return new JsonObject().put("topic", topic).put("type", "snapshot").put("ts", tsMs).put("data", d)
                    .encode();
        }
    }

    /** {@code tickers.<symbol>} on spot: last price and 24 h statistics (no best bid/ask). */
    public record TickerPush(String topic, long tsMs, String symbol, String lastPrice) implements Frame {
        public String toJson() {
            return new JsonObject().put("topic", topic).put("ts", tsMs).put("type", "snapshot").put("cs", tsMs)
                    .put("data", new JsonObject().put("symbol", symbol).put("lastPrice", lastPrice)
                            .put("highPrice24h", lastPrice).put("lowPrice24h", lastPrice)
                            .put("prevPrice24h", lastPrice).put("volume24h", "0").put("turnover24h", "0")
                            .put("price24hPcnt", "0").put("usdIndexPrice", lastPrice))
                    .encode();
        }
    }

    /** {@code orderbook.50.BTCUSDT}. */
    public static String orderbookTopic(int depth, String symbol) {
        return "orderbook." + depth + "." + symbol;
    }

    /** {@code publicTrade.BTCUSDT}. */
    public static String tradeTopic(String symbol) {
        return "publicTrade." + symbol;
    }

    /** {@code tickers.BTCUSDT}. */
    public static String tickerTopic(String symbol) {
        return "tickers." + symbol;
    }

    /** The symbol at the end of a topic. */
    public static String symbolOf(String topic) {
        return topic.substring(topic.lastIndexOf('.') + 1);
    }
}
