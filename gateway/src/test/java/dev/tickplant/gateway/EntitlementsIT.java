package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.KeyConnectionCounts;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys with entitlements over real loopback WebSockets and HTTP: keys come from a keys file of salted hashes
 * (written with {@link KeyHasher}), plus the plain {@code demo} key.
 */
@ExtendWith(VertxExtension.class)
class EntitlementsIT {
    private static final InstrumentRegistry REGISTRY = TestInstruments.defaultRegistry();
    private static final int PARTITIONS = 4;
    private static final String FX_KEY = "fx-s3cret-key";
    private static final String TINY_KEY = "tiny-s3cret-key";
    private static final String FX_REST_KEY = "fx-rest-s3cret-key";
    private static final String METERED_KEY = "metered-s3cret-key";
    /** Metered at 2 messages (REST: requests) per second, nothing else restricted. */
    private static final int METERED_RATE = 2;
    /** fx only, 2 connections, 3 subscriptions, 5 messages per second. */
    private static final Entitlements FX = new Entitlements(Set.of(AssetClass.FX), Set.of("XAUUSD"), 2, 3, 5);

    private Vertx vertx;
    /** The gateway's clock: token buckets refill only when a test moves it. */
    private final ManualClock clock = new ManualClock();
    private FakeNormalizer normalizer;
    private int port;
    private HttpClient http;
    private Context httpContext;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp(Vertx vertx, @TempDir Path dir) throws Exception {
        this.vertx = vertx;
        Codecs.registerAll(vertx.eventBus());
        normalizer = new FakeNormalizer(vertx, REGISTRY, PARTITIONS, 20);
        normalizer.start().await(5, TimeUnit.SECONDS);
        Path keysFile = dir.resolve("keys.json");
        Files.writeString(keysFile, new JsonObject().put("keys", new JsonArray()
                .add(KeyHasher.entry("fx-desk", FX_KEY, FX))
                .add(KeyHasher.entry("tiny", TINY_KEY, new Entitlements(Set.of(), Set.of(), 1, 0, 0)))
                // fx-desk's market data without its message rate, for tests making many REST requests.
                .add(KeyHasher.entry("fx-rest", FX_REST_KEY,
                        new Entitlements(FX.assetClasses(), FX.symbols(), 0, 0, 0)))
                .add(KeyHasher.entry("metered", METERED_KEY,
                        new Entitlements(Set.of(), Set.of(), 0, 0, METERED_RATE))))
                .encodePrettily());
        JsonObject json = new JsonObject()
                .put("host", "127.0.0.1")
                .put("port", 0)
                .put("apiKeys", new JsonArray().add("demo"))
                .put("apiKeysFile", keysFile.toString())
                .put("demandCoalesceMs", 10)
                .put("snapshotTimeoutMs", 1000);
        GatewayVerticle verticle = new GatewayVerticle(GatewayConfig.fromJson(json, Map.of()), REGISTRY, PARTITIONS,
                "gw-ent-it", new SimpleMeterRegistry(), clock);
        vertx.deployVerticle(verticle).await(10, TimeUnit.SECONDS);
        port = verticle.actualPort();
        httpContext = vertx.getOrCreateContext();
        http = vertx.createHttpClient();
    }

    @AfterEach
    void tearDown() throws Exception {
        clients.forEach(TestClient::close);
        http.close().await(5, TimeUnit.SECONDS);
        normalizer.stop().await(5, TimeUnit.SECONDS);
    }

    private TestClient connect(String uri) {
        TestClient c = TestClient.connect(vertx, port, uri);
        clients.add(c);
        return c;
    }

    /** Connects with {@code ?token=}, reads the welcome. */
    private TestClient withToken(String key) {
        TestClient c = connect("/?token=" + key);
        JsonObject welcome = c.next();
        assertEquals(true, welcome.getBoolean("authenticated"), welcome.encode());
        return c;
    }

    private static JsonObject subscribe(String... symbols) {
        return new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(List.of(symbols)));
    }

    private static JsonObject auth(String key) {
        return new JsonObject().put("type", "auth").put("apiKey", key);
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldRefuseNonEntitledSymbolWithClearErrorWhileEntitledOneStreams(VertxTestContext ctx) {
        TestClient c = withToken(FX_KEY);
        c.send(subscribe("EURUSD", "AAPL"));
        JsonObject subscribed = c.next();
        assertEquals("subscribed", subscribed.getString("type"), subscribed.encode());
        assertEquals(new JsonArray().add("EURUSD"), subscribed.getJsonArray("symbols"));
        JsonObject refused = c.nextControl();
        assertEquals("error", refused.getString("type"), refused.encode());
        assertEquals("NOT_ENTITLED", refused.getString("code"));
        assertEquals("AAPL", refused.getString("symbol"));
        assertTrue(refused.getString("message").contains("fx-desk"), refused.encode());
        assertTrue(refused.getString("message").contains("AAPL.US"), refused.encode());

        JsonObject tick = c.nextMatching(m -> "tick".equals(m.getString("type")));
        assertEquals("EURUSD", tick.getString("symbol"));
        // The listed symbol outside the key's asset classes is entitled too; a single refused one says so alone.
        c.send(subscribe("XAUUSD"));
        assertEquals(new JsonArray().add("XAUUSD"), c.nextControl().getJsonArray("symbols"));
        c.send(new JsonObject().put("type", "subscribe").put("symbol", "BTCUSDT").put("channel", "depth"));
        JsonObject depthRefused = c.nextControl();
        assertEquals("NOT_ENTITLED", depthRefused.getString("code"), depthRefused.encode());
        assertFalse(normalizer.lastDemand().contains("AAPL.US"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldRefuseSubscriptionBeyondKeyLimit(VertxTestContext ctx) {
        TestClient c = withToken(FX_KEY);
        c.send(subscribe("EURUSD", "GBPUSD"));
        assertEquals(2, c.nextControl().getInteger("totalSubscriptions"));
        // Across channels: the third subscription is a trade channel, the fourth is over the limit of 3.
        c.send(new JsonObject().put("type", "subscribe").put("symbol", "EURUSD").put("channel", "trade"));
        JsonObject third = c.nextControl();
        assertEquals("subscribed", third.getString("type"), third.encode());
        assertEquals(3, third.getInteger("totalSubscriptions"));
        c.send(subscribe("USDJPY"));
        JsonObject fourth = c.nextControl();
        assertEquals("error", fourth.getString("type"), fourth.encode());
        assertEquals("SUBSCRIPTION_LIMIT", fourth.getString("code"));
        assertEquals("USDJPY", fourth.getString("symbol"));
        assertTrue(fourth.getString("message").contains("3"), fourth.encode());
        assertTrue(fourth.getString("message").contains("maxSubscriptions"), fourth.encode());
        // A batch that straddles the limit: nothing silently truncated, each refused symbol reported.
        c.send(new JsonObject().put("type", "unsubscribe").put("symbol", "GBPUSD"));
        assertEquals("unsubscribed", c.nextControl().getString("type"));
        c.send(subscribe("USDJPY", "AUDUSD"));
        assertEquals(new JsonArray().add("USDJPY"), c.nextControl().getJsonArray("symbols"));
        JsonObject refused = c.nextControl();
        assertEquals("SUBSCRIPTION_LIMIT", refused.getString("code"), refused.encode());
        assertEquals("AUDUSD", refused.getString("symbol"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldRateLimitBurstBeyondBucketAndKeepConnectionUsable(VertxTestContext ctx) throws Exception {
        TestClient c = withToken(FX_KEY);
        int burst = 12;
        for (int i = 0; i < burst; i++) {
            c.send(new JsonObject().put("type", "ping").put("id", i));
        }
        // The clock stands still: exactly the bucket of 5 gets through, in order, and every later message is refused.
        for (int i = 0; i < burst; i++) {
            JsonObject m = c.next();
            if (i < 5) {
                assertEquals("pong", m.getString("type"), m.encode());
            } else {
                assertEquals("error", m.getString("type"), m.encode());
                assertEquals("RATE_LIMITED", m.getString("code"));
                assertTrue(m.getString("message").contains("5 messages per second"), m.encode());
            }
        }
        // One token back after a fifth of a second: one message, not two.
        clock.advance(Duration.ofMillis(200));
        c.send(subscribe("EURUSD"));
        assertEquals("subscribed", c.nextControl().getString("type"));
        c.send(new JsonObject().put("type", "ping"));
        assertEquals("RATE_LIMITED", c.nextControl().getString("code"));
        // A second refills the whole bucket, and the connection is usable throughout.
        clock.advance(Duration.ofSeconds(1));
        c.send(new JsonObject().put("type", "ping"));
        assertEquals("pong", c.nextControl().getString("type"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldEnforceConnectionLimitAtHandshakeAndAtAuth(VertxTestContext ctx) throws Exception {
        TestClient first = withToken(FX_KEY);
        TestClient second = connect("/");
        assertEquals("welcome", second.next().getString("type"));
        second.send(auth(FX_KEY));
        assertEquals(true, second.next().getBoolean("success"));

        IllegalStateException rejected = assertThrows(IllegalStateException.class, () -> connect("/?token=" + FX_KEY));
        assertEquals(429, assertInstanceOf(UpgradeRejectedException.class, rejected.getCause()).getStatus());

        TestClient third = connect("/");
        assertEquals("welcome", third.next().getString("type"));
        third.send(auth(FX_KEY));
        JsonObject refused = third.next();
        assertEquals("auth", refused.getString("type"), refused.encode());
        assertEquals(false, refused.getBoolean("success"));
        assertEquals("CONNECTION_LIMIT", refused.getString("code"));
        assertTrue(refused.getString("message").contains("2"), refused.encode());
        third.send(subscribe("EURUSD"));
        assertEquals("AUTH_REQUIRED", third.next().getString("code"));

        // Another key is not affected, and a freed slot can be taken.
        third.send(auth("demo"));
        assertEquals(true, third.next().getBoolean("success"));
        // The server sees the close a moment after the client does; it announces the key's new count once it has.
        CompletableFuture<Void> released = new CompletableFuture<>();
        vertx.eventBus().<KeyConnectionCounts>consumer(Addresses.GATEWAY_KEY_CONNECTIONS, m -> {
            if (m.body().nodeId().equals("gw-ent-it") && Integer.valueOf(1).equals(m.body().connections()
                    .get("fx-desk"))) {
                released.complete(null);
            }
        }).completion().await(5, TimeUnit.SECONDS);
        first.close();
        first.awaitClose();
        released.get(5, TimeUnit.SECONDS);
        TestClient again = connect("/");
        assertEquals("welcome", again.next().getString("type"));
        again.send(auth(FX_KEY));
        JsonObject ok = again.next();
        assertEquals(true, ok.getBoolean("success"), ok.encode());
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerLimitsWithEntitlementsAndUsage(VertxTestContext ctx) {
        TestClient other = withToken(FX_KEY);
        TestClient c = withToken(FX_KEY);
        c.send(subscribe("EURUSD"));
        assertEquals("subscribed", c.next().getString("type"));
        c.send(new JsonObject().put("type", "limits"));
        JsonObject limits = c.nextControl();
        assertEquals(new JsonObject().put("type", "limits").put("key", "fx-desk")
                .put("assetClasses", new JsonArray().add("fx")).put("symbols", new JsonArray().add("XAUUSD"))
                .put("maxConnections", 2).put("connections", 2).put("maxSubscriptions", 3).put("subscriptions", 1)
                .put("maxMessagesPerSecond", 5), limits);

        TestClient demo = withToken("demo");
        demo.send(new JsonObject().put("type", "limits"));
        JsonObject unrestricted = demo.next();
        assertEquals("key-1", unrestricted.getString("key"));
        assertEquals(5, unrestricted.getJsonArray("assetClasses").size());
        assertNull(unrestricted.getValue("maxConnections"));
        assertEquals(GatewayConfig.DEFAULT_MAX_SUBSCRIPTIONS, unrestricted.getInteger("maxSubscriptions"));
        assertNull(unrestricted.getValue("maxMessagesPerSecond"));
        assertEquals(1, unrestricted.getInteger("connections"));
        other.send(new JsonObject().put("type", "ping"));
        assertEquals("pong", other.next().getString("type"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldAuthenticatePlainKeyOfHashedEntryAndRejectWrongKey(VertxTestContext ctx) {
        TestClient c = connect("/");
        assertEquals("welcome", c.next().getString("type"));
        c.send(auth(FX_KEY + "x"));
        JsonObject failed = c.next();
        assertEquals(false, failed.getBoolean("success"), failed.encode());
        assertEquals("AUTH_FAILED", failed.getString("code"));
        c.send(auth(FX_KEY));
        assertEquals(true, c.next().getBoolean("success"));
        // A connection keeps its key: another key is refused, the same one confirmed.
        c.send(auth("demo"));
        assertEquals(false, c.next().getBoolean("success"));
        c.send(auth(FX_KEY));
        assertEquals(true, c.next().getBoolean("success"));

        IllegalStateException bad = assertThrows(IllegalStateException.class, () -> connect("/?token=wrong"));
        assertEquals(401, assertInstanceOf(UpgradeRejectedException.class, bad.getCause()).getStatus());
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerRest403ForNonEntitledSymbol(VertxTestContext ctx) throws Exception {
        normalizer.publishNext("EURUSD", false);
        normalizer.publishNext("AAPL.US", false);
        Reply aapl = get("/api/v1/quotes/AAPL", FX_REST_KEY);
        assertEquals(403, aapl.status(), aapl.body());
        assertEquals("application/problem+json", aapl.contentType());
        JsonObject problem = new JsonObject(aapl.body());
        assertEquals("urn:tickplant:problem:not-entitled", problem.getString("type"));
        assertTrue(problem.getString("detail").contains("fx-rest") && problem.getString("detail").contains("AAPL"),
                aapl.body());
        assertEquals(403, get("/api/v1/book/AAPL", FX_REST_KEY).status());
        assertEquals(403, get("/api/v1/trades/AAPL.US", FX_REST_KEY).status());
        Reply batch = get("/api/v1/quotes?symbols=EURUSD,AAPL,MSFT", FX_REST_KEY);
        assertEquals(403, batch.status(), batch.body());
        String detail = new JsonObject(batch.body()).getString("detail");
        assertTrue(detail.contains("AAPL") && detail.contains("MSFT") && !detail.contains("EURUSD"), detail);

        Reply eurusd = get("/api/v1/quotes/EURUSD", FX_REST_KEY);
        assertEquals(200, eurusd.status(), eurusd.body());
        assertEquals(200, get("/api/v1/quotes/AAPL", "demo").status());
        // Reference data stays visible to every key.
        assertEquals(200, get("/api/v1/instruments/AAPL", FX_REST_KEY).status());
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldRefuseNonEntitledAllTickCodesAndLimitConnections(VertxTestContext ctx) {
        TestClient c = connect("/quote-b-ws-api?token=" + FX_KEY);
        c.send(new JsonObject().put("cmd_id", 22004).put("seq_id", 1).put("trace", "t1").put("data",
                new JsonObject().put("symbol_list", new JsonArray()
                        .add(new JsonObject().put("code", "EURUSD"))
                        .add(new JsonObject().put("code", "AAPL.US"))
                        .add(new JsonObject().put("code", "NOPE")))));
        JsonObject reply = c.next();
        assertEquals(604, reply.getInteger("ret"), reply.encode());
        assertTrue(reply.getString("msg").startsWith("code unauthorized"), reply.encode());
        assertEquals(22005, reply.getInteger("cmd_id"));
        assertTrue(reply.getString("msg").contains("AAPL.US") && reply.getString("msg").contains("fx-desk"),
                reply.encode());
        assertEquals(new JsonArray().add("AAPL.US"), reply.getJsonObject("data").getJsonArray("not_entitled_codes"));
        assertEquals(new JsonArray().add("NOPE"), reply.getJsonObject("data").getJsonArray("invalid_codes"));

        TestClient tiny = connect("/quote-b-ws-api?token=" + TINY_KEY);
        tiny.send(new JsonObject().put("cmd_id", 22000).put("seq_id", 1).put("trace", "hb").put("data",
                new JsonObject()));
        assertEquals(200, tiny.next().getInteger("ret"));
        IllegalStateException rejected = assertThrows(IllegalStateException.class,
                () -> connect("/quote-b-ws-api?token=" + TINY_KEY));
        assertEquals(429, assertInstanceOf(UpgradeRejectedException.class, rejected.getCause()).getStatus());
        // Both endpoints count against the same key.
        IllegalStateException nativeRejected = assertThrows(IllegalStateException.class,
                () -> connect("/?token=" + TINY_KEY));
        assertEquals(429, assertInstanceOf(UpgradeRejectedException.class, nativeRejected.getCause()).getStatus());
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerRest429WithRetryAfterBeyondKeyRate(VertxTestContext ctx) throws Exception {
        // The clock stands still: the bucket's 2 requests get through, the third is refused.
        for (int i = 0; i < METERED_RATE; i++) {
            Reply r = get("/api/v1/instruments/EURUSD", METERED_KEY);
            assertEquals(200, r.status(), r.body());
        }
        Reply refused = get("/api/v1/instruments/EURUSD", METERED_KEY);
        assertEquals(429, refused.status(), refused.body());
        assertEquals("application/problem+json", refused.contentType());
        JsonObject problem = new JsonObject(refused.body());
        assertEquals("urn:tickplant:problem:rate-limited", problem.getString("type"));
        assertEquals(429, problem.getInteger("status"));
        String detail = problem.getString("detail");
        assertTrue(detail.contains("2 requests per second") && detail.contains("maxMessagesPerSecond")
                && detail.contains("metered"), detail);
        // A token comes back every half second: retry after the whole second that covers it.
        assertEquals("1", refused.retryAfter());

        // Other keys have their own buckets; the refused key gets through again once a token is back.
        assertEquals(200, get("/api/v1/instruments/EURUSD", "demo").status());
        assertEquals(429, get("/api/v1/instruments/EURUSD", METERED_KEY).status());
        clock.advance(Duration.ofSeconds(Long.parseLong(refused.retryAfter())));
        assertEquals(200, get("/api/v1/instruments/EURUSD", METERED_KEY).status());
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerAllTickRet429BeyondKeyRateAndKeepConnection(VertxTestContext ctx) throws Exception {
        TestClient c = connect("/quote-b-ws-api?token=" + METERED_KEY);
        int messages = 20;
        for (int i = 0; i < messages; i++) {
            c.send(new JsonObject().put("cmd_id", 22000).put("seq_id", i).put("trace", "hb-" + i).put("data",
                    new JsonObject()));
        }
        JsonObject refused = null;
        // The clock stands still: the bucket's 2 heartbeats are answered, every later one refused.
        for (int i = 0; i < messages; i++) {
            JsonObject reply = c.next();
            assertEquals(22001, reply.getInteger("cmd_id"), reply.encode());
            assertEquals(i, reply.getInteger("seq_id"), "replies keep request order");
            if (i < METERED_RATE) {
                assertEquals(200, reply.getInteger("ret"), reply.encode());
            } else {
                assertEquals(429, reply.getInteger("ret"), reply.encode());
                refused = reply;
            }
        }
        String msg = refused.getString("msg");
        assertTrue(msg.contains("2 messages per second") && msg.contains("maxMessagesPerSecond")
                && msg.contains("metered"), msg);
        assertTrue(refused.getString("trace").startsWith("hb-"), refused.encode());

        // The connection stays usable: once the bucket has refilled, a subscription goes through.
        clock.advance(Duration.ofSeconds(1));
        c.send(new JsonObject().put("cmd_id", 22004).put("seq_id", 100).put("trace", "sub").put("data",
                new JsonObject().put("symbol_list", new JsonArray().add(new JsonObject().put("code", "EURUSD")))));
        JsonObject subscribed = c.nextMatching(m -> Integer.valueOf(22005).equals(m.getInteger("cmd_id")));
        assertEquals(200, subscribed.getInteger("ret"), subscribed.encode());
        ctx.completeNow();
    }

    private record Reply(int status, String contentType, String retryAfter, String body) {}

    /** One GET issued on {@link #httpContext}, as RestApiIT does (see its note on keep-alive clients). */
    private Reply get(String uri, String key) throws Exception {
        Promise<Reply> reply = Promise.promise();
        httpContext.runOnContext(v -> http.request(HttpMethod.GET, port, "127.0.0.1", uri)
                .compose(req -> req.putHeader("Authorization", "Bearer " + key).send())
                .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.getHeader("content-type"),
                        resp.getHeader("retry-after"), b.toString(StandardCharsets.UTF_8))))
                .onComplete(reply));
        return reply.future().await(5, TimeUnit.SECONDS);
    }
}
