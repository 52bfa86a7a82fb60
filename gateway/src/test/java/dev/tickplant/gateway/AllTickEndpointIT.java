package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The AllTick-compatible endpoint through {@link GatewayVerticle} over real loopback WebSockets, with a
 * {@link ScriptedNormalizer} publishing depth and trade events. The gateway runs on a fake monotonic clock, so the
 * one-request-per-second limit and the 30-second heartbeat timeout are exercised without sleeping.
 */
@ExtendWith(VertxExtension.class)
class AllTickEndpointIT {
    private static final InstrumentRegistry REGISTRY = TestInstruments.defaultRegistry();
    private static final int PARTITIONS = 4;
    private static final int MAX_SUBSCRIPTIONS = 4;
    private static final long NOW_NANOS = 1_763_700_000_000_000_000L;
    private static final String STOCKS = "/quote-stock-b-ws-api?token=demo";
    private static final String FX = "/quote-b-ws-api?token=demo";
    private static final Pattern LITERALS = Pattern.compile("\\b(true|false|null)\\b");
    /** Seed 001's subscription exactly as its {@code json.dumps} sends it. */
    private static final String SEED_001_REQUEST = "{\"cmd_id\": 22002, \"seq_id\": 123, \"trace\": "
            + "\"3baaa938-f92c-4a74-a228-fd49d5e2f8bc-1678419657806\", \"data\": {\"symbol_list\": [{\"code\": "
            + "\"700.HK\", \"depth_level\": 5}, {\"code\": \"UNH.US\", \"depth_level\": 5}]}}";
    /** The same request as AllTick's documentation writes its examples: with trailing commas. */
    private static final String SEED_001_TRAILING_COMMAS = "{\n \"cmd_id\": 22002,\n \"seq_id\": 123,\n"
            + " \"trace\": \"3baaa938-f92c-4a74-a228-fd49d5e2f8bc-1678419657806\",\n \"data\": {\n"
            + "  \"symbol_list\": [\n   {\"code\": \"700.HK\", \"depth_level\": 5,},\n"
            + "   {\"code\": \"UNH.US\", \"depth_level\": 5,},\n  ],\n },\n}";

    private Vertx vertx;
    private ScriptedNormalizer normalizer;
    private int port;
    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        Codecs.registerAll(vertx.eventBus());
        normalizer = new ScriptedNormalizer(vertx, PARTITIONS);
        normalizer.start().await();
        JsonObject json = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("demandCoalesceMs", 10)
                .put("snapshotTimeoutMs", 1000).put("snapshotRetryMinMs", 50).put("snapshotRetryMaxMs", 200)
                .put("maxSubscriptionsPerConnection", MAX_SUBSCRIPTIONS);
        GatewayVerticle verticle = new GatewayVerticle(GatewayConfig.fromJson(json, Map.of()), REGISTRY, PARTITIONS,
                "gw-alltick-it", new SimpleMeterRegistry(), clock::get);
        vertx.deployVerticle(verticle).await();
        port = verticle.actualPort();
    }

    @AfterEach
    void tearDown() {
        clients.forEach(TestClient::close);
        normalizer.stop().await();
    }

    private TestClient connect(String uri) {
        TestClient c = TestClient.connect(vertx, port, uri);
        clients.add(c);
        return c;
    }

    /** Lets the rate limit (one subscription request per second) pass. */
    private void nextSecond() {
        clock.addAndGet(1_100_000_000L);
    }

    private static BookUpdate book(String symbol, long seq, int levels) {
        Instrument i = REGISTRY.bySymbol(symbol);
        List<BookLevel> bids = new ArrayList<>();
        List<BookLevel> asks = new ArrayList<>();
        for (int n = 0; n < levels; n++) {
            bids.add(new BookLevel(i.referencePrice() - (n + 1) * i.tickSize(), 100 + n));
            asks.add(new BookLevel(i.referencePrice() + (n + 1) * i.tickSize(), 200 + n));
        }
        return new BookUpdate(symbol, "alltick", true, bids, asks, i.priceScale(), i.sizeScale(), 0, 0, -1,
                BookUpdate.NO_CHECKSUM, NOW_NANOS, NOW_NANOS, seq);
    }

    private static Trade trade(String symbol, String id, long seq, Side side) {
        Instrument i = REGISTRY.bySymbol(symbol);
        return new Trade(symbol, "alltick", id, i.referencePrice(), 300, i.priceScale(), i.sizeScale(), side, 0,
                NOW_NANOS, NOW_NANOS, seq);
    }

    private static JsonObject request(int cmdId, long seqId, JsonObject data) {
        return new JsonObject().put("cmd_id", cmdId).put("seq_id", seqId).put("trace", "t-" + seqId)
                .put("data", data);
    }

    private static JsonObject depthRequest(long seqId, String... codes) {
        JsonArray list = new JsonArray();
        for (String c : codes) {
            list.add(new JsonObject().put("code", c).put("depth_level", 5));
        }
        return request(22002, seqId, new JsonObject().put("symbol_list", list));
    }

    private static JsonObject tradeRequest(long seqId, String... codes) {
        JsonArray list = new JsonArray();
        for (String c : codes) {
            list.add(new JsonObject().put("code", c));
        }
        return request(22004, seqId, new JsonObject().put("symbol_list", list));
    }

    private static JsonObject cancelRequest(long seqId, int type) {
        return request(22006, seqId, new JsonObject().put("cancel_type", type));
    }

    /** The next message, checked to hold only strings and numbers (seed 001 reads it with Python's eval). */
    private static JsonObject next(TestClient c) {
        JsonObject msg = c.next();
        assertFalse(LITERALS.matcher(c.lastRaw).find(), "true/false/null in " + c.lastRaw);
        return msg;
    }

    private static void assertReply(JsonObject reply, int ret, int cmdId, long seqId) {
        assertEquals(ret, reply.getInteger("ret"), reply.encode());
        assertEquals(cmdId, reply.getInteger("cmd_id"), reply.encode());
        assertEquals(seqId, reply.getLong("seq_id"), reply.encode());
        assertEquals("t-" + seqId, reply.getString("trace"), reply.encode());
        assertTrue(reply.getValue("data") instanceof JsonObject, reply.encode());
    }

    /** A heartbeat round trip: everything the gateway did for earlier requests has happened once it is back. */
    private static void heartbeat(TestClient c, long seqId) {
        c.send(request(22000, seqId, new JsonObject()));
        assertReply(next(c), 200, 22001, seqId);
    }

    private static void assertDepthPush(JsonObject push, String code, long seq, int levels) {
        assertEquals(22999, push.getInteger("cmd_id"), push.encode());
        JsonObject data = push.getJsonObject("data");
        assertEquals(code, data.getString("code"), push.encode());
        assertEquals(Long.toString(seq), data.getString("seq"), push.encode());
        assertEquals(Long.toString(NOW_NANOS / 1_000_000), data.getString("tick_time"));
        assertEquals(levels, data.getJsonArray("bids").size(), push.encode());
        assertEquals(levels, data.getJsonArray("asks").size(), push.encode());
        assertTrue(data.getJsonArray("bids").getJsonObject(0).getValue("price") instanceof String);
        assertTrue(data.getJsonArray("bids").getJsonObject(0).getValue("volume") instanceof String);
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldServeSeed001RequestWithSnapshotThenLiveDepth(VertxTestContext ctx) {
        normalizer.record("700.HK", book("700.HK", 10, 12));
        normalizer.record("UNH.US", book("UNH.US", 20, 12));
        TestClient c = connect(STOCKS);
        c.sendText(SEED_001_REQUEST);
        JsonObject reply = next(c);
        assertEquals(200, reply.getInteger("ret"), reply.encode());
        assertEquals("ok", reply.getString("msg"));
        assertEquals(22003, reply.getInteger("cmd_id"));
        assertEquals(123, reply.getInteger("seq_id"));
        assertEquals("3baaa938-f92c-4a74-a228-fd49d5e2f8bc-1678419657806", reply.getString("trace"));
        JsonObject first = next(c);
        JsonObject second = next(c);
        JsonObject hk = "700.HK".equals(first.getJsonObject("data").getString("code")) ? first : second;
        JsonObject us = hk == first ? second : first;
        assertDepthPush(hk, "700.HK", 10, 5);
        assertDepthPush(us, "UNH.US", 20, 5);
        Instrument i = REGISTRY.bySymbol("700.HK");
        assertEquals(new JsonObject().put("price", dev.tickplant.common.decimal.FixedPoint.format(
                i.referencePrice() - i.tickSize(), i.priceScale())).put("volume", "100"),
                hk.getJsonObject("data").getJsonArray("bids").getJsonObject(0));
        normalizer.publish("700.HK", book("700.HK", 11, 12));
        assertDepthPush(next(c), "700.HK", 11, 5);
        normalizer.publish("UNH.US", book("UNH.US", 21, 3));
        assertDepthPush(next(c), "UNH.US", 21, 3);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldAcceptTrailingCommasAndCapDepthPerAssetClass(VertxTestContext ctx) {
        normalizer.record("700.HK", book("700.HK", 10, 12));
        normalizer.record("UNH.US", book("UNH.US", 20, 12));
        TestClient c = connect(STOCKS);
        c.sendText(SEED_001_TRAILING_COMMAS);
        JsonObject reply = next(c);
        assertEquals(200, reply.getInteger("ret"), reply.encode());
        assertEquals(22003, reply.getInteger("cmd_id"));
        next(c);
        next(c);
        nextSecond();
        // HK stocks: up to 10 levels; US stocks: 5; HK-700 is 700.HK, answered in the client's spelling.
        c.sendText("{\"cmd_id\":22002,\"seq_id\":2,\"trace\":\"t-2\",\"data\":{\"symbol_list\":["
                + "{\"code\":\"HK-700\",\"depth_level\":50,},{\"code\":\"UNH.US\",\"depth_level\":50,},],},}");
        assertReply(next(c), 200, 22003, 2);
        assertDepthPush(next(c), "HK-700", 10, 10);
        // UNH.US is unchanged (50 levels capped to 5, as before): no new image, live updates go on.
        normalizer.publish("UNH.US", book("UNH.US", 21, 12));
        assertDepthPush(next(c), "UNH.US", 21, 5);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldReplaceTheDepthListOnEachDepthSubscription(VertxTestContext ctx) {
        normalizer.record("700.HK", book("700.HK", 10, 5));
        normalizer.record("UNH.US", book("UNH.US", 20, 5));
        TestClient c = connect(STOCKS);
        c.send(depthRequest(1, "700.HK"));
        assertReply(next(c), 200, 22003, 1);
        assertDepthPush(next(c), "700.HK", 10, 5);
        nextSecond();
        c.send(depthRequest(2, "UNH.US"));
        assertReply(next(c), 200, 22003, 2);
        assertDepthPush(next(c), "UNH.US", 20, 5);
        normalizer.publish("700.HK", book("700.HK", 11, 5));
        normalizer.publish("UNH.US", book("UNH.US", 21, 5));
        // 700.HK was replaced: the next push is UNH.US's.
        assertDepthPush(next(c), "UNH.US", 21, 5);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldReplaceTheTradeListAndPushTrades(VertxTestContext ctx) {
        normalizer.record("AAPL.US", trade("AAPL.US", "1", 5, Side.BUY));
        normalizer.record("UNH.US", trade("UNH.US", "1", 5, Side.BUY));
        TestClient c = connect(STOCKS);
        c.send(tradeRequest(1, "AAPL"));
        assertReply(next(c), 200, 22005, 1);
        heartbeat(c, 2);
        normalizer.publish("AAPL.US", trade("AAPL.US", "2", 6, Side.SELL));
        JsonObject push = next(c);
        assertEquals(22998, push.getInteger("cmd_id"), push.encode());
        JsonObject data = push.getJsonObject("data");
        assertEquals("AAPL", data.getString("code"));
        assertEquals("6", data.getString("seq"));
        assertEquals(Long.toString(NOW_NANOS / 1_000_000), data.getString("tick_time"));
        Instrument i = REGISTRY.bySymbol("AAPL.US");
        String price = dev.tickplant.common.decimal.FixedPoint.format(i.referencePrice(), i.priceScale());
        assertEquals(price, data.getString("price"));
        assertEquals(dev.tickplant.common.decimal.FixedPoint.format(300, i.sizeScale()), data.getString("volume"));
        assertEquals(new java.math.BigDecimal(price).multiply(new java.math.BigDecimal(data.getString("volume")))
                .compareTo(new java.math.BigDecimal(data.getString("turnover"))), 0);
        assertEquals(2, data.getInteger("trade_direction"));

        nextSecond();
        c.send(tradeRequest(3, "UNH.US"));
        assertReply(next(c), 200, 22005, 3);
        heartbeat(c, 4);
        normalizer.publish("AAPL.US", trade("AAPL.US", "3", 7, Side.BUY));
        normalizer.publish("UNH.US", trade("UNH.US", "2", 6, Side.BUY));
        JsonObject unh = next(c);
        assertEquals("UNH.US", unh.getJsonObject("data").getString("code"), unh.encode());
        assertEquals(1, unh.getJsonObject("data").getInteger("trade_direction"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldCancelDepthTradeOrEverything(VertxTestContext ctx) {
        normalizer.record("700.HK", book("700.HK", 10, 5));
        normalizer.record("UNH.US", book("UNH.US", 20, 5));
        normalizer.record("AAPL.US", trade("AAPL.US", "1", 5, Side.BUY));
        TestClient c = connect(STOCKS);
        c.send(depthRequest(1, "700.HK"));
        assertReply(next(c), 200, 22003, 1);
        assertDepthPush(next(c), "700.HK", 10, 5);
        nextSecond();
        c.send(tradeRequest(2, "AAPL.US"));
        assertReply(next(c), 200, 22005, 2);
        nextSecond();
        // cancel_type 1: depth only; trades keep flowing.
        c.send(cancelRequest(3, 1));
        assertReply(next(c), 200, 22007, 3);
        normalizer.publish("700.HK", book("700.HK", 11, 5));
        normalizer.publish("AAPL.US", trade("AAPL.US", "2", 6, Side.BUY));
        assertEquals(22998, next(c).getInteger("cmd_id"));
        nextSecond();
        // cancel_type 2: trades; then a new depth list works again.
        c.send(cancelRequest(4, 2));
        assertReply(next(c), 200, 22007, 4);
        nextSecond();
        c.send(depthRequest(5, "UNH.US"));
        assertReply(next(c), 200, 22003, 5);
        assertDepthPush(next(c), "UNH.US", 20, 5);
        normalizer.publish("AAPL.US", trade("AAPL.US", "3", 7, Side.BUY));
        normalizer.publish("UNH.US", book("UNH.US", 21, 5));
        assertDepthPush(next(c), "UNH.US", 21, 5);
        nextSecond();
        // cancel_type 0: everything; the heartbeat reply is the next message, no push.
        c.send(tradeRequest(6, "AAPL.US"));
        assertReply(next(c), 200, 22005, 6);
        nextSecond();
        c.send(cancelRequest(7, 0));
        assertReply(next(c), 200, 22007, 7);
        normalizer.publish("AAPL.US", trade("AAPL.US", "4", 8, Side.BUY));
        normalizer.publish("UNH.US", book("UNH.US", 22, 5));
        heartbeat(c, 8);
        nextSecond();
        c.send(depthRequest(9, "700.HK"));
        assertReply(next(c), 200, 22003, 9);
        assertDepthPush(next(c), "700.HK", 11, 5);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerHeartbeatsAndCloseAfter30SecondsWithoutOne(VertxTestContext ctx) {
        TestClient c = connect(STOCKS);
        heartbeat(c, 1);
        clock.addAndGet(29_000_000_000L);
        heartbeat(c, 2); // 29 s after the last one: still open, and the timer restarts
        clock.addAndGet(29_000_000_000L);
        heartbeat(c, 3);
        clock.addAndGet(30_000_000_000L);
        assertEquals(1008, c.awaitClose());
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldRejectInvalidOrMissingTokenWithRet401AndClose(VertxTestContext ctx) {
        for (String uri : List.of("/quote-stock-b-ws-api?token=wrong", "/quote-b-ws-api")) {
            TestClient c = connect(uri);
            JsonObject reply = next(c);
            assertEquals(401, reply.getInteger("ret"), reply.encode());
            assertEquals("token invalid", reply.getString("msg"));
            assertEquals(1008, c.awaitClose());
        }
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldRateLimitSubscriptionRequestsToOnePerSecond(VertxTestContext ctx) {
        normalizer.record("700.HK", book("700.HK", 10, 5));
        normalizer.record("UNH.US", book("UNH.US", 20, 5));
        TestClient c = connect(STOCKS);
        c.send(depthRequest(1, "700.HK"));
        assertReply(next(c), 200, 22003, 1);
        assertDepthPush(next(c), "700.HK", 10, 5);
        clock.addAndGet(500_000_000L);
        c.send(depthRequest(2, "UNH.US"));
        JsonObject limited = next(c);
        assertReply(limited, 605, 22003, 2);
        assertTrue(limited.getString("msg").startsWith("too many requests"), limited.encode());
        heartbeat(c, 3); // heartbeats are not limited
        // The limited request changed nothing: 700.HK still flows.
        normalizer.publish("700.HK", book("700.HK", 11, 5));
        assertDepthPush(next(c), "700.HK", 11, 5);
        clock.addAndGet(600_000_000L);
        c.send(depthRequest(4, "UNH.US"));
        assertReply(next(c), 200, 22003, 4);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldReplyBadRequestForInvalidHeaderOrData(VertxTestContext ctx) {
        TestClient c = connect(STOCKS);
        c.sendText("{\"seq_id\":1,\"trace\":\"t-1\",\"data\":{}}");
        JsonObject noCmd = next(c);
        assertEquals(400, noCmd.getInteger("ret"));
        assertTrue(noCmd.getString("msg").startsWith("request header param invalid"), noCmd.encode());
        assertEquals(1, noCmd.getInteger("seq_id"));
        c.send(request(12345, 2, new JsonObject().put("x", 1)));
        JsonObject unknown = next(c);
        assertReply(unknown, 400, 12346, 2);
        assertTrue(unknown.getString("msg").contains("12345"), unknown.encode());
        c.sendText("not json");
        assertEquals(400, next(c).getInteger("ret"));
        c.send(request(22002, 3, new JsonObject().put("symbol_list", "700.HK")));
        JsonObject badData = next(c);
        assertReply(badData, 400, 22003, 3);
        assertTrue(badData.getString("msg").startsWith("request data param invalid"), badData.encode());
        c.send(cancelRequest(4, 7));
        assertReply(next(c), 400, 22007, 4);
        c.send(request(22002, 5, new JsonObject().put("symbol_list", new JsonArray()
                .add(new JsonObject().put("code", "700.HK").put("depth_level", "deep")))));
        assertReply(next(c), 400, 22003, 5);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldReplyBodyEmptyForEmptyData(VertxTestContext ctx) {
        TestClient c = connect(STOCKS);
        c.send(request(22002, 1, new JsonObject()));
        JsonObject empty = next(c);
        assertReply(empty, 601, 22003, 1);
        assertTrue(empty.getString("msg").startsWith("body empty"), empty.encode());
        c.sendText("{\"cmd_id\":22004,\"seq_id\":2,\"trace\":\"t-2\"}");
        assertReply(next(c), 601, 22005, 2);
        c.sendText(" ");
        assertEquals(601, next(c).getInteger("ret"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldCapTheInvalidCodesOneReplyNamesAndCountThemAll(VertxTestContext ctx) {
        normalizer.record("700.HK", book("700.HK", 10, 5));
        TestClient c = connect(STOCKS);
        String[] codes = new String[121];
        for (int i = 0; i < 120; i++) {
            codes[i] = "NOPE" + i + ".US";
        }
        codes[120] = "700.HK";
        c.send(depthRequest(1, codes));
        JsonObject reply = next(c);
        assertReply(reply, 600, 22003, 1);
        JsonObject data = reply.getJsonObject("data");
        assertEquals(50, data.getJsonArray("invalid_codes").size());
        assertEquals("NOPE0.US", data.getJsonArray("invalid_codes").getString(0));
        assertEquals(120, data.getInteger("invalid_count"));
        assertTrue(reply.getString("msg").endsWith("and 70 more"), reply.encode());
        assertDepthPush(next(c), "700.HK", 10, 5);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldNameInvalidCodesWithRet600AndServeTheRest(VertxTestContext ctx) {
        normalizer.record("700.HK", book("700.HK", 10, 5));
        TestClient c = connect(STOCKS);
        c.send(depthRequest(1, "NOPE.US", "700.HK", "ZZZZ"));
        JsonObject reply = next(c);
        assertReply(reply, 600, 22003, 1);
        assertTrue(reply.getString("msg").contains("NOPE.US"), reply.encode());
        assertTrue(reply.getString("msg").contains("ZZZZ"), reply.encode());
        assertEquals(new JsonArray().add("NOPE.US").add("ZZZZ"),
                reply.getJsonObject("data").getJsonArray("invalid_codes"));
        assertDepthPush(next(c), "700.HK", 10, 5);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldRefuseMoreCodesThanTheSubscriptionLimitWithRet603(VertxTestContext ctx) {
        normalizer.record("700.HK", book("700.HK", 10, 5));
        TestClient c = connect(STOCKS);
        c.send(depthRequest(1, "700.HK"));
        assertReply(next(c), 200, 22003, 1);
        assertDepthPush(next(c), "700.HK", 10, 5);
        nextSecond();
        // 1 depth code + 4 trade codes > 4.
        c.send(tradeRequest(2, "AAPL.US", "MSFT.US", "UNH.US", "NVDA.US"));
        JsonObject reply = next(c);
        assertReply(reply, 603, 22005, 2);
        assertTrue(reply.getString("msg").startsWith("token level not enough"), reply.encode());
        assertTrue(reply.getString("msg").contains("limit " + MAX_SUBSCRIPTIONS), reply.encode());
        // Nothing changed: the depth list still flows.
        normalizer.publish("700.HK", book("700.HK", 11, 5));
        assertDepthPush(next(c), "700.HK", 11, 5);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldServeSeed002FlatSubscribeAndUnsubscribeWithFlatDepthPushes(VertxTestContext ctx) {
        normalizer.record("EURUSD", book("EURUSD", 10, 3));
        normalizer.record("GBPUSD", book("GBPUSD", 20, 3));
        normalizer.record("USDJPY", book("USDJPY", 30, 3));
        TestClient c = connect(FX);
        c.sendText("{\"cmd_id\": 22004, \"action\": \"subscribe\", \"code\": [\"EURUSD\", \"GBPUSD\"]}");
        JsonObject reply = next(c);
        assertEquals(200, reply.getInteger("ret"), reply.encode());
        assertEquals(22005, reply.getInteger("cmd_id"));
        assertFalse(reply.containsKey("code"), "seed 002 skips messages without a top-level code");
        JsonObject a = next(c);
        JsonObject b = next(c);
        JsonObject eur = "EURUSD".equals(a.getString("code")) ? a : b;
        JsonObject gbp = eur == a ? b : a;
        assertEquals("GBPUSD", gbp.getString("code"));
        Instrument i = REGISTRY.bySymbol("EURUSD");
        // What seed 002 reads: code, bids[0][0], asks[0][0], timestamp. FX depth is capped at 1 level (AllTick).
        assertEquals(1, eur.getJsonArray("bids").size(), eur.encode());
        assertEquals(new java.math.BigDecimal(dev.tickplant.common.decimal.FixedPoint.format(
                i.referencePrice() - i.tickSize(), i.priceScale())),
                new java.math.BigDecimal(eur.getJsonArray("bids").getJsonArray(0).getValue(0).toString()));
        assertTrue(eur.getJsonArray("asks").getJsonArray(0).getValue(0) instanceof Number, eur.encode());
        assertEquals(NOW_NANOS / 1_000_000, eur.getLong("timestamp"));

        nextSecond();
        c.sendText("{\"cmd_id\": 22004, \"action\": \"subscribe\", \"code\": [\"USDJPY\"]}");
        assertEquals(200, next(c).getInteger("ret"));
        assertEquals("USDJPY", next(c).getString("code")); // incremental: EURUSD and GBPUSD stay
        nextSecond();
        c.sendText("{\"cmd_id\": 22004, \"action\": \"unsubscribe\", \"code\": [\"GBPUSD\"]}");
        assertEquals(200, next(c).getInteger("ret"));
        normalizer.publish("GBPUSD", book("GBPUSD", 21, 3));
        normalizer.publish("EURUSD", book("EURUSD", 11, 3));
        JsonObject live = next(c);
        assertEquals("EURUSD", live.getString("code"), live.encode());
        assertEquals(11, live.getLong("seq"));
        normalizer.publish("USDJPY", book("USDJPY", 31, 3));
        assertEquals("USDJPY", next(c).getString("code"));
        assertNotEquals(0, live.getLong("timestamp"));
        ctx.completeNow();
    }
}
