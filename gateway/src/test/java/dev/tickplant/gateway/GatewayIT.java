package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import io.vertx.core.json.JsonArray;
import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.bus.Partitions;
import dev.tickplant.common.model.Channel;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway over real WebSocket connections on loopback, with a {@link FakeNormalizer} on the event bus. Tests
 * block the JUnit thread on futures and queues with bounded waits; nothing blocks an event loop.
 */
@ExtendWith(VertxExtension.class)
class GatewayIT {
    private static final InstrumentRegistry REGISTRY = TestInstruments.defaultRegistry();
    private static final int PARTITIONS = 4;

    private Vertx vertx;
    private FakeNormalizer normalizer;
    private SimpleMeterRegistry meters;
    private int port;
    private String deploymentId;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        Codecs.registerAll(vertx.eventBus());
        normalizer = new FakeNormalizer(vertx, REGISTRY, PARTITIONS, 20);
        meters = new SimpleMeterRegistry();
    }

    @AfterEach
    void tearDown() {
        clients.forEach(TestClient::close);
        normalizer.stop().await();
    }

    private void deploy(JsonObject overrides) {
        JsonObject json = new JsonObject()
                .put("host", "127.0.0.1")
                .put("port", 0)
                .put("demandIntervalMs", 200)
                .put("demandTtlMs", 1000)
                .put("demandCoalesceMs", 10)
                .put("snapshotTimeoutMs", 1000)
                .put("snapshotRetryMinMs", 50)
                .put("snapshotRetryMaxMs", 200)
                .mergeIn(overrides);
        GatewayConfig config = GatewayConfig.fromJson(json, Map.of(GatewayConfig.API_KEYS_ENV, "tk_live_a1b2c3d4e5f6"));
        GatewayVerticle verticle = new GatewayVerticle(config, REGISTRY, PARTITIONS, "gw-it", meters);
        deploymentId = vertx.deployVerticle(verticle).await();
        port = verticle.actualPort();
        assertTrue(port > 0);
    }

    private TestClient connect(String uri) {
        TestClient c = TestClient.connect(vertx, port, uri);
        clients.add(c);
        return c;
    }

    private TestClient authenticated() {
        TestClient c = TestClient.authenticated(vertx, port);
        clients.add(c);
        return c;
    }

    private static JsonObject subscribe(String... symbols) {
        return new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(List.of(symbols)));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldFollowSeed003Sequence(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject());
        TestClient c = connect("/");

        JsonObject welcome = c.next();
        assertEquals("welcome", welcome.getString("type"));
        assertEquals("tickplant", welcome.getString("server"));
        assertTrue(welcome.getString("message").contains("30 seconds"), welcome.encode());

        c.send(new JsonObject().put("type", "auth").put("apiKey", "tk_live_a1b2c3d4e5f6"));
        assertEquals(new JsonObject().put("type", "auth").put("success", true)
                .put("message", "Authenticated successfully"), c.next());

        c.send(subscribe("EURUSD", "GBPUSD", "XAUUSD"));
        JsonObject confirmation = c.next();
        assertEquals("subscribed", confirmation.getString("type"), confirmation.encode());
        assertEquals(new JsonArray().add("EURUSD").add("GBPUSD").add("XAUUSD"), confirmation.getJsonArray("symbols"));
        assertEquals(3, confirmation.getInteger("totalSubscriptions"));

        Map<String, JsonObject> firstTick = new HashMap<>();
        while (firstTick.size() < 3) {
            JsonObject tick = c.next();
            assertEquals("tick", tick.getString("type"), tick.encode());
            assertTickShape(tick);
            firstTick.putIfAbsent(tick.getString("symbol"), tick.put("rawBid", rawNumber(c.lastRaw, "bid"))
                    .put("rawAsk", rawNumber(c.lastRaw, "ask")));
        }
        assertEquals(Set.of("EURUSD", "GBPUSD", "XAUUSD"), firstTick.keySet());
        assertEquals(5, scale(firstTick.get("EURUSD").getString("rawBid")));
        assertEquals(2, scale(firstTick.get("XAUUSD").getString("rawAsk")));

        c.send(new JsonObject().put("type", "unsubscribe").put("symbol", "EURUSD"));
        JsonObject unsubscribed = c.nextControl();
        assertEquals(new JsonObject().put("type", "unsubscribed").put("symbols", new JsonArray().add("EURUSD"))
                .put("totalSubscriptions", 2), unsubscribed);

        c.send(new JsonObject().put("type", "list"));
        JsonObject list = c.nextControl();
        assertEquals(new JsonObject().put("type", "list").put("symbols", new JsonArray().add("GBPUSD").add("XAUUSD"))
                .put("totalSubscriptions", 2), list);
        // Nothing for EURUSD may follow its 'unsubscribed'.
        for (int i = 0; i < 10; i++) {
            assertFalse("EURUSD".equals(c.next().getString("symbol")));
        }
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldServeSeed000ClientWithActionAndToken(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject());
        TestClient c = connect("/ws?token=demo");
        JsonObject welcome = c.next();
        assertEquals("welcome", welcome.getString("type"));
        assertEquals(true, welcome.getBoolean("authenticated"));

        List<String> spellings = List.of("AAPL", "MSFT", "00001.HK", "00002.HK", "XAUUSD", "XAGUSD");
        c.send(new JsonObject().put("action", "subscribe").put("symbols", new JsonArray(spellings)));
        JsonObject confirmation = c.next();
        assertEquals("subscribed", confirmation.getString("type"));
        assertEquals(new JsonArray(spellings), confirmation.getJsonArray("symbols"));

        Map<String, String> prices = new HashMap<>();
        while (prices.size() < spellings.size()) {
            JsonObject tick = c.next();
            assertEquals("tick", tick.getString("type"));
            assertTrue(spellings.contains(tick.getString("symbol")), tick.encode());
            assertNotNull(tick.getValue("price"), tick.encode());
            prices.put(tick.getString("symbol"), rawNumber(c.lastRaw, "price"));
        }
        assertEquals(3, scale(prices.get("00001.HK")));
        assertEquals(2, scale(prices.get("AAPL")));
        assertEquals(Set.of("AAPL.US", "MSFT.US", "1.HK", "2.HK", "XAUUSD", "XAGUSD"), normalizer.lastDemand());
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldDeliverSnapshotThenConsecutiveSeqsWithoutGapOrDuplicate(VertxTestContext ctx) {
        normalizer.start().await();
        for (int i = 0; i < 5; i++) {
            normalizer.publishNext("EURUSD", false); // state exists before anyone subscribes
        }
        deploy(new JsonObject());
        TestClient first = authenticated();
        first.send(subscribe("EURUSD"));
        assertEquals("subscribed", first.next().getString("type"));
        List<JsonObject> seqs = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            seqs.add(first.next());
        }
        assertTrue(seqs.get(0).getLong("seq") >= 5, "the snapshot comes first: " + seqs);
        assertConsecutive(seqs);

        TestClient second = authenticated();
        second.send(subscribe("eurusd"));
        assertEquals("subscribed", second.next().getString("type"));
        List<JsonObject> later = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            JsonObject tick = second.next();
            assertEquals("eurusd", tick.getString("symbol"));
            later.add(tick);
        }
        assertConsecutive(later);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldRetrySnapshotUntilNormalizerAnswers(VertxTestContext ctx) throws Exception {
        normalizer.startFeed().await(); // live ticks flow, but no snapshot responder yet: NO_HANDLERS
        String snapshotAddress = Addresses.snapshot(Partitions.of("GBPUSD", PARTITIONS));
        AtomicInteger requests = new AtomicInteger();
        CompletableFuture<Void> threeFailed = new CompletableFuture<>();
        vertx.eventBus().addOutboundInterceptor(dc -> {
            dc.next(); // delivers locally: a request with no handler has failed once this returns
            if (dc.message().address().equals(snapshotAddress) && requests.incrementAndGet() == 3) {
                threeFailed.complete(null);
            }
        });
        deploy(new JsonObject());
        TestClient c = authenticated();
        c.send(subscribe("GBPUSD"));
        assertEquals("subscribed", c.next().getString("type"));
        threeFailed.get(10, TimeUnit.SECONDS); // several failed snapshot attempts while live ticks are buffered
        normalizer.serveSnapshots().await();
        List<JsonObject> seqs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            seqs.add(c.next());
        }
        assertConsecutive(seqs);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldResyncAfterBusLossInsteadOfServingAGap(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject());
        TestClient c = authenticated();
        c.send(subscribe("USDJPY"));
        assertEquals("subscribed", c.next().getString("type"));
        long last = c.next().getLong("seq");
        normalizer.publishNext("USDJPY", true); // lost on the bus
        List<JsonObject> seqs = new ArrayList<>();
        int resets = 0;
        for (int i = 0; i < 10; i++) {
            JsonObject msg = c.next();
            if ("reset".equals(msg.getString("type"))) {
                // The restart is announced: the next tick carries exactly the announced seq.
                resets++;
                assertEquals("tick", msg.getString("channel"));
                assertEquals("USDJPY", msg.getString("symbol"));
                long announced = msg.getLong("seq");
                JsonObject tick = c.next();
                assertEquals(announced, tick.getLong("seq"), tick.encode());
                msg = tick;
            }
            long seq = msg.getLong("seq");
            assertTrue(seq > last, "never a duplicate or a step back: " + seq + " after " + last);
            last = seq;
            seqs.add(msg);
        }
        assertEquals(1, resets, "one reset announcement for one gap");
        assertConsecutive(seqs.subList(seqs.size() - 5, seqs.size()));
        assertTrue(meters.get("tickplant.gateway.resyncs").counter().count() >= 1);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldReportEveryBadInputAndStayUsable(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject().put("maxSubscriptionsPerConnection", 3).put("maxFrameBytes", 1024));
        TestClient c = authenticated();

        expectError(c, "not json", "INVALID_JSON");
        expectError(c, "[1,2,3]", "INVALID_MESSAGE");
        expectError(c, "{}", "UNKNOWN_TYPE");
        JsonObject unknownType = expectError(c, "{\"type\":\"dance\"}", "UNKNOWN_TYPE");
        assertTrue(unknownType.getString("message").contains("dance"));
        expectError(c, "{\"type\":\"subscribe\"}", "INVALID_SYMBOLS");
        expectError(c, "{\"type\":\"subscribe\",\"symbols\":[]}", "INVALID_SYMBOLS");
        expectError(c, "{\"type\":\"subscribe\",\"symbols\":\"EURUSD\"}", "INVALID_SYMBOLS");
        expectError(c, "{\"type\":\"subscribe\",\"symbols\":[\"EURUSD\",7]}", "INVALID_SYMBOLS");
        expectError(c, "{\"type\":\"subscribe\",\"symbol\":\"EURUDS\"}", "UNKNOWN_SYMBOL");
        expectError(c, "{\"type\":\"unsubscribe\",\"symbol\":\"GBPUSD\"}", "NOT_SUBSCRIBED");
        expectError(c, "{\"type\":\"subscribe\",\"symbol\":\"x\",\"pad\":\"" + "y".repeat(2000) + "\"}",
                "MESSAGE_TOO_LARGE");

        c.sendBinary(Buffer.buffer(new byte[] {1, 2, 3}));
        assertEquals("UNSUPPORTED_FRAME", c.nextControl().getString("code"));
        assertList(c, List.of());

        // A batch with an unknown symbol subscribes the known ones and reports the rest.
        c.send(subscribe("EURUSD", "NOPEUSD"));
        JsonObject subscribed = c.nextControl();
        assertEquals("subscribed", subscribed.getString("type"));
        assertEquals(new JsonArray().add("EURUSD"), subscribed.getJsonArray("symbols"));
        JsonObject unknown = c.nextControl();
        assertEquals("UNKNOWN_SYMBOL", unknown.getString("code"));
        assertEquals("NOPEUSD", unknown.getString("symbol"));
        assertNotNull(unknown.getJsonArray("suggestions"));
        assertList(c, List.of("EURUSD"));

        expectError(c, "{\"type\":\"subscribe\",\"symbol\":\"EURUSD\"}", "ALREADY_SUBSCRIBED");
        assertList(c, List.of("EURUSD"));

        c.send(subscribe("GBPUSD", "XAUUSD", "XAGUSD"));
        JsonObject limited = c.nextControl();
        assertEquals(new JsonArray().add("GBPUSD").add("XAUUSD"), limited.getJsonArray("symbols"));
        assertEquals(3, limited.getInteger("totalSubscriptions"));
        assertEquals("SUBSCRIPTION_LIMIT", c.nextControl().getString("code"));
        assertList(c, List.of("EURUSD", "GBPUSD", "XAUUSD"));

        c.send(new JsonObject().put("type", "ping").put("id", 9));
        JsonObject pong = c.nextControl();
        assertEquals("pong", pong.getString("type"));
        assertEquals(9, pong.getInteger("id"));
        assertTrue(meters.get("tickplant.gateway.client.errors").tag("code", "INVALID_JSON").counter().count() >= 1);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerThousandsOfUnknownSymbolsWithOneError(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject());
        TestClient c = authenticated();
        String[] symbols = new String[3001];
        for (int i = 0; i < 3000; i++) {
            symbols[i] = "NOPE" + i;
        }
        symbols[3000] = "EURUSD";
        c.send(subscribe(symbols));
        assertEquals(new JsonArray().add("EURUSD"), c.nextControl().getJsonArray("symbols"));
        JsonObject error = c.nextControl();
        assertEquals("UNKNOWN_SYMBOL", error.getString("code"));
        assertEquals(3000, error.getInteger("count"));
        assertEquals(50, error.getJsonArray("symbols").size());
        assertEquals("NOPE0", error.getJsonArray("symbols").getString(0));
        assertTrue(error.getString("message").startsWith("3000 symbols refused (UNKNOWN_SYMBOL): NOPE0, NOPE1"),
                error.getString("message"));
        // The next control message answers the next request: there was exactly one error frame.
        assertList(c, List.of("EURUSD"));
        // A single refused symbol keeps the one-symbol shape.
        expectError(c, "{\"type\":\"subscribe\",\"symbol\":\"EURUDS\"}", "UNKNOWN_SYMBOL");
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldRequireAuthenticationAndAllowRetry(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject());
        TestClient c = connect("/");
        assertEquals("welcome", c.next().getString("type"));
        c.send(subscribe("EURUSD"));
        assertEquals(new JsonObject().put("type", "error").put("code", "AUTH_REQUIRED")
                .put("message", "Authentication required"), c.next());
        c.send(new JsonObject().put("type", "list"));
        assertEquals("AUTH_REQUIRED", c.next().getString("code"));

        c.send(new JsonObject().put("type", "auth").put("apiKey", "wrong"));
        JsonObject failed = c.next();
        assertEquals("auth", failed.getString("type"));
        assertEquals(false, failed.getBoolean("success"));
        assertNotNull(failed.getString("message"));

        c.send(new JsonObject().put("type", "auth").put("apiKey", "demo"));
        assertEquals(true, c.next().getBoolean("success"));
        c.send(subscribe("EURUSD"));
        assertEquals("subscribed", c.next().getString("type"));
        assertEquals("tick", c.next().getString("type"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldCloseWhenAuthTimesOut(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject().put("authTimeoutMs", 300));
        TestClient c = connect("/");
        assertEquals("welcome", c.next().getString("type"));
        JsonObject error = c.next();
        assertEquals("error", error.getString("type"));
        assertEquals("AUTH_TIMEOUT", error.getString("code"));
        assertEquals(1008, c.awaitClose());
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldPublishDemandUnionAndShrinkOnUnsubscribeAndDisconnect(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject());
        TestClient a = authenticated();
        TestClient b = authenticated();
        a.send(subscribe("EURUSD", "GBPUSD"));
        b.send(subscribe("GBPUSD", "GOLD"));
        awaitCondition(() -> normalizer.lastDemand().equals(Set.of("EURUSD", "GBPUSD", "XAUUSD")));
        assertEquals("gw-it", normalizer.demands.get(normalizer.demands.size() - 1).nodeId());
        assertEquals(2, meters.get("tickplant.gateway.clients").gauge().value());
        assertEquals(4, meters.get("tickplant.gateway.subscriptions").gauge().value());

        a.send(new JsonObject().put("type", "unsubscribe").put("symbol", "EURUSD"));
        awaitCondition(() -> normalizer.lastDemand().equals(Set.of("GBPUSD", "XAUUSD")));

        b.close();
        clients.remove(b);
        awaitCondition(() -> normalizer.lastDemand().equals(Set.of("GBPUSD")));
        awaitCondition(() -> meters.get("tickplant.gateway.clients").gauge().value() == 1);
        // The periodic re-announcement repeats the current set.
        int before = normalizer.demands.size();
        awaitCondition(() -> normalizer.demands.size() > before + 1);
        assertEquals(Set.of("GBPUSD"), normalizer.lastDemand());
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldServeSeed004ProgramOnTicksOnlyEndpointWithoutKey(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject().put("anonymousQuote", true));
        // Seed 004: no key, one connection per exchange, {"action","exchange","symbol"}, then tick['price'] of
        // every message it receives - so nothing but market data may arrive.
        TestClient c = connect("/quote");
        c.send(new JsonObject().put("action", "subscribe").put("exchange", "alltick").put("symbol", "EURUSD"));
        for (int i = 0; i < 5; i++) {
            JsonObject msg = c.next();
            assertEquals("tick", msg.getString("type"), msg.encode());
            assertEquals("EURUSD", msg.getString("symbol"));
            assertTrue(new java.math.BigDecimal(msg.getValue("price").toString()).signum() > 0, msg.encode());
        }
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldRequireKeyOnTicksOnlyEndpointUnlessAnonymousAllowed(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject());
        IllegalStateException noKey = assertThrows(IllegalStateException.class, () -> connect("/quote"));
        assertEquals(401, assertInstanceOf(UpgradeRejectedException.class, noKey.getCause()).getStatus());
        TestClient keyed = connect("/quote?token=demo");
        keyed.send(new JsonObject().put("action", "subscribe").put("symbol", "NOPE"));
        JsonObject error = keyed.next();
        assertEquals("error", error.getString("type"));
        assertEquals("UNKNOWN_SYMBOL", error.getString("code"));
        keyed.send(new JsonObject().put("action", "subscribe").put("symbol", "GBPUSD"));
        assertEquals("tick", keyed.next().getString("type"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldTellClientsToReconnectWhenShutDownGracefully(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject());
        TestClient c = TestClient.authenticated(vertx, port);
        clients.add(c);
        c.send(new JsonObject().put("type", "subscribe").put("symbol", "EURUSD"));
        assertEquals("subscribed", c.nextControl().getString("type"));
        vertx.undeploy(deploymentId).await();
        JsonObject hint = c.nextControl();
        assertEquals("reconnect", hint.getString("type"), hint.encode());
        assertTrue(hint.getLong("retryAfterMs") > 0);
        assertEquals(1001, c.awaitClose());
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldTellSubscribersWhenTheVenueRejectsTheirSymbol(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject());
        TestClient c = TestClient.authenticated(vertx, port);
        clients.add(c);
        c.send(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(List.of("eurusd", "BTCUSDT"))));
        assertEquals("subscribed", c.nextControl().getString("type"));
        // EURUSD has one venue: its refusal means no data. BTCUSDT's consolidated view survives one venue's refusal.
        vertx.eventBus().publish(Addresses.marketData(Channel.STATUS, "BTCUSDT"), new Status("BTCUSDT", "okx",
                StatusState.REJECTED, "instId doesn't exist", 1, 1, 1));
        vertx.eventBus().publish(Addresses.marketData(Channel.STATUS, "EURUSD"), new Status("EURUSD", "alltick",
                StatusState.REJECTED, "code invalid", 1, 1, 1));
        JsonObject error = c.nextControl();
        assertEquals("error", error.getString("type"), error.encode());
        assertEquals("SYMBOL_REJECTED", error.getString("code"));
        assertEquals("eurusd", error.getString("symbol"));
        assertTrue(error.getString("message").contains("code invalid"), error.encode());
        c.send(new JsonObject().put("type", "list"));
        JsonObject list = c.nextControl();
        assertEquals("list", list.getString("type"), "no second rejection error, and the connection still answers");
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldRejectUnknownPathAndInvalidToken(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject());
        IllegalStateException notFound = assertThrows(IllegalStateException.class, () -> connect("/nope"));
        assertEquals(404, assertInstanceOf(UpgradeRejectedException.class, notFound.getCause()).getStatus());
        IllegalStateException badToken = assertThrows(IllegalStateException.class, () -> connect("/?token=bad"));
        assertEquals(401, assertInstanceOf(UpgradeRejectedException.class, badToken.getCause()).getStatus());
        TestClient ok = connect("/ws");
        assertEquals("welcome", ok.next().getString("type"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldQualifyVenueWithExchangeField(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject());
        TestClient c = authenticated();
        c.send(new JsonObject().put("action", "subscribe").put("exchange", "alltick").put("symbol", "BTCUSDT"));
        JsonObject confirmation = c.next();
        assertEquals(new JsonArray().add("BTCUSDT"), confirmation.getJsonArray("symbols"));
        JsonObject tick = c.next();
        assertEquals("BTCUSDT", tick.getString("symbol"));
        assertEquals("alltick", tick.getString("venue"));
        awaitCondition(() -> normalizer.lastDemand().equals(Set.of("BTCUSDT@alltick")));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldConflateThenDropClientWhoseWriteQueueStaysFull(VertxTestContext ctx) throws Exception {
        normalizer.start().await();
        deploy(new JsonObject().put("slowConsumerTimeoutMs", 200).put("closingTimeoutMs", 1000));
        TestClient slow = authenticated();
        TestClient healthy = authenticated();
        slow.send(subscribe("EURUSD"));
        healthy.send(subscribe("GBPUSD"));
        assertEquals("subscribed", slow.next().getString("type"));
        assertEquals("subscribed", healthy.next().getString("type"));
        slow.pause();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (errors("SLOW_CONSUMER") == 0 && System.nanoTime() < deadline) {
            for (int i = 0; i < 500; i++) {
                normalizer.publishNext("EURUSD", false);
            }
            Thread.sleep(2);
        }
        assertEquals(1.0, errors("SLOW_CONSUMER"));
        assertTrue(meters.get("tickplant.gateway.ticks.conflated").counter().count() > 0);
        // Other clients are not held back by the slow one.
        healthy.nextMatching(m -> "tick".equals(m.getString("type")));
        // The server drops the connection once the closing timeout passes, though the client never reads.
        awaitCondition(() -> meters.get("tickplant.gateway.clients").gauge().value() == 1);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldTellASlowClientHowManyTicksEachConflatedTickStandsFor(VertxTestContext ctx) throws Exception {
        normalizer.start().await();
        deploy(new JsonObject().put("slowConsumerTimeoutMs", 60_000));
        TestClient slow = authenticated();
        TestClient pacer = authenticated();
        slow.send(subscribe("EURUSD"));
        pacer.send(subscribe("EURUSD"));
        assertEquals("subscribed", slow.next().getString("type"));
        assertEquals("subscribed", pacer.next().getString("type"));
        slow.pause();
        // Until the slow client's socket is full and the gateway has merged ticks for it. Each round waits until a
        // reading client has the round's last tick, so the gateway is never flooded (it would then merge at the
        // feed, before any session, and the slow client's socket would never fill).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (meters.get("tickplant.gateway.ticks.conflated").counter().count() < 10) {
            assertTrue(System.nanoTime() < deadline, "no conflation for the slow client within 20 s");
            for (int i = 0; i < 200; i++) {
                normalizer.publishNext("EURUSD", false);
            }
            long roundEnd = normalizer.lastSeq("EURUSD"); // the fake normalizer publishes on its own too
            pacer.nextMatching(m -> "tick".equals(m.getString("type")) && m.getLong("seq") >= roundEnd);
        }
        normalizer.publishNext("EURUSD", false);
        long lastSeq = normalizer.lastSeq("EURUSD");
        slow.resume();
        long previous = -1;
        long merged = 0;
        JsonObject warning = null;
        while (previous < lastSeq) {
            JsonObject tick = slow.next();
            if ("warning".equals(tick.getString("type"))) {
                warning = tick;
                continue;
            }
            assertEquals("tick", tick.getString("type"), tick.encode());
            long seq = tick.getLong("seq");
            long conflated = tick.getLong("conflated", 0L);
            if (previous >= 0) {
                assertEquals(previous + 1 + conflated, seq, "each tick counts exactly the ticks merged into it");
            }
            merged += conflated;
            previous = seq;
        }
        assertTrue(merged > 0, "ticks were merged for the slow client");
        assertNotNull(warning, "the client is warned when it falls behind, before anything closes it");
        assertEquals("SLOW_CONSUMER", warning.getString("code"), warning.encode());
        assertTrue(warning.getString("message").contains("conflated"), warning.encode());
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldStampIngestAndGatewayTimesInMicrosecondsForClientsThatAskForHops(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject());
        TestClient timed = TestClient.connect(vertx, port, "/?token=demo&hops=true");
        clients.add(timed);
        TestClient plain = authenticated();
        assertEquals("welcome", timed.next().getString("type"));
        timed.send(subscribe("EURUSD"));
        plain.send(subscribe("EURUSD"));
        assertEquals("subscribed", timed.nextControl().getString("type"));
        assertEquals("subscribed", plain.nextControl().getString("type"));
        long before = System.currentTimeMillis() * 1_000L;
        for (int i = 0; i < 3; i++) {
            JsonObject tick = timed.nextMatching(m -> "tick".equals(m.getString("type")));
            JsonObject hops = tick.getJsonObject("hops");
            assertNotNull(hops, tick.encode());
            long recv = hops.getLong("recv");
            long send = hops.getLong("send");
            // The fake normalizer stamps ingest receive time at publish, in whole milliseconds.
            assertEquals(0, recv % 1_000, "receive time from the event, in microseconds: " + tick.encode());
            assertTrue(recv <= send, "sent after received: " + tick.encode());
            assertTrue(send >= before - 60_000_000L && send <= System.currentTimeMillis() * 1_000L + 1_000,
                    "send time in epoch microseconds: " + tick.encode());
        }
        JsonObject untimed = plain.nextMatching(m -> "tick".equals(m.getString("type")));
        assertFalse(untimed.containsKey("hops"), "only clients that ask get hops: " + untimed.encode());
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldCloseClientThatDoesNotAnswerPings(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject().put("pingIntervalMs", 200).put("pongTimeoutMs", 200).put("closingTimeoutMs", 500));
        // A raw TCP client that completes the WebSocket handshake and then never answers anything.
        NetSocket socket = vertx.createNetClient().connect(port, "127.0.0.1").await();
        CompletableFuture<Void> socketClosed = new CompletableFuture<>();
        StringBuilder received = new StringBuilder();
        socket.handler(b -> {
            synchronized (received) {
                received.append(b.toString(StandardCharsets.ISO_8859_1));
            }
        });
        socket.closeHandler(v -> socketClosed.complete(null));
        socket.write("GET /?token=demo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").await();
        // The handshake's answer, not the clients gauge: the gauge is 1 for only a ping and a pong timeout (400 ms),
        // which a poll on a busy machine can miss.
        awaitCondition(() -> {
            synchronized (received) {
                return received.length() >= 12;
            }
        });
        synchronized (received) {
            assertTrue(received.toString().startsWith("HTTP/1.1 101"), received.toString());
        }
        // The server closes the connection, though the client never reads or answers.
        socketClosed.orTimeout(15, TimeUnit.SECONDS).join();
        awaitCondition(() -> meters.get("tickplant.gateway.clients").gauge().value() == 0);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerPlainHttpWith426OnEndpointAnd404Elsewhere(VertxTestContext ctx) {
        normalizer.start().await();
        deploy(new JsonObject());
        HttpClient http = vertx.createHttpClient();
        assertEquals(426, http.request(HttpMethod.GET, port, "127.0.0.1", "/")
                .compose(r -> r.send()).await().statusCode());
        assertEquals(404, http.request(HttpMethod.GET, port, "127.0.0.1", "/other")
                .compose(r -> r.send()).await().statusCode());
        http.close().await();
        ctx.completeNow();
    }

    private double errors(String code) {
        return meters.get("tickplant.gateway.client.errors").tag("code", code).counter().count();
    }

    private static JsonObject expectError(TestClient c, String text, String code) {
        c.sendText(text);
        JsonObject error = c.nextControl();
        assertEquals("error", error.getString("type"), error.encode());
        assertEquals(code, error.getString("code"), error.encode());
        assertFalse(error.getString("message").isBlank());
        // The connection stays usable after every bad input.
        c.send(new JsonObject().put("type", "list"));
        assertEquals("list", c.nextControl().getString("type"));
        return error;
    }

    private static void assertList(TestClient c, List<String> expected) {
        c.send(new JsonObject().put("type", "list"));
        JsonObject list = c.nextControl();
        assertEquals("list", list.getString("type"));
        assertEquals(new JsonArray(expected), list.getJsonArray("symbols"));
        assertEquals(expected.size(), list.getInteger("totalSubscriptions"));
    }

    private static void assertTickShape(JsonObject tick) {
        BigDecimal bid = new BigDecimal(tick.getValue("bid").toString());
        BigDecimal ask = new BigDecimal(tick.getValue("ask").toString());
        assertTrue(bid.compareTo(ask) <= 0, tick.encode());
        assertTrue(tick.getLong("time") > 1_600_000_000_000L, tick.encode());
        assertTrue(tick.getLong("seq") > 0, tick.encode());
        assertNotNull(tick.getValue("bidSize"));
        assertNotNull(tick.getValue("askSize"));
        assertNotNull(tick.getValue("price"));
        assertEquals("alltick", tick.getString("venue"));
    }

    private static int scale(String number) {
        return new BigDecimal(number).scale();
    }

    /** A numeric field's text as sent, so precision (trailing zeros) can be checked. */
    private static String rawNumber(String raw, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.]+)").matcher(raw);
        assertTrue(m.find(), field + " in " + raw);
        return m.group(1);
    }

    /** Consecutive seqs, but for the ticks a message says it stands for (the gateway merged them when behind). */
    private static void assertConsecutive(List<JsonObject> ticks) {
        for (int i = 1; i < ticks.size(); i++) {
            assertEquals(ticks.get(i - 1).getLong("seq") + 1 + ticks.get(i).getLong("conflated", 0L),
                    ticks.get(i).getLong("seq"), "gap or duplicate in " + ticks);
        }
    }

    /** A bounded poll: generous, since a busy machine may take seconds for what is usually milliseconds. */
    private static void awaitCondition(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
