package dev.tickplant.gateway;

import dev.tickplant.common.model.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: authentication, request handling, subscriptions and the per-client write path.
 *
 * <p>Write path: a {@link SessionWriter}. Ticks are written only while the socket has room; when it is full, the
 * newest tick per symbol is kept (conflation: a slow client gets fewer, never older, ticks, and the one it gets says
 * how many it stands for) and written when the socket drains; a client that stays full longer than the slow-consumer
 * timeout is told why and closed with 1008. Control messages always go out.
 *
 * <p>Batched mode ({@code {"type":"options","batch":true}} or {@code ?batch=true}): every message, market data and
 * control alike and in the same order, goes into one frame holding a JSON array, written when it is full or at the
 * end of the event-loop turn.
 *
 * <p>Confined to the verticle's event loop, so no synchronisation.
 */
final class ClientSession implements FeedSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    static final short CLOSE_POLICY = 1008;
    static final short CLOSE_GOING_AWAY = 1001;
    /** The close reason of a client dropped as too slow, so it can tell that from a dead network. */
    static final String SLOW_CONSUMER_REASON = "Slow consumer";
    private static final Buffer PING_PAYLOAD = Buffer.buffer("tp");
    /** Messages queued for a client that is not reading, at most. */
    static final int MAX_QUEUED = 65_536;

    private final long id;
    private final ServerWebSocket ws;
    private final Vertx vertx;
    private final GatewayConfig config;
    private final ApiKeys apiKeys;
    private final Subscriptions subscriptions;
    private final MarketFeeds hub;
    private final GatewayMetrics metrics;
    private final LongSupplier nanoClock;
    private final Consumer<ClientSession> onClosed;
    private final KeyConnections connections;
    private final SessionWriter writer;
    /** The native encoding, with or without per-hop timestamps ({@code ?hops=true}). */
    private final FeedEncoder encoder;
    private boolean authenticated;
    /** The key this connection authenticated with (counted in {@link #connections}), or null. */
    private ApiKey key;
    /** The key's message-rate limit, or null when it has none. */
    private TokenBucket bucket;
    /** A key that came with the URL, applied in {@link #start()}. */
    private final ApiKey preAuthenticated;
    private int authFailures;
    private long authTimer = -1;
    private long pingSentNanos = -1;
    private long forceCloseTimer = -1;
    private boolean closing;
    private boolean closed;
    /** Sessions of the ticks-only endpoint get market data and errors, never protocol chatter. */
    private final boolean ticksOnly;

    /**
     * @param preAuthenticated the key of a {@code ?token=} (or the anonymous key of {@code /quote}), or null when the
     *     client must send {@code auth}
     * @param connections open connections per key, shared by the verticle's sessions
     * @param endOfTurn flushes the verticle's sessions once per event-loop turn
     * @param batched whether the client asked for batched mode on the URL ({@code ?batch=true})
     * @param hops whether the client asked for per-hop timestamps on the URL ({@code ?hops=true})
     */
    ClientSession(long id, ServerWebSocket ws, ApiKey preAuthenticated, boolean ticksOnly, Vertx vertx,
            GatewayConfig config, ApiKeys apiKeys, Subscriptions subscriptions, MarketFeeds hub, GatewayMetrics metrics,
            LongSupplier nanoClock, KeyConnections connections, EndOfTurn endOfTurn, boolean batched,
            boolean hops, Consumer<ClientSession> onClosed) {
        this.id = id;
        this.ws = ws;
        this.preAuthenticated = preAuthenticated;
        this.connections = connections;
        this.encoder = hops ? NativeEncoder.WITH_HOPS : NativeEncoder.INSTANCE;
        this.writer = new SessionWriter(ws, endOfTurn, nanoClock, config.slowConsumerTimeout(), MAX_QUEUED, metrics,
                this::warnSlow, this::dropSlow);
        // The ticks-only endpoint serves programs that read one message per frame; it never batches.
        writer.batching(batched && !ticksOnly, config.batchMaxMessages());
        this.authenticated = preAuthenticated != null;
        this.ticksOnly = ticksOnly;
        this.vertx = vertx;
        this.config = config;
        this.apiKeys = apiKeys;
        this.subscriptions = subscriptions;
        this.hub = hub;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.onClosed = onClosed;
    }

    void start() {
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(b -> {
            pingSentNanos = -1;
            sendError(ErrorCode.UNSUPPORTED_FRAME, "Binary frames are not supported; send JSON text messages");
        });
        ws.pongHandler(b -> pingSentNanos = -1);
        ws.exceptionHandler(err -> LOG.debug("client socket error session={}", id, err));
        ws.closeHandler(v -> onSocketClosed());
        if (preAuthenticated != null && !bind(preAuthenticated)) {
            // Another connection of the key got in between the handshake's check and now.
            authenticated = false;
            sendError(ErrorCode.CONNECTION_LIMIT, connectionLimitMessage(preAuthenticated));
            close(CLOSE_POLICY, "Connection limit");
            return;
        }
        if (!ticksOnly) {
            send(Messages.welcome(config.authTimeout(), authenticated));
        }
        if (!authenticated) {
            authTimer = vertx.setTimer(config.authTimeout().toMillis(), t -> onAuthTimeout());
        }
    }

    long id() {
        return id;
    }

    @Override
    public void onRejected(String spelling, String reason) {
        if (closed || closing) {
            return;
        }
        metrics.clientError(ErrorCode.SYMBOL_REJECTED);
        send(new io.vertx.core.json.JsonObject().put("type", "error").put("code", ErrorCode.SYMBOL_REJECTED.name())
                .put("message", "The venue rejected '" + spelling + "': " + reason).put("symbol", spelling).encode());
    }

    /** Sessions of the ticks-only endpoint get market data and errors only. */
    @Override
    public boolean wantsResets() {
        return !ticksOnly;
    }

    boolean authenticated() {
        return authenticated;
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    /** The authenticated key, or null. */
    ApiKey key() {
        return key;
    }

    /** Counts this connection against {@code k}'s limit and applies its entitlements; false when at the limit. */
    private boolean bind(ApiKey k) {
        if (!connections.tryAcquire(k)) {
            return false;
        }
        key = k;
        subscriptions.restrict(k);
        int rate = k.entitlements().maxMessagesPerSecond();
        bucket = rate > 0 ? new TokenBucket(rate, nanoClock.getAsLong()) : null;
        return true;
    }

    static String connectionLimitMessage(ApiKey k) {
        return "Connection limit of " + k.entitlements().maxConnections() + " (maxConnections of API key " + k.id()
                + ") reached across all gateways; close another connection first";
    }

    void onText(String text) {
        if (closed || closing) {
            return;
        }
        pingSentNanos = -1; // any traffic proves the peer is alive
        int bytes = text.length() * 3 <= config.maxFrameBytes()
                ? text.length()
                : text.getBytes(StandardCharsets.UTF_8).length;
        if (bucket != null && !bucket.tryTake(nanoClock.getAsLong())) {
            // Refused before parsing: a flooding client costs as little as possible, and stays connected.
            sendError(ErrorCode.RATE_LIMITED, "Rate limit of " + key.entitlements().maxMessagesPerSecond()
                    + " messages per second (maxMessagesPerSecond of API key " + key.id()
                    + ") exceeded; message ignored");
            return;
        }
        if (bytes > config.maxFrameBytes()) {
            sendError(ErrorCode.MESSAGE_TOO_LARGE,
                    "Message of " + bytes + " bytes exceeds the limit of " + config.maxFrameBytes() + " bytes");
            return;
        }
        ClientRequest request = RequestParser.parse(text);
        if (request instanceof ClientRequest.Invalid invalid) {
            sendError(invalid.code(), invalid.message());
        } else if (request instanceof ClientRequest.Auth auth) {
            onAuth(auth.apiKey());
        } else if (request instanceof ClientRequest.Ping ping) {
            send(Messages.pong(ping.id(), System.currentTimeMillis()));
        } else if (request instanceof ClientRequest.Options options) {
            onOptions(options.batch());
        } else if (!authenticated) {
            sendError(ErrorCode.AUTH_REQUIRED, "Authentication required");
        } else if (request instanceof ClientRequest.Subscribe sub) {
            onSubscribe(sub);
        } else if (request instanceof ClientRequest.Unsubscribe unsub) {
            onUnsubscribe(unsub);
        } else if (request instanceof ClientRequest.ListSubscriptions) {
            send(Messages.list(subscriptions.entries(), subscriptions.spellings(), subscriptions.size()));
        } else if (request instanceof ClientRequest.Limits) {
            send(Messages.limits(key, connections.count(key.id()), subscriptions.limit(), subscriptions.size()));
        }
    }

    /**
     * Batched mode on or off. The answer is the last single-message frame when turning it on and the first one after
     * turning it off (what was batched before goes out first), so a client knows where the frame format changes.
     */
    private void onOptions(boolean batched) {
        if (ticksOnly) {
            sendError(ErrorCode.INVALID_MESSAGE, "Batched mode is not available on the ticks-only endpoint");
            return;
        }
        String reply = Messages.options(batched, config.batchMaxMessages(), config.batchLinger().toMillis());
        if (batched) {
            send(reply);
            writer.batching(true, config.batchMaxMessages());
        } else {
            writer.batching(false, 0);
            send(reply);
        }
    }

    private void onAuth(String apiKey) {
        ApiKey candidate = apiKeys.authenticate(apiKey);
        if (candidate != null && key != null && !candidate.id().equals(key.id())) {
            // Entitlements are bound to the connection; switching keys would leave subscriptions the new key may
            // not hold.
            send(Messages.authFailed("Already authenticated as API key " + key.id()
                    + "; open another connection to use another key"));
            return;
        }
        if (candidate != null && key != null) {
            send(Messages.authResult(true, "Authenticated successfully"));
            return;
        }
        if (candidate != null) {
            if (!bind(candidate)) {
                metrics.clientError(ErrorCode.CONNECTION_LIMIT);
                send(Messages.authConnectionLimit(connectionLimitMessage(candidate)));
                return;
            }
            authenticated = true;
            cancelAuthTimer();
            send(Messages.authResult(true, "Authenticated successfully"));
            return;
        }
        authFailures++;
        metrics.clientError(ErrorCode.AUTH_FAILED);
        String reason = apiKey == null || apiKey.isEmpty() ? "Missing apiKey" : "Invalid API key";
        send(Messages.authFailed(reason));
        if (!authenticated && authFailures >= config.maxAuthFailures()) {
            // Bounds key guessing per connection; the client may reconnect and try again.
            sendError(ErrorCode.AUTH_FAILED, "Too many failed authentication attempts");
            close(CLOSE_POLICY, "Too many failed authentication attempts");
        }
    }

    private void onSubscribe(ClientRequest.Subscribe sub) {
        // One confirmation per channel, each sent before joining its feeds, so it precedes every message they push.
        for (Channel channel : sub.channels()) {
            Subscriptions.Outcome outcome = subscriptions.subscribe(sub.symbols(), sub.exchange(), channel,
                    sub.levels());
            if (!outcome.applied().isEmpty()) {
                if (!ticksOnly) {
                    send(Messages.subscribed(spellings(outcome.applied()), subscriptions.size(), channel,
                            sub.levels()));
                }
                metrics.subscriptionsChanged(outcome.applied().size());
            }
            reportRejections(outcome);
            for (Subscriptions.Entry e : outcome.applied()) {
                hub.join(feed(e), this);
            }
        }
    }

    private void onUnsubscribe(ClientRequest.Unsubscribe unsub) {
        Subscriptions.Outcome outcome = subscriptions.unsubscribe(unsub.symbols(), unsub.exchange(),
                unsub.channels());
        for (Subscriptions.Entry e : outcome.applied()) {
            hub.leave(feed(e), this);
            writer.forget(e.subscriptionKey());
        }
        if (!outcome.applied().isEmpty()) {
            metrics.subscriptionsChanged(-outcome.applied().size());
            // One confirmation per channel, in the order of Channel's constants.
            for (Channel channel : Channel.values()) {
                List<String> removed = outcome.applied().stream().filter(e -> e.channel() == channel)
                        .map(Subscriptions.Entry::spelling).toList();
                if (!removed.isEmpty()) {
                    if (!ticksOnly) {
                        send(Messages.unsubscribed(removed, subscriptions.size(), channel));
                    }
                }
            }
        }
        reportRejections(outcome);
    }

    /** One error per reason, naming the symbols it refused (see {@link Messages#symbolsError}). */
    private void reportRejections(Subscriptions.Outcome outcome) {
        Map<ErrorCode, List<Subscriptions.Rejection>> byCode = new EnumMap<>(ErrorCode.class);
        for (Subscriptions.Rejection r : outcome.rejected()) {
            byCode.computeIfAbsent(r.code(), c -> new ArrayList<>()).add(r);
        }
        byCode.forEach((code, rejections) -> {
            metrics.clientError(code);
            send(Messages.symbolsError(rejections));
        });
    }

    private MarketFeeds.Subscription feed(Subscriptions.Entry e) {
        return new MarketFeeds.Subscription(e.channel(), e.key(), e.canonicalSymbol(), e.spelling(), e.levels(),
                encoder);
    }

    private static List<String> spellings(List<Subscriptions.Entry> entries) {
        return entries.stream().map(Subscriptions.Entry::spelling).toList();
    }

    /** Writes a market-data message, or queues it when the client is not keeping up ({@link SessionWriter}). */
    @Override
    public void sendData(String subscriptionKey, OutboundFrame message, boolean conflatable) {
        // The peer may have closed the socket before our close handler ran; writing to it would fail.
        if (closed || closing || ws.isClosed()) {
            return;
        }
        writer.data(subscriptionKey, message, conflatable);
    }

    /** First stage of the slow-consumer policy: the client learns it is behind before anything is dropped. */
    private void warnSlow() {
        if (ticksOnly) {
            return; // ticks-only clients get market data and errors only
        }
        send(Messages.warning(ErrorCode.SLOW_CONSUMER, "Client is not reading fast enough: ticks and depth images are "
                + "now conflated (each says how many it stands for in 'conflated'); trades and statuses queue, at most "
                + MAX_QUEUED + "; the connection is closed (1008 \"" + SLOW_CONSUMER_REASON + "\") if the socket stays "
                + "full for " + config.slowConsumerTimeout().toMillis() + " ms"));
    }

    private void dropSlow(String reason) {
        // Dropping one client beats growing the heap for everybody else.
        LOG.warn("closing slow client session={} remote={} reason={}", id, ws.remoteAddress(), reason);
        sendError(ErrorCode.SLOW_CONSUMER, "Client too slow: " + reason);
        close(CLOSE_POLICY, SLOW_CONSUMER_REASON);
    }

    /** Heartbeat round: closes a client whose previous ping is unanswered, else sends a ping. */
    void heartbeat(long now) {
        if (closed || closing) {
            return;
        }
        writer.check(now);
        if (pingSentNanos < 0) {
            pingSentNanos = now;
            ws.writePing(PING_PAYLOAD).onFailure(err -> LOG.debug("ping failed session={}", id, err));
        }
    }

    /** Closes the client when a ping has been unanswered for the pong timeout. */
    void checkPong(long now) {
        if (!closed && !closing && pingSentNanos >= 0 && now - pingSentNanos >= config.pongTimeout().toNanos()) {
            LOG.info("closing unresponsive client session={} remote={}", id, ws.remoteAddress());
            close(CLOSE_GOING_AWAY, "Ping timeout");
        }
    }

    private void onAuthTimeout() {
        authTimer = -1;
        if (authenticated || closed || closing) {
            return;
        }
        sendError(ErrorCode.AUTH_TIMEOUT,
                "Authentication timeout: no valid auth within " + config.authTimeout().toSeconds() + " seconds");
        close(CLOSE_POLICY, "Authentication timeout");
    }

    private void sendError(ErrorCode code, String message) {
        metrics.clientError(code);
        send(Messages.error(code, message));
    }

    private void send(String text) {
        if (closed || closing || ws.isClosed()) {
            return;
        }
        writer.control(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Graceful shutdown: a reconnect hint (unless ticks-only), then close 1001 "going away". */
    void goAway(long retryAfterMs) {
        if (closed || closing) {
            return;
        }
        if (!ticksOnly) {
            send(Messages.reconnect(retryAfterMs));
        }
        close((short) 1001, "server shutting down");
    }

    void close(short code, String reason) {
        if (closed || closing) {
            return;
        }
        writer.flushNow(); // the last messages (an error, a reconnect hint) go out before the close frame
        closing = true;
        ws.close(code, reason).onFailure(err -> LOG.debug("close failed session={}", id, err));
        // The close frame of a slow or dead client sits behind unsent data, so Vert.x's closing timeout never
        // starts; drop the TCP connection ourselves, so its buffers are freed.
        forceCloseTimer = vertx.setTimer(config.closingTimeout().toMillis(), t -> forceClose());
    }

    private void forceClose() {
        forceCloseTimer = -1;
        if (closed) {
            return;
        }
        LOG.info("dropping connection that did not complete the close handshake session={} remote={}", id,
                ws.remoteAddress());
        if (ws instanceof WebSocketInternal internal) {
            internal.channelHandlerContext().close();
        }
    }

    private void cancelAuthTimer() {
        if (authTimer >= 0) {
            vertx.cancelTimer(authTimer);
            authTimer = -1;
        }
    }

    private void onSocketClosed() {
        if (closed) {
            return;
        }
        closed = true;
        cancelAuthTimer();
        if (forceCloseTimer >= 0) {
            vertx.cancelTimer(forceCloseTimer);
            forceCloseTimer = -1;
        }
        writer.close();
        List<Subscriptions.Entry> all = subscriptions.clear();
        for (Subscriptions.Entry e : all) {
            hub.leave(feed(e), this);
        }
        metrics.subscriptionsChanged(-all.size());
        if (key != null) {
            connections.release(key);
            key = null;
        }
        onClosed.accept(this);
    }
}
