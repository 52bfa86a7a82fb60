package dev.tickplant.ingest.alltick;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * AllTick WebSocket wire records, both directions, exactly as the venue spells them. Every request carries the
 * common header {@code cmd_id, seq_id, trace, data}; every reply adds {@code ret, msg} and answers with
 * {@code cmd_id + 1}. Pushes carry {@code cmd_id} and {@code data} only. Prices, volumes, sequence numbers and
 * tick times are decimal strings on the wire and stay strings here: the mapper parses them at the instrument's
 * scale.
 *
 * @see <a href="https://en.apis.alltick.co/integration-process/universal-standard-header-description/websocket-common-standard-header">Websocket Common Standard Header</a>
 * @see <a href="https://en.apis.alltick.co/websocket-api/websocket-interface-api/handicap-quote-subscription">Order Book Subscription</a>
 * @see <a href="https://en.apis.alltick.co/websocket-api/websocket-interface-api/transaction-quote-subscription">Latest Trade Price Subscription</a>
 */
public final class AllTickFrames {
    /** Heartbeat request; the reply is {@link #CMD_HEARTBEAT_REPLY}. */
    public static final int CMD_HEARTBEAT = 22000;
    public static final int CMD_HEARTBEAT_REPLY = 22001;
    /** Order book subscription; replaces the connection's previous depth list. */
    public static final int CMD_SUBSCRIBE_DEPTH = 22002;
    public static final int CMD_SUBSCRIBE_DEPTH_REPLY = 22003;
    /** Trade (latest price) subscription; replaces the connection's previous trade list. */
    public static final int CMD_SUBSCRIBE_TRADES = 22004;
    public static final int CMD_SUBSCRIBE_TRADES_REPLY = 22005;
    /** Cancel subscriptions of one kind ({@code cancel_type}). */
    public static final int CMD_CANCEL = 22006;
    public static final int CMD_CANCEL_REPLY = 22007;
    /** Trade push. */
    public static final int CMD_PUSH_TRADE = 22998;
    /** Order book push. */
    public static final int CMD_PUSH_DEPTH = 22999;

    /** {@code cancel_type}: everything. */
    public static final int CANCEL_ALL = 0;
    /** {@code cancel_type}: order book subscriptions. */
    public static final int CANCEL_DEPTH = 1;
    /** {@code cancel_type}: trade subscriptions. */
    public static final int CANCEL_TRADES = 2;

    /** {@code ret}: success. */
    public static final int RET_OK = 200;
    /** {@code ret}: request header or data parameters invalid. */
    public static final int RET_BAD_REQUEST = 400;
    /** {@code ret}: token invalid or expired. */
    public static final int RET_TOKEN_INVALID = 401;
    /** {@code ret}: request rate above the plan's limit. */
    public static final int RET_RATE_LIMIT = 429;
    /** {@code ret}: a product code is invalid (or asked on the wrong endpoint). */
    public static final int RET_CODE_INVALID = 600;
    /** {@code ret}: request body empty. */
    public static final int RET_BODY_EMPTY = 601;
    /** {@code ret} "token level not enough": more codes (or K lines) requested than the plan allows. */
    public static final int RET_TOKEN_LEVEL = 603;
    /** {@code ret} "code unauthorized": the token may not request this code. */
    public static final int RET_CODE_UNAUTHORIZED = 604;
    /** {@code ret} "too many requests": request frequency limit (AllTick: mostly its HTTP API). */
    public static final int RET_TOO_MANY_REQUESTS = 605;
    /** {@code ret} "too many requests and connection will be closed": WebSocket request frequency limit. */
    public static final int RET_TOO_MANY_REQUESTS_CLOSING = 606;

    private AllTickFrames() {}

    /** Any AllTick frame. */
    public sealed interface Frame permits Heartbeat, SubscribeDepth, SubscribeTrades, Cancel, Reply, DepthPush,
            TradePush {
        /** The frame as strict JSON text. */
        String toJson();
    }

    /** 22000: heartbeat request. */
    public record Heartbeat(long seqId, String trace) implements Frame {
        @Override
        public String toJson() {
            return header(CMD_HEARTBEAT, seqId, trace).put("data", new JsonObject()).encode();
        }
    }

    /** One entry of a depth subscription: code and wanted levels (0 when the request did not say). */
    public record DepthCode(String code, int depthLevel) {
        public DepthCode {
            Objects.requireNonNull(code, "code");
        }
    }

    /** 22002: order book subscription. */
    public record SubscribeDepth(long seqId, String trace, List<DepthCode> symbols) implements Frame {
        public SubscribeDepth {
            symbols = List.copyOf(symbols);
        }

        @Override
        public String toJson() {
            JsonArray list = new JsonArray();
            for (DepthCode s : symbols) {
                JsonObject o = new JsonObject().put("code", s.code());
                if (s.depthLevel() > 0) {
                    o.put("depth_level", s.depthLevel());
                }
                list.add(o);
            }
            return header(CMD_SUBSCRIBE_DEPTH, seqId, trace)
                    .put("data", new JsonObject().put("symbol_list", list)).encode();
        }
    }

    /** 22004: trade subscription. */
    public record SubscribeTrades(long seqId, String trace, List<String> codes) implements Frame {
        public SubscribeTrades {
            codes = List.copyOf(codes);
        }

        @Override
        public String toJson() {
            JsonArray list = new JsonArray();
            codes.forEach(c -> list.add(new JsonObject().put("code", c)));
            return header(CMD_SUBSCRIBE_TRADES, seqId, trace)
                    .put("data", new JsonObject().put("symbol_list", list)).encode();
        }
    }

    /** 22006: cancel subscriptions of one kind. */
    public record Cancel(long seqId, String trace, int cancelType) implements Frame {
        @Override
        public String toJson() {
            return header(CMD_CANCEL, seqId, trace).put("data", new JsonObject().put("cancel_type", cancelType))
                    .encode();
        }
    }

    /**
     * A reply (22001, 22003, 22005, 22007). {@code invalidCodes} lists the codes a 600 reply refers to when the
     * venue names them in {@code data.invalid_codes} (our simulator does; otherwise the list is empty).
     */
    public record Reply(int ret, String msg, int cmdId, long seqId, String trace, List<String> invalidCodes)
            implements Frame {
        public Reply {
            Objects.requireNonNull(msg, "msg");
            invalidCodes = List.copyOf(invalidCodes);
        }

        /** True for {@code ret == 200}. */
        public boolean ok() {
            return ret == RET_OK;
        }

        @Override
        public String toJson() {
            JsonObject data = new JsonObject();
            if (!invalidCodes.isEmpty()) {
                data.put("invalid_codes", new JsonArray(List.copyOf(invalidCodes)));
            }
            return new JsonObject().put("ret", ret).put("msg", msg).put("cmd_id", cmdId).put("seq_id", seqId)
                    .put("trace", trace == null ? "" : trace).put("data", data).encode();
        }
    }

    /** One order book level, as decimal strings. */
    public record Level(String price, String volume) {
        public Level {
            Objects.requireNonNull(price, "price");
            Objects.requireNonNull(volume, "volume");
        }
    }

    /** 22999: order book push; bids best (highest) first, asks best (lowest) first. */
    public record DepthPush(String code, String seq, long tickTimeMs, List<Level> bids, List<Level> asks)
            implements Frame {
        public DepthPush {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(seq, "seq");
            bids = List.copyOf(bids);
            asks = List.copyOf(asks);
        }

        @Override
        public String toJson() {
            JsonObject data = new JsonObject().put("code", code).put("seq", seq)
                    .put("tick_time", Long.toString(tickTimeMs)).put("bids", levels(bids)).put("asks", levels(asks));
            return new JsonObject().put("cmd_id", CMD_PUSH_DEPTH).put("data", data).encode();
        }

        private static JsonArray levels(List<Level> levels) {
            JsonArray a = new JsonArray();
            levels.forEach(l -> a.add(new JsonObject().put("price", l.price()).put("volume", l.volume())));
            return a;
        }
    }

    /** 22998: trade push; {@code tradeDirection} 0 unknown, 1 buy, 2 sell. */
    public record TradePush(String code, String seq, long tickTimeMs, String price, String volume, String turnover,
            int tradeDirection) implements Frame {
        public TradePush {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(seq, "seq");
            Objects.requireNonNull(price, "price");
            Objects.requireNonNull(volume, "volume");
            Objects.requireNonNull(turnover, "turnover");
        }

        @Override
        public String toJson() {
            JsonObject data = new JsonObject().put("code", code).put("seq", seq)
                    .put("tick_time", Long.toString(tickTimeMs)).put("price", price).put("volume", volume)
                    .put("turnover", turnover).put("trade_direction", tradeDirection);
            return new JsonObject().put("cmd_id", CMD_PUSH_TRADE).put("data", data).encode();
        }
    }

    private static JsonObject header(int cmdId, long seqId, String trace) {
        return new JsonObject().put("cmd_id", cmdId).put("seq_id", seqId).put("trace", trace == null ? "" : trace);
    }
}
