package dev.tickplant.gateway.alltick;

import dev.tickplant.common.model.Channel;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.symbol.SymbolResolution;
import dev.tickplant.gateway.ApiKey;
import dev.tickplant.gateway.EndOfTurn;
import dev.tickplant.gateway.Entitlements;
import dev.tickplant.gateway.FeedEncoder;
import dev.tickplant.gateway.FeedSubscriber;
import dev.tickplant.gateway.GatewayConfig;
import dev.tickplant.gateway.MarketFeeds;
import dev.tickplant.gateway.OutboundFrame;
import dev.tickplant.gateway.SessionWriter;
import dev.tickplant.gateway.TokenBucket;
import dev.tickplant.gateway.alltick.AllTickRequest.Header;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the AllTick-compatible endpoint ({@code /quote-stock-b-ws-api}, {@code /quote-b-ws-api}): AllTick's
 * {@code cmd_id} protocol, so programs written for AllTick (seeds 001 and 002) run unchanged.
 *
 * <ul>
 *   <li>Requests {@code {cmd_id, seq_id, trace, data}}; replies {@code {ret, msg, cmd_id: request + 1, seq_id,
 *       trace, data}}; pushes {@code {cmd_id, data}} (see {@link AllTickEncoder}).
 *   <li>22000 heartbeat, answered with 22001; a connection without a heartbeat (22000 or a WebSocket ping frame)
 *       for {@link #HEARTBEAT_TIMEOUT} is closed (1008).
 *   <li>22002 depth and 22004 trade subscriptions each REPLACE the connection's previous list of that kind; 22006
 *       cancels by {@code cancel_type} (0 all, 1 depth, 2 trade).
 *   <li>Subscription requests (22002, 22004, 22006 and the flat variant) closer than {@link #MIN_REQUEST_INTERVAL}
 *       to the previous accepted one get {@code ret 605} ("too many requests") and change nothing (AllTick allows
 *       one per second).
 *   <li>The token's API key's {@code maxMessagesPerSecond} applies to every message, heartbeats included (a token
 *       bucket of that size per connection): beyond it {@code ret 429} ("rate limit") with a {@code msg} naming the limit and the
 *       key, and the message is otherwise ignored (a refused heartbeat still proves the client alive).
 *   <li>Unknown codes get {@code ret 600} naming them in {@code msg} and {@code data.invalid_codes}; the known rest
 *       is applied. More codes than {@link GatewayConfig#maxSubscriptionsPerConnection()} (depth and trade codes
 *       together): {@code ret 603} ("token level not enough"), nothing changed.
 *   <li>Codes the token's API key is not entitled to get {@code ret 604} ("code unauthorized") naming them in
 *       {@code msg} and {@code
 *       data.not_entitled_codes} (plus {@code data.invalid_codes} for unknown ones); the entitled rest is applied.
 *       The key's {@code maxSubscriptions}, when smaller, replaces the gateway-wide limit of 603.
 *   <li>A bad token: the connection is accepted, gets {@code {"ret":401,"msg":"token invalid",...}} and is closed
 *       (1008), as AllTick does.
 *   <li>Seed 002's flat variant ({@code {"cmd_id":22004,"action":"subscribe"|"unsubscribe","code":[...]}}) adds to
 *       or removes from the depth list, and those codes get flat depth pushes.
 * </ul>
 *
 * <p>Market data comes from the gateway's shared {@link MarketFeeds} (snapshot first, then live, no gap, no
 * duplicate). Slow clients: depth images are conflated per code (newest wins), trades queue (at most
 * {@link #MAX_QUEUED}); a write queue full for longer than the slow-consumer timeout closes the connection (1008).
 *
 * <p>Confined to the gateway verticle's event loop.
 */
public final class AllTickSession implements FeedSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(AllTickSession.class);
    /** AllTick: "if no heartbeat is received in 30 seconds, the WebSocket will disconnect". */
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);
    /** AllTick allows one subscription request per second per connection. */
    static final Duration MIN_REQUEST_INTERVAL = Duration.ofSeconds(1);
    /** Messages queued for a client that is not reading, at most. */
    static final int MAX_QUEUED = 65_536;
    static final short CLOSE_POLICY = 1008;

    private final long id;
    private final ServerWebSocket ws;
    private final boolean tokenValid;
    /** What the token's key may subscribe to; everything for sessions created without a key. */
    private final Entitlements entitlements;
    private final String keyId;
    /** The key's message-rate limit, or null when it has none. */
    private final TokenBucket bucket;
    private final Runnable onClosed;
    private final Vertx vertx;
    private final InstrumentRegistry registry;
    private final MarketFeeds feeds;
    private final GatewayConfig config;
    private final LongSupplier nanoClock;
    private final long heartbeatTimeoutNanos;
    /** Depth subscriptions by symbol key, in subscription order. */
    private final Map<String, MarketFeeds.Subscription> depth = new LinkedHashMap<>();
    /** Trade subscriptions by symbol key, in subscription order. */
    private final Map<String, MarketFeeds.Subscription> trades = new LinkedHashMap<>();
    private final SessionWriter writer;
    private long lastHeartbeatNanos;
    private long lastRequestNanos;
    private boolean requested;
    private long checkTimer = -1;
    private boolean closing;
    private boolean closed;

    /**
     * @param id session id, for logs
     * @param ws the accepted WebSocket
     * @param tokenValid whether {@code ?token=} named a valid API key
     * @param feeds the gateway's market-data feeds
     * @param config limits: {@code maxSubscriptionsPerConnection}, {@code slowConsumerTimeout}, {@code maxFrameBytes}
     * @param nanoClock monotonic clock (like {@link System#nanoTime()}) for heartbeat and rate limits
     */
    public AllTickSession(long id, ServerWebSocket ws, boolean tokenValid, Vertx vertx, InstrumentRegistry registry,
            MarketFeeds feeds, GatewayConfig config, LongSupplier nanoClock) {
        this(id, ws, tokenValid ? UNRESTRICTED : null, vertx, registry, feeds, config, nanoClock, () -> { },
                HEARTBEAT_TIMEOUT, ownEndOfTurn(vertx));
    }

    /**
     * A session of an API key: codes outside the key's entitlements are refused with {@code ret 604} and the key's
     * {@code maxSubscriptions} caps the codes of the connection.
     *
     * @param key the {@code ?token=}'s key, or null when the token is missing or invalid
     * @param onClosed runs once when the connection has closed (the gateway releases the key's connection count)
     * @param endOfTurn flushes the gateway verticle's sessions once per event-loop turn
     */
    public AllTickSession(long id, ServerWebSocket ws, ApiKey key, Vertx vertx, InstrumentRegistry registry,
            MarketFeeds feeds, GatewayConfig config, LongSupplier nanoClock, Runnable onClosed, EndOfTurn endOfTurn) {
        this(id, ws, key, vertx, registry, feeds, config, nanoClock, onClosed, HEARTBEAT_TIMEOUT, endOfTurn);
    }

    /** As the boolean variant, with another heartbeat timeout (tests). */
    AllTickSession(long id, ServerWebSocket ws, boolean tokenValid, Vertx vertx, InstrumentRegistry registry,
            MarketFeeds feeds, GatewayConfig config, LongSupplier nanoClock, Duration heartbeatTimeout) {
        this(id, ws, tokenValid ? UNRESTRICTED : null, vertx, registry, feeds, config, nanoClock, () -> { },
                heartbeatTimeout, ownEndOfTurn(vertx));
    }

    /** A session outside a gateway verticle (tests) flushes on its own. */
    private static EndOfTurn ownEndOfTurn(Vertx vertx) {
        return new EndOfTurn(vertx, vertx.getOrCreateContext(), Duration.ZERO);
    }

    private AllTickSession(long id, ServerWebSocket ws, ApiKey key, Vertx vertx, InstrumentRegistry registry,
            MarketFeeds feeds, GatewayConfig config, LongSupplier nanoClock, Runnable onClosed,
            Duration heartbeatTimeout, EndOfTurn endOfTurn) {
        this.id = id;
        this.ws = Objects.requireNonNull(ws, "ws");
        this.tokenValid = key != null;
        this.entitlements = key == null ? Entitlements.UNRESTRICTED : key.entitlements();
        this.keyId = key == null ? "" : key.id();
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.feeds = Objects.requireNonNull(feeds, "feeds");
        this.config = Objects.requireNonNull(config, "config");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.heartbeatTimeoutNanos = heartbeatTimeout.toNanos();
        int rate = entitlements.maxMessagesPerSecond();
        this.bucket = rate > 0 ? new TokenBucket(rate, nanoClock.getAsLong()) : null;
        this.writer = new SessionWriter(ws, endOfTurn, nanoClock, config.slowConsumerTimeout(), MAX_QUEUED,
                this::dropSlow);
    }

    private static final ApiKey UNRESTRICTED = new ApiKey("unrestricted", Entitlements.UNRESTRICTED);

    /** True for the paths of the AllTick-compatible endpoint (stocks, and FX/metals/crypto). */
    public static boolean isAllTickPath(String path) {
        return path != null && (path.equals("/quote-stock-b-ws-api") || path.equals("/quote-b-ws-api")
                || path.equals("/quote-stock-b-ws-api/") || path.equals("/quote-b-ws-api/"));
    }

    /** Installs the handlers; a connection with a bad token gets ret 401 and is closed. */
    public void start() {
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(b -> send(reply(Header.NONE, AllTickProtocol.RET_BAD_REQUEST,
                AllTickProtocol.MSG_HEADER_INVALID + ": send JSON text messages", null)));
        ws.frameHandler(frame -> {
            // A WebSocket ping is a heartbeat too: seed 002 keeps its connection alive with websocket-client's
            // ping_interval and never sends 22000. Vert.x answers the ping with a pong itself.
            if (frame.type() == WebSocketFrameType.PING) {
                lastHeartbeatNanos = nanoClock.getAsLong();
            }
        });
        ws.exceptionHandler(err -> LOG.debug("alltick client socket error session={}", id, err));
        ws.closeHandler(v -> onSocketClosed());
        if (!tokenValid) {
            LOG.info("alltick client with invalid token session={} remote={}", id, ws.remoteAddress());
            send(reply(Header.NONE, AllTickProtocol.RET_TOKEN_INVALID, "token invalid", null));
            close("token invalid");
            return;
        }
        lastHeartbeatNanos = nanoClock.getAsLong();
        long checkMs = Math.max(1, Math.min(1_000, heartbeatTimeoutNanos / 4_000_000));
        checkTimer = vertx.setPeriodic(checkMs, t -> check());
    }

    void onText(String text) {
        if (closed || closing) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (text.length() > config.maxFrameBytes()) {
            if (admit(Header.NONE, now)) {
                send(reply(Header.NONE, AllTickProtocol.RET_BAD_REQUEST, AllTickProtocol.MSG_HEADER_INVALID
                        + ": message longer than " + config.maxFrameBytes() + " characters", null));
            }
            return;
        }
        AllTickRequest request = AllTickRequestParser.parse(text);
        if (request instanceof AllTickRequest.Heartbeat) {
            lastHeartbeatNanos = now;
        }
        // Parsed before the rate check, unlike the native endpoint, because AllTick's replies echo seq_id/trace.
        if (!admit(request.header(), now)) {
            return;
        }
        if (request instanceof AllTickRequest.Invalid invalid) {
            send(reply(invalid.header(), invalid.ret(), invalid.msg(), null));
            return;
        }
        if (request instanceof AllTickRequest.Heartbeat) {
            send(reply(request.header(), AllTickProtocol.RET_OK, "ok", null));
            return;
        }
        if (requested && now - lastRequestNanos < MIN_REQUEST_INTERVAL.toNanos()) {
            send(reply(request.header(), AllTickProtocol.RET_TOO_MANY_REQUESTS,
                    "too many requests: at most one subscription request per second per connection", null));
            return;
        }
        requested = true;
        lastRequestNanos = now;
        if (request instanceof AllTickRequest.SubscribeDepth sub) {
            Map<String, MarketFeeds.Subscription> next = new LinkedHashMap<>();
            List<String> invalid = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (AllTickRequest.DepthCode dc : sub.codes()) {
                resolveInto(next, invalid, refused, dc.code(), Channel.DEPTH, dc.depthLevel(),
                        AllTickEncoder.STANDARD);
            }
            replaceList(sub.header(), depth, next, trades.size(), invalid, refused);
        } else if (request instanceof AllTickRequest.SubscribeTrades sub) {
            Map<String, MarketFeeds.Subscription> next = new LinkedHashMap<>();
            List<String> invalid = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (String code : sub.codes()) {
                resolveInto(next, invalid, refused, code, Channel.TRADE, 0, AllTickEncoder.STANDARD);
            }
            replaceList(sub.header(), trades, next, depth.size(), invalid, refused);
        } else if (request instanceof AllTickRequest.Cancel cancel) {
            send(reply(cancel.header(), AllTickProtocol.RET_OK, "ok", null));
            if (cancel.cancelType() != AllTickProtocol.CANCEL_TRADES) {
                replace(depth, Map.of());
            }
            if (cancel.cancelType() != AllTickProtocol.CANCEL_DEPTH) {
                replace(trades, Map.of());
            }
        } else if (request instanceof AllTickRequest.Flat flat) {
            onFlat(flat);
        }
    }

    /** Takes a token of the key's message rate; false, with {@code ret 429} sent, when there is none. */
    private boolean admit(Header header, long now) {
        if (bucket == null || bucket.tryTake(now)) {
            return true;
        }
        send(reply(header, AllTickProtocol.RET_RATE_LIMIT, "rate limit: " + entitlements.maxMessagesPerSecond()
                + " messages per second (maxMessagesPerSecond of API key " + keyId + ") exceeded; message ignored",
                null));
        return false;
    }

    /** Resolves {@code code} and adds its subscription to {@code into}, unless the list already has that symbol. */
    private void resolveInto(Map<String, MarketFeeds.Subscription> into, List<String> invalid,
            List<String> refused, String code, Channel channel, int depthLevel, FeedEncoder encoder) {
        SymbolResolution resolution = registry.resolve(code);
        if (!(resolution instanceof SymbolResolution.Resolved r)) {
            invalid.add(code);
            return;
        }
        if (!entitlements.entitles(r.instrument())) {
            refused.add(code);
            return;
        }
        // Two spellings of one symbol in one list: the first one wins.
        into.putIfAbsent(r.key(), subscription(r, code, channel, depthLevel, encoder));
    }

    private static MarketFeeds.Subscription subscription(SymbolResolution.Resolved r, String code, Channel channel,
            int depthLevel, FeedEncoder encoder) {
        int levels = 0;
        if (channel == Channel.DEPTH) {
            int cap = maxDepth(r.instrument().assetClass());
            levels = depthLevel <= 0 ? cap : Math.min(depthLevel, cap);
        }
        return new MarketFeeds.Subscription(channel, r.key(), r.instrument().symbol(), code, levels, encoder);
    }

    /**
     * Depth levels per side at most, per asset class, as AllTick documents them: FX, metals and energy 1, crypto 5,
     * HK stocks 10, China A-shares 5
     * (https://en.apis.alltick.co/websocket-api/websocket-interface-api/handicap-quote-subscription). US stocks are
     * not in that table; we serve them 5 like the other non-HK stocks (seed 001 asks UNH.US for 5).
     */
    static int maxDepth(AssetClass assetClass) {
        switch (assetClass) {
            case HK_STOCK:
                return 10;
            case US_STOCK:
            case CRYPTO:
                return 5;
            default:
                return 1;
        }
    }

    private void replaceList(Header header, Map<String, MarketFeeds.Subscription> current,
            Map<String, MarketFeeds.Subscription> next, int otherKind, List<String> invalid, List<String> refused) {
        int limit = subscriptionLimit();
        if (next.size() + otherKind > limit) {
            send(reply(header, AllTickProtocol.RET_TOKEN_LEVEL, "token level not enough: " + (next.size()
                    + otherKind) + " codes requested on this connection, limit " + limit + "; nothing changed",
                    null));
            return;
        }
        // The reply goes out before the first push of the new list.
        sendCodesReply(header, invalid, refused);
        replace(current, next);
    }

    private void onFlat(AllTickRequest.Flat flat) {
        List<String> invalid = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        if (flat.subscribe()) {
            Map<String, MarketFeeds.Subscription> added = new LinkedHashMap<>();
            for (String code : flat.codes()) {
                SymbolResolution resolution = registry.resolve(code);
                if (!(resolution instanceof SymbolResolution.Resolved r)) {
                    invalid.add(code);
                } else if (!entitlements.entitles(r.instrument())) {
                    refused.add(code);
                } else if (!depth.containsKey(r.key())) {
                    added.putIfAbsent(r.key(), subscription(r, code, Channel.DEPTH, 0, AllTickEncoder.FLAT));
                }
            }
            int total = depth.size() + added.size() + trades.size();
            if (total > subscriptionLimit()) {
                send(reply(flat.header(), AllTickProtocol.RET_TOKEN_LEVEL, "token level not enough: " + total
                        + " codes requested on this connection, limit " + subscriptionLimit()
                        + "; nothing changed", null));
                return;
            }
            sendCodesReply(flat.header(), invalid, refused);
            for (MarketFeeds.Subscription s : added.values()) {
                depth.put(s.key(), s);
                feeds.join(s, this);
            }
        } else {
            List<MarketFeeds.Subscription> removed = new ArrayList<>();
            for (String code : flat.codes()) {
                SymbolResolution resolution = registry.resolve(code);
                if (!(resolution instanceof SymbolResolution.Resolved r)) {
                    invalid.add(code);
                } else {
                    MarketFeeds.Subscription s = depth.remove(r.key());
                    if (s != null) {
                        removed.add(s);
                    }
                }
            }
            for (MarketFeeds.Subscription s : removed) {
                leave(s);
            }
            sendCodesReply(flat.header(), invalid, refused);
        }
    }

    /** The most codes (depth and trade together) this connection may hold. */
    private int subscriptionLimit() {
        int keyLimit = entitlements.maxSubscriptions();
        return keyLimit > 0 ? Math.min(keyLimit, config.maxSubscriptionsPerConnection())
                : config.maxSubscriptionsPerConnection();
    }

    /**
     * ok, or 604 naming the codes the key is not entitled to (plus {@code invalid_codes} when some are unknown too),
     * or 600 naming the unknown codes.
     */
    /** Most codes one reply names (as the native endpoint's error frames do); the counts give the totals. */
    private static final int MAX_LISTED_CODES = 50;

    /**
     * One reply per request, however many codes it refused: {@code data.invalid_codes} and
     * {@code data.not_entitled_codes} name at most {@link Messages#MAX_LISTED_SYMBOLS} codes each, with
     * {@code invalid_count}/{@code not_entitled_count} giving the totals.
     */
    private void sendCodesReply(Header header, List<String> invalid, List<String> refused) {
        if (!refused.isEmpty()) {
            JsonObject data = new JsonObject().put("not_entitled_codes", new JsonArray(capped(refused)))
                    .put("not_entitled_count", refused.size());
            if (!invalid.isEmpty()) {
                data.put("invalid_codes", new JsonArray(capped(invalid))).put("invalid_count", invalid.size());
            }
            send(reply(header, AllTickProtocol.RET_CODE_UNAUTHORIZED, "code unauthorized: " + listed(refused)
                    + " (API key " + keyId + " is entitled to " + entitlements.describe() + ")", data));
            return;
        }
        if (invalid.isEmpty()) {
            send(reply(header, AllTickProtocol.RET_OK, "ok", null));
        } else {
            send(reply(header, AllTickProtocol.RET_CODE_INVALID, "code invalid: " + listed(invalid),
                    new JsonObject().put("invalid_codes", new JsonArray(capped(invalid)))
                            .put("invalid_count", invalid.size())));
        }
    }

    private static List<String> capped(List<String> codes) {
        return new ArrayList<>(codes.subList(0, Math.min(codes.size(), MAX_LISTED_CODES)));
    }

    private static String listed(List<String> codes) {
        int more = codes.size() - MAX_LISTED_CODES;
        return String.join(", ", capped(codes)) + (more > 0 ? " and " + more + " more" : "");
    }

    /** Makes {@code current} equal to {@code next}, leaving and joining only what differs. */
    private void replace(Map<String, MarketFeeds.Subscription> current, Map<String, MarketFeeds.Subscription> next) {
        for (MarketFeeds.Subscription old : current.values()) {
            if (!old.equals(next.get(old.key()))) {
                leave(old);
            }
        }
        List<MarketFeeds.Subscription> joining = new ArrayList<>();
        for (MarketFeeds.Subscription s : next.values()) {
            if (!s.equals(current.get(s.key()))) {
                joining.add(s);
            }
        }
        current.clear();
        current.putAll(next);
        for (MarketFeeds.Subscription s : joining) {
            feeds.join(s, this);
        }
    }

    private void leave(MarketFeeds.Subscription s) {
        feeds.leave(s, this);
        writer.forget(s.subscriptionKey());
    }

    /** A reply: {@code cmd_id} is the request's plus one (0 when the request had none). */
    static String reply(Header header, int ret, String msg, JsonObject data) {
        return new JsonObject()
                .put("ret", ret)
                .put("msg", msg)
                .put("cmd_id", header.cmdId() > 0 ? header.cmdId() + 1 : 0)
                .put("seq_id", header.seqId())
                .put("trace", header.trace())
                .put("data", data == null ? new JsonObject() : data)
                .encode();
    }

    @Override
    public void sendData(String subscriptionKey, OutboundFrame message, boolean conflatable) {
        // The peer may have closed the socket before our close handler ran; writing to it would fail.
        if (closed || closing || ws.isClosed()) {
            return;
        }
        writer.data(subscriptionKey, message, conflatable);
    }

    private void check() {
        if (closed || closing) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (now - lastHeartbeatNanos >= heartbeatTimeoutNanos) {
            LOG.info("closing alltick client without heartbeat session={} remote={} timeoutMs={}", id,
                    ws.remoteAddress(), heartbeatTimeoutNanos / 1_000_000);
            close("heartbeat timeout");
        } else {
            writer.check(now);
        }
    }

    private void dropSlow(String why) {
        // Dropping one client beats growing the heap for everybody else.
        LOG.warn("closing slow alltick client session={} remote={} reason={}", id, ws.remoteAddress(), why);
        close("slow consumer");
    }

    private void send(String text) {
        if (closed || closing || ws.isClosed()) {
            return;
        }
        writer.control(text.getBytes(StandardCharsets.UTF_8));
    }

    private void close(String reason) {
        if (closed || closing) {
            return;
        }
        writer.flushNow(); // what was sent before (a ret 401, say) goes out before the close frame
        closing = true;
        ws.close(CLOSE_POLICY, reason).onFailure(err -> LOG.debug("alltick close failed session={}", id, err));
    }

    private void onSocketClosed() {
        if (closed) {
            return;
        }
        closed = true;
        if (checkTimer >= 0) {
            vertx.cancelTimer(checkTimer);
            checkTimer = -1;
        }
        writer.close();
        for (MarketFeeds.Subscription s : depth.values()) {
            feeds.leave(s, this);
        }
        for (MarketFeeds.Subscription s : trades.values()) {
            feeds.leave(s, this);
        }
        depth.clear();
        trades.clear();
        onClosed.run();
        LOG.debug("alltick client disconnected session={}", id);
    }

    /** Number of subscribed codes, depth and trade together. */
    int subscriptionCount() {
        return depth.size() + trades.size();
    }
}
