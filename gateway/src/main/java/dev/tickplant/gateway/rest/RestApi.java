package dev.tickplant.gateway.rest;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.bus.Partitions;
import dev.tickplant.common.model.SymbolSnapshot;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.symbol.SymbolResolution;
import dev.tickplant.common.symbol.VenueNames;
import dev.tickplant.gateway.ApiKey;
import dev.tickplant.gateway.KeyRateLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@value #BASE}, served by the gateway's HTTP server (the gateway hands it every request whose
 * path {@link #handles(String) starts with /api}). JSON bodies; errors are RFC 9457 problem details ({@link
 * Problem}). {@code api/openapi.json} on the classpath describes every route ({@link #ROUTES}), {@code
 * api/asyncapi.json} the native WebSocket protocol; both documents are public, everything else needs an API key in
 * {@code Authorization: Bearer KEY} or {@code X-API-Key: KEY} (when both are sent, both must be valid). A key's
 * {@code maxMessagesPerSecond} applies to its requests (one token bucket per key on each gateway instance, see {@link
 * KeyRateLimits}): beyond it, 429 {@code rate-limited} with {@code Retry-After} in whole seconds.
 *
 * <p>Market data comes from the owner of the symbol's normalizer partition by request/reply on {@link
 * Addresses#snapshot(int)} (body: the view key, {@code SYMBOL} or {@code SYMBOL@venue}; reply: {@link
 * SymbolSnapshot}). A {@code RECIPIENT_FAILURE} with code 404 means the normalizer has no data for the view yet
 * (404 {@code no-data}); {@code NO_HANDLERS} and {@code TIMEOUT} mean no normalizer answers (503 {@code
 * unavailable}, {@code Retry-After: 1}).
 *
 * <p>Confined to the event loop of the verticle that created it (the gateway's HTTP server).
 */
public final class RestApi {
    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);

    /** Path prefix of every route. */
    public static final String BASE = "/api/v1";
    /** Every route below {@link #BASE}, in OpenAPI path syntax; the OpenAPI document must list each of them. */
    static final List<String> ROUTES = List.of("/instruments", "/instruments/{symbol}", "/resolve", "/quotes",
            "/quotes/{symbol}", "/book/{symbol}", "/trades/{symbol}", "/openapi.json", "/asyncapi.json");
    static final int DEFAULT_DEPTH = 10;
    static final int MAX_DEPTH = 50;
    /** Most symbols one {@code /quotes?symbols=} request may ask for. */
    static final int MAX_BATCH = 100;
    static final String OPENAPI_RESOURCE = "api/openapi.json";
    static final String ASYNCAPI_RESOURCE = "api/asyncapi.json";
    private static final String JSON = "application/json";
    /** Routing-context attribute holding the request's {@link ApiKey}. */
    private static final String KEY_ATTRIBUTE = "tickplant.apiKey";

    private final Vertx vertx;
    private final InstrumentRegistry registry;
    private final int partitionCount;
    private final Function<String, ApiKey> apiKeys;
    private final long snapshotTimeoutMs;
    private final Clock clock;
    private final Predicate<String> wants;
    private final KeyRateLimits rateLimits;
    /** Trades returned by default, and at most (the normalizer keeps 100 per view). */
    static final int DEFAULT_TRADES = 50;
    static final int MAX_TRADES = 100;
    /** How long a query for a newly wanted symbol waits for its first data. */
    static final long FIRST_DATA_WAIT_MS = 3_000;
    private static final long FIRST_DATA_RETRY_MS = 200;
    private final Router router;
    private final Map<String, Future<Buffer>> documents = new LinkedHashMap<>();

    /**
     * @param vertx the gateway's Vert.x instance
     * @param registry instrument universe used to resolve spellings
     * @param partitionCount normalizer partition count; must match every other node
     * @param apiKeys the key a candidate is, or null for an invalid one; market-data routes answer 403 {@code
     *     not-entitled} for symbols outside its entitlements
     * @param snapshotTimeout timeout of one snapshot request to the normalizer
     * @param clock wall clock for "is the market open now"
     * @param wants registers a view key as wanted upstream for a while; true when nobody wanted it before, so its
     *     data may take a moment to arrive
     * @param rateLimits the request rate of each key ({@code maxMessagesPerSecond})
     */
    public RestApi(Vertx vertx, InstrumentRegistry registry, int partitionCount, Function<String, ApiKey> apiKeys,
            Duration snapshotTimeout, Clock clock, Predicate<String> wants, KeyRateLimits rateLimits) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.registry = Objects.requireNonNull(registry, "registry");
        if (partitionCount <= 0) {
            throw new IllegalArgumentException("partitionCount must be positive: " + partitionCount);
        }
        this.partitionCount = partitionCount;
        this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
        this.snapshotTimeoutMs = Math.max(1, snapshotTimeout.toMillis());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.wants = Objects.requireNonNull(wants, "wants");
        this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
        this.router = buildRouter();
    }

    /** True for paths this API answers (everything under {@code /api}, so unknown API paths get a problem). */
    public static boolean handles(String path) {
        return path != null && (path.equals("/api") || path.startsWith("/api/"));
    }

    /** Serves one HTTP request; call only for {@link #handles(String) paths this API handles}. */
    public void handle(HttpServerRequest request) {
        router.handle(request);
    }

    private Router buildRouter() {
        Router r = Router.router(vertx);
        r.get(BASE + "/openapi.json").handler(ctx -> document(ctx, OPENAPI_RESOURCE));
        r.get(BASE + "/asyncapi.json").handler(ctx -> document(ctx, ASYNCAPI_RESOURCE));
        r.route(BASE + "/*").handler(this::authenticate);
        r.get(BASE + "/instruments").handler(this::instruments);
        r.get(BASE + "/instruments/:symbol").handler(this::instrument);
        r.get(BASE + "/resolve").handler(this::resolve);
        r.get(BASE + "/quotes").handler(this::quotes);
        r.get(BASE + "/quotes/:symbol").handler(this::quote);
        r.get(BASE + "/book/:symbol").handler(this::book);
        r.get(BASE + "/trades/:symbol").handler(this::trades);
        r.errorHandler(404, ctx -> problem(ctx, new Problem(Problem.Kind.NOT_FOUND,
                "No resource at " + ctx.request().path() + "; see " + BASE + "/openapi.json")));
        r.errorHandler(405, ctx -> problem(ctx, new Problem(Problem.Kind.METHOD_NOT_ALLOWED,
                ctx.request().method() + " is not supported here; the API is read-only (GET)")));
        r.errorHandler(500, ctx -> {
            LOG.warn("rest request failed uri={}", ctx.request().uri(), ctx.failure());
            problem(ctx, new Problem(Problem.Kind.INTERNAL, "The request could not be served"));
        });
        return r;
    }

    private void authenticate(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("authorization");
        String headerKey = ctx.request().getHeader("x-api-key");
        String bearer = null;
        if (authorization != null) {
            bearer = bearerToken(authorization);
            if (bearer == null) {
                problem(ctx, new Problem(Problem.Kind.UNAUTHORIZED,
                        "The Authorization header must use the Bearer scheme: 'Authorization: Bearer KEY'"));
                return;
            }
        }
        if (bearer == null && headerKey == null) {
            problem(ctx, new Problem(Problem.Kind.UNAUTHORIZED,
                    "Missing API key: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'"));
            return;
        }
        ApiKey byBearer = bearer == null ? null : apiKeys.apply(bearer);
        ApiKey byHeader = headerKey == null ? null : apiKeys.apply(headerKey);
        if (bearer != null && byBearer == null || headerKey != null && byHeader == null) {
            LOG.debug("rest request with invalid api key remote={}", ctx.request().remoteAddress());
            problem(ctx, new Problem(Problem.Kind.UNAUTHORIZED, "Invalid API key"));
            return;
        }
        if (byBearer != null && byHeader != null && !byBearer.id().equals(byHeader.id())) {
            problem(ctx, new Problem(Problem.Kind.UNAUTHORIZED,
                    "Authorization and X-API-Key name two different API keys; send one"));
            return;
        }
        ApiKey key = byBearer != null ? byBearer : byHeader;
        long waitNanos = rateLimits.tryAcquire(key);
        if (waitNanos > 0) {
            // Whole seconds, rounded up (RFC 9110 delay-seconds): a client that waits that long gets through.
            long retryAfter = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            ctx.response().putHeader("retry-after", Long.toString(retryAfter));
            problem(ctx, new Problem(Problem.Kind.RATE_LIMITED, "Rate limit of "
                    + key.entitlements().maxMessagesPerSecond() + " requests per second (maxMessagesPerSecond of API"
                    + " key " + key.id() + ") exceeded; retry after " + retryAfter + " s"));
            return;
        }
        ctx.put(KEY_ATTRIBUTE, key);
        ctx.next();
    }

    /** The token of {@code Bearer TOKEN} (scheme case-insensitive), or null for another scheme or no token. */
    static String bearerToken(String authorization) {
        String value = authorization.trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = value.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private void instruments(RoutingContext ctx) {
        AssetClass assetClass = null;
        String assetParam = firstParam(ctx, "assetClass");
        if (assetParam != null) {
            try {
                assetClass = AssetClass.fromWireName(assetParam);
            } catch (IllegalArgumentException e) {
                problem(ctx, new Problem(Problem.Kind.INVALID_PARAMETER, "assetClass: " + e.getMessage()));
                return;
            }
        }
        String venue = null;
        String venueParam = firstParam(ctx, "venue");
        if (venueParam != null) {
            venue = VenueNames.canonical(venueParam);
            if (!registry.venues().contains(venue)) {
                problem(ctx, new Problem(Problem.Kind.INVALID_PARAMETER, "venue: unknown venue '" + venueParam
                        + "', expected one of " + String.join(", ", registry.venues().stream().sorted().toList())));
                return;
            }
        }
        List<Instrument> selected = new ArrayList<>();
        for (Instrument i : registry.all()) {
            if ((assetClass == null || i.assetClass() == assetClass) && (venue == null || i.listedOn(venue))) {
                selected.add(i);
            }
        }
        json(ctx, RestBodies.instruments(selected, clock.instant()));
    }

    private void instrument(RoutingContext ctx) {
        SymbolResolution.Resolved r = resolveOrFail(ctx, ctx.pathParam("symbol"));
        if (r != null) {
            json(ctx, RestBodies.instrument(r.instrument(), clock.instant()));
        }
    }

    private void resolve(RoutingContext ctx) {
        String spelling = firstParam(ctx, "symbol");
        if (spelling == null || spelling.isBlank()) {
            problem(ctx, new Problem(Problem.Kind.INVALID_PARAMETER, "Query parameter 'symbol' is required"));
            return;
        }
        SymbolResolution.Resolved r = resolveOrFail(ctx, spelling);
        if (r != null) {
            json(ctx, RestBodies.resolution(r, clock.instant()));
        }
    }

    private void quote(RoutingContext ctx) {
        SymbolResolution.Resolved r = entitledOrFail(ctx, resolveOrFail(ctx, ctx.pathParam("symbol")));
        if (r == null) {
            return;
        }
        snapshot(r).onComplete(ar -> {
            if (ar.failed()) {
                problem(ctx, snapshotProblem(ar.cause(), r.spelling()));
            } else if (ar.result().tick() == null) {
                problem(ctx, new Problem(Problem.Kind.NO_DATA, "No quote yet for '" + r.spelling() + "'"));
            } else {
                json(ctx, RestBodies.quote(r.spelling(), r.key(), ar.result().tick(), ar.result().status()));
            }
        });
    }

    private void quotes(RoutingContext ctx) {
        Set<String> spellings = new LinkedHashSet<>();
        List<String> params = new ArrayList<>(ctx.queryParam("symbols"));
        params.addAll(ctx.queryParam("symbol"));
        for (String param : params) {
            for (String s : param.split(",")) {
                if (!s.isBlank()) {
                    spellings.add(s.trim());
                }
            }
        }
        if (spellings.isEmpty()) {
            problem(ctx, new Problem(Problem.Kind.INVALID_PARAMETER,
                    "Query parameter 'symbols' is required: a comma-separated list such as symbols=EURUSD,AAPL"));
            return;
        }
        if (spellings.size() > MAX_BATCH) {
            problem(ctx, new Problem(Problem.Kind.INVALID_PARAMETER,
                    "At most " + MAX_BATCH + " symbols per request, got " + spellings.size()));
            return;
        }
        List<SymbolResolution.Resolved> views = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Set<String> suggestions = new LinkedHashSet<>();
        for (String spelling : spellings) {
            SymbolResolution resolution = registry.resolve(spelling);
            if (resolution instanceof SymbolResolution.Resolved r) {
                views.add(r);
            } else {
                SymbolResolution.Unknown u = (SymbolResolution.Unknown) resolution;
                unknown.add(u.message());
                suggestions.addAll(u.suggestions());
            }
        }
        if (!unknown.isEmpty()) {
            // A typo in a batch is a client error worth fixing, not a partial result to be overlooked.
            problem(ctx, new Problem(Problem.Kind.UNKNOWN_SYMBOL, String.join("; ", unknown),
                    List.copyOf(suggestions)));
            return;
        }
        ApiKey key = ctx.get(KEY_ATTRIBUTE);
        List<String> refused = views.stream().filter(r -> !key.entitlements().entitles(r.instrument()))
                .map(SymbolResolution.Resolved::spelling).toList();
        if (!refused.isEmpty()) {
            // Like a typo, a refused symbol fails the batch instead of silently thinning the answer.
            problem(ctx, notEntitled(key, refused));
            return;
        }
        List<Future<SymbolSnapshot>> requests = views.stream().map(this::snapshot).toList();
        Future.join(requests).onComplete(done -> {
            List<String> found = new ArrayList<>();
            Map<String, String> missing = new LinkedHashMap<>();
            for (int n = 0; n < views.size(); n++) {
                SymbolResolution.Resolved r = views.get(n);
                Future<SymbolSnapshot> f = requests.get(n);
                if (f.succeeded() && f.result().tick() != null) {
                    found.add(RestBodies.quote(r.spelling(), r.key(), f.result().tick(), f.result().status()));
                    continue;
                }
                Problem p = f.failed() ? snapshotProblem(f.cause(), r.spelling())
                        : new Problem(Problem.Kind.NO_DATA, "No quote yet for '" + r.spelling() + "'");
                if (p.kind() != Problem.Kind.NO_DATA) {
                    // The answer would be misleading without these symbols; let the client retry the batch.
                    problem(ctx, p);
                    return;
                }
                missing.put(r.spelling(), p.detail());
            }
            json(ctx, RestBodies.quotes(found, missing));
        });
    }

    private void book(RoutingContext ctx) {
        SymbolResolution.Resolved r = entitledOrFail(ctx, resolveOrFail(ctx, ctx.pathParam("symbol")));
        if (r == null) {
            return;
        }
        int depth;
        String depthParam = firstParam(ctx, "depth");
        try {
            depth = depthParam == null ? DEFAULT_DEPTH : Integer.parseInt(depthParam.trim());
        } catch (NumberFormatException e) {
            depth = -1;
        }
        if (depth < 1 || depth > MAX_DEPTH) {
            problem(ctx, new Problem(Problem.Kind.INVALID_PARAMETER,
                    "depth must be an integer within 1.." + MAX_DEPTH + ", got '" + depthParam + "'"));
            return;
        }
        int levels = depth;
        snapshot(r).onComplete(ar -> {
            if (ar.failed()) {
                problem(ctx, snapshotProblem(ar.cause(), r.spelling()));
            } else if (ar.result().book() == null) {
                problem(ctx, new Problem(Problem.Kind.NO_DATA, "No order book yet for '" + r.spelling() + "'"));
            } else {
                json(ctx, RestBodies.book(r.spelling(), r.key(), ar.result().book(), levels));
            }
        });
    }

    private void trades(RoutingContext ctx) {
        SymbolResolution.Resolved r = entitledOrFail(ctx, resolveOrFail(ctx, ctx.pathParam("symbol")));
        if (r == null) {
            return;
        }
        int limit;
        String limitParam = firstParam(ctx, "limit");
        try {
            limit = limitParam == null ? DEFAULT_TRADES : Integer.parseInt(limitParam.trim());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_TRADES) {
            problem(ctx, new Problem(Problem.Kind.INVALID_PARAMETER,
                    "limit must be an integer within 1.." + MAX_TRADES + ", got '" + limitParam + "'"));
            return;
        }
        int count = limit;
        snapshot(r).onComplete(ar -> {
            if (ar.failed()) {
                problem(ctx, snapshotProblem(ar.cause(), r.spelling()));
            } else {
                json(ctx, RestBodies.trades(r.spelling(), r.key(), ar.result().recentTrades(), count));
            }
        });
    }

    /**
     * The latest state of a view from the owner of its partition. Asking for a symbol makes it wanted upstream
     * (REST queries create demand like subscriptions do); when nobody wanted it before, the first data needs a
     * moment to arrive, so "no data yet" is retried for up to {@link #FIRST_DATA_WAIT_MS} before it is answered.
     */
    private Future<SymbolSnapshot> snapshot(SymbolResolution.Resolved r) {
        boolean fresh = wants.test(r.key());
        return requestSnapshot(r, fresh ? FIRST_DATA_WAIT_MS / FIRST_DATA_RETRY_MS : 0);
    }

    private Future<SymbolSnapshot> requestSnapshot(SymbolResolution.Resolved r, long retriesLeft) {
        String address = Addresses.snapshot(Partitions.of(r.instrument().symbol(), partitionCount));
        return vertx.eventBus()
                .<SymbolSnapshot>request(address, r.key(), new DeliveryOptions().setSendTimeout(snapshotTimeoutMs))
                .map(Message::body)
                .compose(snapshot -> {
                    // A view the normalizer knows only its session state of has no market data yet either.
                    boolean marketData = snapshot.tick() != null || snapshot.book() != null
                            || snapshot.lastTrade() != null;
                    return marketData || retriesLeft <= 0 ? Future.succeededFuture(snapshot)
                            : vertx.timer(FIRST_DATA_RETRY_MS).compose(v -> requestSnapshot(r, retriesLeft - 1));
                }, err -> {
                    boolean noDataYet = err instanceof ReplyException re
                            && re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.failureCode() == 404;
                    if (!noDataYet || retriesLeft <= 0) {
                        return Future.failedFuture(err);
                    }
                    return vertx.timer(FIRST_DATA_RETRY_MS).compose(v -> requestSnapshot(r, retriesLeft - 1));
                });
    }

    /** Maps a failed snapshot request to the problem the client sees. */
    static Problem snapshotProblem(Throwable err, String spelling) {
        if (err instanceof ReplyException re) {
            switch (re.failureType()) {
                case NO_HANDLERS:
                case TIMEOUT:
                    return new Problem(Problem.Kind.UNAVAILABLE,
                            "No market data service answered for '" + spelling + "'; retry shortly");
                case RECIPIENT_FAILURE:
                    if (re.failureCode() == 404) {
                        return new Problem(Problem.Kind.NO_DATA, "No market data yet for '" + spelling + "'");
                    }
                    return new Problem(Problem.Kind.UPSTREAM_ERROR,
                            "The market data service failed for '" + spelling + "': " + re.getMessage());
                default:
                    break;
            }
        }
        LOG.warn("snapshot request failed symbol={}", spelling, err);
        return new Problem(Problem.Kind.UPSTREAM_ERROR, "The market data request for '" + spelling + "' failed");
    }

    /** {@code r} when the request's key is entitled to it, else null after answering 403; null stays null. */
    private SymbolResolution.Resolved entitledOrFail(RoutingContext ctx, SymbolResolution.Resolved r) {
        if (r == null) {
            return null;
        }
        ApiKey key = ctx.get(KEY_ATTRIBUTE);
        if (key.entitlements().entitles(r.instrument())) {
            return r;
        }
        problem(ctx, notEntitled(key, List.of(r.spelling())));
        return null;
    }

    private static Problem notEntitled(ApiKey key, List<String> spellings) {
        return new Problem(Problem.Kind.NOT_ENTITLED, "API key " + key.id() + " is not entitled to "
                + String.join(", ", spellings) + "; it is entitled to " + key.entitlements().describe());
    }

    /** The resolved view, or null after answering 404 {@code unknown-symbol} with suggestions. */
    private SymbolResolution.Resolved resolveOrFail(RoutingContext ctx, String spelling) {
        SymbolResolution resolution = registry.resolve(spelling);
        if (resolution instanceof SymbolResolution.Resolved r) {
            return r;
        }
        SymbolResolution.Unknown u = (SymbolResolution.Unknown) resolution;
        problem(ctx, new Problem(Problem.Kind.UNKNOWN_SYMBOL, u.message(), u.suggestions()));
        return null;
    }

    private void document(RoutingContext ctx, String resource) {
        Future<Buffer> doc = documents.computeIfAbsent(resource,
                name -> vertx.executeBlocking(() -> Buffer.buffer(readResource(name))));
        doc.onSuccess(body -> ctx.response().putHeader("content-type", JSON).end(body)
                        .onFailure(err -> LOG.debug("rest response failed", err)))
                .onFailure(ctx::fail);
    }

    private static byte[] readResource(String name) {
        try (InputStream in = RestApi.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstParam(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParam(name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static void json(RoutingContext ctx, String body) {
        ctx.response()
                .putHeader("content-type", JSON)
                .putHeader("cache-control", "no-store")
                .end(body)
                .onFailure(err -> LOG.debug("rest response failed", err));
    }

    private static void problem(RoutingContext ctx, Problem problem) {
        problem.send(ctx.response(), ctx.request().uri()).onFailure(err -> LOG.debug("rest response failed", err));
    }
}
