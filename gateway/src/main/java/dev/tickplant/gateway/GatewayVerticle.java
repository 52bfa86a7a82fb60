package dev.tickplant.gateway;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.model.Demand;
import dev.tickplant.common.model.KeyConnectionCounts;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.gateway.alltick.AllTickSession;
import dev.tickplant.gateway.dashboard.Dashboard;
import dev.tickplant.gateway.rest.RestApi;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-facing WebSocket server: seed 003's protocol plus the extensions of docs/ARCHITECTURE.md section 9, on {@code ws://host:port/}
 * and {@code ws://host:port/ws} (other paths get 404).
 *
 * <ul>
 *   <li>Authentication: {@code {"type":"auth","apiKey":...}} within {@link GatewayConfig#authTimeout()}, or
 *       {@code ?token=KEY} on the URL. An invalid token rejects the handshake with HTTP 401.
 *   <li>Entitlements: each key's {@link Entitlements} (symbols, subscriptions, message rate) bind to the connection
 *       it authenticates; its {@code maxConnections} holds across every gateway instance of the cluster, over the
 *       native and AllTick endpoints (a {@code ?token=} over the limit is rejected with HTTP 429): each instance
 *       publishes its connections per key to {@link Addresses#GATEWAY_KEY_CONNECTIONS} when they change and every
 *       {@link #KEY_CONNECTIONS_INTERVAL_MS} while it has any, with a TTL of {@link #KEY_CONNECTIONS_TTL_MS}, and
 *       admits a connection against its own count plus the others' latest (see {@link KeyConnections} for the race
 *       window that leaves). The REST API answers 403 for symbols outside the key's entitlements.
 *   <li>Market data: one event-bus consumer per symbol key, shared by all sessions of this instance (see
 *       {@link FeedHub}); snapshot first, then live ticks with no gap and no duplicate.
 *   <li>Demand: the set of wanted symbol keys is published as a {@link Demand} to {@link Addresses#INGEST_DEMAND}
 *       when it changes (coalesced over {@link GatewayConfig#demandCoalesce()}) and every
 *       {@link GatewayConfig#demandInterval()}; an empty demand is published on stop.
 *   <li>Liveness: WebSocket pings every {@link GatewayConfig#pingInterval()}; a client that has not answered within
 *       {@link GatewayConfig#pongTimeout()} is closed.
 *   <li>Write path ({@link SessionWriter}): each message is encoded once per audience into one shared WebSocket
 *       frame, written to every session's Netty pipeline and flushed once per event-loop turn ({@link EndOfTurn});
 *       states are conflated when the loop or a client falls behind; slow clients are warned, then closed with 1008
 *       (see {@link GatewayConfig#slowConsumerTimeout()}). One Vert.x internal API is used for this
 *       ({@code WebSocketInternal.channelHandlerContext()}, in {@link SessionWriter} and a session's forced close).
 *   <li>HTTP: {@code /api/*} goes to the REST API; a browser's {@code GET /} and {@code /dashboard/*} to the live
 *       web {@link Dashboard}; other plain HTTP gets 426 on the WebSocket paths, else 404.
 * </ul>
 *
 * <p>All state is confined to this verticle's event loop. Deploying several instances shares the port (Vert.x
 * balances connections); give each instance its own {@code nodeId}, because ingest keys demand by node id.
 */
public final class GatewayVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
    /** Path of the ticks-only endpoint (see {@link #isTicksOnlyPath}). */
    static final String TICKS_ONLY_PATH = "/quote";
    /** Retry hint sent to clients when this gateway shuts down gracefully. */
    static final long RECONNECT_HINT_MS = 1_000;
    /** How often this instance re-announces its connections per key while it has any. */
    static final long KEY_CONNECTIONS_INTERVAL_MS = 250;
    /**
     * How long the others trust one announcement: four intervals, so one or two lost announcements do not free a
     * live instance's slots, while a dead instance's slots come back within a second.
     */
    static final long KEY_CONNECTIONS_TTL_MS = 1_000;

    private final GatewayConfig config;
    private final InstrumentRegistry registry;
    private final int partitionCount;
    private final String nodeId;
    private final MeterRegistry meterRegistry;
    private final LongSupplier nanoClock;
    private final ApiKeys apiKeys;
    /** Open connections per API key on this instance (native and AllTick endpoints) and on the others. */
    private final KeyConnections connections;
    private MessageConsumer<KeyConnectionCounts> keyConnectionsConsumer;
    private long keyConnectionsTimer = -1;
    private boolean keyConnectionsAnnouncePending;
    /** Set by {@link #stop()}: this instance has announced its last counts. */
    private boolean stopping;
    /** The key of clients the anonymous {@code /quote} endpoint admits without a token. */
    private final ApiKey anonymousKey;
    private final Set<ClientSession> sessions = new LinkedHashSet<>();
    private GatewayMetrics metrics;
    private FeedHub hub;
    /** Writes the frames of the clients in batched mode. */
    private EndOfTurn endOfTurn;
    /** The REST API under {@code /api/v1}, served by this verticle's HTTP server. */
    private RestApi rest;
    /** The live web dashboard: {@code GET /} from a browser and {@code /dashboard/*}. */
    private Dashboard dashboard;
    private HttpServer server;
    private long nextSessionId;
    private long pingTimer = -1;
    private long demandTimer = -1;
    private MessageConsumer<Object> demandRequestConsumer;
    /** Symbols REST queries asked for, with when that interest expires (epoch ms). */
    private final java.util.Map<String, Long> restDemand = new java.util.HashMap<>();
    /** How long one REST query keeps its symbol wanted upstream. */
    private static final long REST_DEMAND_MS = 60_000;
    /** Id of the key anonymous {@code /quote} clients get ({@link GatewayConfig#apiKeyDefaults()}). */
    static final String ANONYMOUS_KEY_ID = "anonymous";
    private long demandCoalesceTimer = -1;
    private volatile int actualPort = -1;

    /**
     * @param config gateway settings
     * @param registry instrument universe used to resolve client spellings
     * @param partitionCount normalizer partition count; must match every other node
     * @param nodeId id announced in {@link Demand}s; unique per verticle instance in the cluster
     * @param meterRegistry where the gateway's meters are registered
     */
    public GatewayVerticle(GatewayConfig config, InstrumentRegistry registry, int partitionCount, String nodeId,
            MeterRegistry meterRegistry) {
        this(config, registry, partitionCount, nodeId, meterRegistry, System::nanoTime);
    }

    /** As above, with an injected monotonic clock for timeouts (nanoseconds, like {@link System#nanoTime()}). */
    public GatewayVerticle(GatewayConfig config, InstrumentRegistry registry, int partitionCount, String nodeId,
            MeterRegistry meterRegistry, LongSupplier nanoClock) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        if (partitionCount <= 0) {
            throw new IllegalArgumentException("partitionCount must be positive: " + partitionCount);
        }
        this.partitionCount = partitionCount;
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.apiKeys = new ApiKeys(config.apiKeys(), config.apiKeyDefaults(), config.hashedApiKeys());
        this.anonymousKey = new ApiKey(ANONYMOUS_KEY_ID, config.apiKeyDefaults());
        this.connections = new KeyConnections(nanoClock, this::onKeyConnectionsChanged);
    }

    /** The bound port once {@link #start()} has completed (useful with port 0), else -1. Thread-safe. */
    public int actualPort() {
        return actualPort;
    }

    @Override
    public Future<?> start() {
        metrics = new GatewayMetrics(meterRegistry, nodeId);
        endOfTurn = new EndOfTurn(vertx, context, config.batchLinger());
        hub = new FeedHub(vertx, config, partitionCount, metrics, endOfTurn, this::onDemandChanged, key -> {
            // A consolidated view outlives one venue's refusal; a venue view or a single-venue instrument does not.
            if (key.contains("@")) {
                return true;
            }
            var instrument = registry.bySymbol(key);
            return instrument != null && instrument.venueCodes().size() == 1;
        });
        rest = new RestApi(vertx, registry, partitionCount, apiKeys::authenticate, config.snapshotTimeout(),
                Clock.systemUTC(), this::restWants, new KeyRateLimits(nanoClock));
        dashboard = new Dashboard(vertx);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                // Vert.x's own limits sit above the protocol limit, so an over-long message gets an error reply
                // (MESSAGE_TOO_LARGE) and the connection stays open instead of being torn down by Netty.
                .setMaxWebSocketFrameSize(config.wsMaxMessageBytes())
                .setMaxWebSocketMessageSize(config.wsMaxMessageBytes())
                .setWebSocketClosingTimeout((int) Math.max(1, (config.closingTimeout().toMillis() + 999) / 1000));
        server = vertx.createHttpServer(options)
                .webSocketHandshakeHandler(this::onHandshake)
                .webSocketHandler(this::onWebSocket)
                .requestHandler(this::onHttpRequest);
        pingTimer = vertx.setPeriodic(config.pingInterval().toMillis(), id -> heartbeat());
        demandTimer = vertx.setPeriodic(config.demandInterval().toMillis(), id -> publishDemand());
        // A connector that just started (or took a feed over) asks: answer now, coalesced with other changes.
        demandRequestConsumer = vertx.eventBus().consumer(Addresses.INGEST_DEMAND_REQUEST, msg -> onDemandChanged());
        keyConnectionsConsumer = vertx.eventBus().consumer(Addresses.GATEWAY_KEY_CONNECTIONS, msg -> {
            KeyConnectionCounts counts = msg.body();
            if (!counts.nodeId().equals(nodeId)) {
                connections.onPeerCounts(counts.nodeId(), counts.connections(), counts.ttlMillis());
            }
        });
        keyConnectionsTimer = vertx.setPeriodic(KEY_CONNECTIONS_INTERVAL_MS, id -> {
            connections.expirePeers();
            // An idle instance stays quiet: the others forget it when its last (empty) announcement arrives or
            // its previous one expires.
            if (!connections.localCounts().isEmpty()) {
                announceKeyConnections();
            }
        });
        return Future.all(keyConnectionsConsumer.completion(), demandRequestConsumer.completion())
                .compose(v -> server.listen()).onSuccess(s -> {
            actualPort = s.actualPort();
            LOG.info("gateway listening host={} port={} nodeId={} partitions={} config={}", config.host(),
                    actualPort, nodeId, partitionCount, config);
        });
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(pingTimer);
        vertx.cancelTimer(demandTimer);
        vertx.cancelTimer(keyConnectionsTimer);
        if (demandRequestConsumer != null) {
            demandRequestConsumer.unregister();
        }
        if (demandCoalesceTimer >= 0) {
            vertx.cancelTimer(demandCoalesceTimer);
        }
        // Tell ingest at once instead of letting the demand's TTL run out.
        vertx.eventBus().publish(Addresses.INGEST_DEMAND, new Demand(nodeId, Set.of(), config.demandTtl().toMillis()));
        // Likewise the other gateways: this instance's connections are going away with it (clients are told to
        // reconnect below). Unregistering first keeps the announcement from being queued for our own consumer.
        stopping = true;
        Future<Void> lastAnnounced = keyConnectionsConsumer.unregister().onComplete(ar -> vertx.eventBus().publish(
                Addresses.GATEWAY_KEY_CONNECTIONS, new KeyConnectionCounts(nodeId, Map.of(), KEY_CONNECTIONS_TTL_MS)));
        // Tell every client to reconnect (another gateway node serves the same data) and give the close
        // handshakes a moment before the server drops whatever is left.
        for (ClientSession session : List.copyOf(sessions)) {
            session.goAway(RECONNECT_HINT_MS);
        }
        Future<Void> drained = sessions.isEmpty() ? Future.succeededFuture()
                : vertx.timer(Math.min(1_000, config.closingTimeout().toMillis())).mapEmpty();
        Future<Void> closing = drained.compose(v -> server == null ? Future.succeededFuture() : server.close());
        return closing
                .eventually(() -> lastAnnounced)
                .eventually(() -> hub.close())
                .onComplete(ar -> {
                    metrics.close();
                    LOG.info("gateway stopped nodeId={}", nodeId);
                });
    }

    private void onHandshake(ServerWebSocketHandshake hs) {
        if (AllTickSession.isAllTickPath(hs.path())) {
            ApiKey key = apiKeys.authenticate(queryParam(hs.query(), "token"));
            if (key != null && !connections.hasRoom(key)) {
                rejectConnectionLimit(hs, key);
                return;
            }
            // AllTick's way with a bad or missing token: accept, answer ret 401 and close (see AllTickSession).
            hs.accept().onFailure(err -> LOG.debug("handshake accept failed remote={}", hs.remoteAddress(), err));
            return;
        }
        if (!isWebSocketPath(hs.path())) {
            hs.reject(404).onFailure(err -> LOG.debug("handshake reject failed", err));
            return;
        }
        String token = queryParam(hs.query(), "token");
        if (token == null && isTicksOnlyPath(hs.path()) && !config.anonymousQuote()) {
            // The ticks-only endpoint sends no auth prompt a client could answer, so a key must come with the URL.
            metrics.clientError(ErrorCode.AUTH_REQUIRED);
            hs.reject(401).onFailure(err -> LOG.debug("handshake reject failed", err));
            return;
        }
        ApiKey key = token == null ? null : apiKeys.authenticate(token);
        if (token != null && key == null) {
            // Rejecting at the handshake is the cheapest answer to a bad token; no session state is created.
            metrics.clientError(ErrorCode.AUTH_FAILED);
            LOG.info("rejected handshake with invalid token remote={}", hs.remoteAddress());
            hs.reject(401).onFailure(err -> LOG.debug("handshake reject failed", err));
            return;
        }
        if (key != null && !connections.hasRoom(key)) {
            rejectConnectionLimit(hs, key);
            return;
        }
        hs.accept().onFailure(err -> LOG.debug("handshake accept failed remote={}", hs.remoteAddress(), err));
    }

    private void rejectConnectionLimit(ServerWebSocketHandshake hs, ApiKey key) {
        metrics.clientError(ErrorCode.CONNECTION_LIMIT);
        LOG.info("rejected handshake at connection limit key={} max={} remote={}", key.id(),
                key.entitlements().maxConnections(), hs.remoteAddress());
        hs.reject(429).onFailure(err -> LOG.debug("handshake reject failed", err));
    }

    private void onWebSocket(ServerWebSocket ws) {
        String token = queryParam(ws.query(), "token");
        if (AllTickSession.isAllTickPath(ws.path())) {
            onAllTickWebSocket(ws, token);
            return;
        }
        boolean ticksOnly = isTicksOnlyPath(ws.path());
        ApiKey preAuthenticated = token == null ? null : apiKeys.authenticate(token);
        if (preAuthenticated == null && token == null && ticksOnly && config.anonymousQuote()) {
            preAuthenticated = anonymousKey;
        }
        ClientSession session = new ClientSession(++nextSessionId, ws, preAuthenticated, ticksOnly, vertx, config,
                apiKeys,
                new Subscriptions(registry, config.maxSubscriptionsPerConnection()), hub, metrics, nanoClock,
                connections, endOfTurn, "true".equals(queryParam(ws.query(), "batch")),
                "true".equals(queryParam(ws.query(), "hops")), this::onSessionClosed);
        sessions.add(session);
        metrics.clientConnected();
        LOG.debug("client connected session={} remote={} path={} preAuthenticated={}", session.id(),
                ws.remoteAddress(), ws.path(), preAuthenticated == null ? null : preAuthenticated.id());
        session.start();
    }

    /** A client of the AllTick-compatible endpoint: AllTick's cmd_id protocol on the same feeds. */
    private void onAllTickWebSocket(ServerWebSocket ws, String token) {
        ApiKey key = apiKeys.authenticate(token);
        boolean tokenValid = key != null;
        if (!tokenValid) {
            metrics.clientError(token == null ? ErrorCode.AUTH_REQUIRED : ErrorCode.AUTH_FAILED);
        } else if (!connections.tryAcquire(key)) {
            // Another connection of the key got in between the handshake's check and now.
            metrics.clientError(ErrorCode.CONNECTION_LIMIT);
            ws.close((short) 1008, "connection limit").onFailure(err -> LOG.debug("close failed", err));
            return;
        }
        AllTickSession session = new AllTickSession(++nextSessionId, ws, key, vertx, registry, hub, config,
                nanoClock, () -> {
                    if (key != null) {
                        connections.release(key);
                    }
                }, endOfTurn);
        LOG.debug("alltick client connected session={} remote={} path={} tokenValid={}", nextSessionId,
                ws.remoteAddress(), ws.path(), tokenValid);
        session.start();
    }

    /**
     * Announces this instance's new counts at the end of the current event-loop turn: as early as possible, since
     * the delay is the race window of {@link KeyConnections}, yet once for a burst of connects or disconnects.
     */
    private void onKeyConnectionsChanged() {
        if (keyConnectionsAnnouncePending || stopping) {
            return;
        }
        keyConnectionsAnnouncePending = true;
        vertx.runOnContext(v -> {
            keyConnectionsAnnouncePending = false;
            if (!stopping) {
                announceKeyConnections();
            }
        });
    }

    private void announceKeyConnections() {
        vertx.eventBus().publish(Addresses.GATEWAY_KEY_CONNECTIONS,
                new KeyConnectionCounts(nodeId, connections.localCounts(), KEY_CONNECTIONS_TTL_MS));
    }

    private void onSessionClosed(ClientSession session) {
        if (sessions.remove(session)) {
            metrics.clientDisconnected();
            LOG.debug("client disconnected session={}", session.id());
        }
    }

    private void onHttpRequest(HttpServerRequest request) {
        if (RestApi.handles(request.path())) {
            rest.handle(request);
            return;
        }
        if (Dashboard.handles(request)) {
            dashboard.handle(request);
            return;
        }
        boolean ws = isWebSocketPath(request.path());
        request.response()
                .setStatusCode(ws ? 426 : 404)
                .putHeader("content-type", "text/plain; charset=utf-8")
                .end(ws ? "WebSocket endpoint: connect with a WebSocket client\n" : "Not found\n")
                .onFailure(err -> LOG.debug("http response failed", err));
    }

    private void heartbeat() {
        long now = nanoClock.getAsLong();
        for (ClientSession s : sessions.toArray(new ClientSession[0])) {
            s.heartbeat(now);
        }
        vertx.setTimer(config.pongTimeout().toMillis(), id -> {
            long later = nanoClock.getAsLong();
            for (ClientSession s : sessions.toArray(new ClientSession[0])) {
                s.checkPong(later);
            }
        });
    }

    private void onDemandChanged() {
        if (demandCoalesceTimer >= 0) {
            return;
        }
        // A batch subscribe or a burst of disconnects becomes one announcement.
        demandCoalesceTimer = vertx.setTimer(Math.max(1, config.demandCoalesce().toMillis()), id -> {
            demandCoalesceTimer = -1;
            publishDemand();
        });
    }

    /**
     * A REST query wants {@code key} upstream for {@link #REST_DEMAND_MS}; true when nothing on this gateway wanted
     * it before.
     */
    private boolean restWants(String key) {
        long now = System.currentTimeMillis();
        boolean fresh = !hub.keys().contains(key) && !restDemand.containsKey(key);
        restDemand.put(key, now + REST_DEMAND_MS);
        if (fresh) {
            onDemandChanged();
        }
        return fresh;
    }

    private void publishDemand() {
        long now = System.currentTimeMillis();
        restDemand.values().removeIf(expiresAt -> expiresAt < now);
        Set<String> keys = new java.util.HashSet<>(hub.keys());
        keys.addAll(restDemand.keySet());
        Demand demand = new Demand(nodeId, keys, config.demandTtl().toMillis());
        LOG.debug("publishing demand nodeId={} symbols={}", nodeId, demand.symbols().size());
        vertx.eventBus().publish(Addresses.INGEST_DEMAND, demand);
    }

    static boolean isWebSocketPath(String path) {
        return path == null || path.isEmpty() || path.equals("/") || path.equals("/ws") || path.equals("/ws/")
                || isTicksOnlyPath(path);
    }

    /**
     * The ticks-only endpoint: no welcome, no confirmations, only market data and errors, for programs that read
     * {@code msg["price"]} from every message they receive (seed 004 does).
     */
    static boolean isTicksOnlyPath(String path) {
        return path != null && (path.equals(TICKS_ONLY_PATH) || path.equals(TICKS_ONLY_PATH + "/"));
    }

    /** The first value of {@code name} in a raw query string, URL-decoded, or null. */
    static String queryParam(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                try {
                    return URLDecoder.decode(value, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return value;
                }
            }
        }
        return null;
    }
}
