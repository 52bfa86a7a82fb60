package dev.tickplant.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.symbol.VenueNames;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole pipeline in one JVM, as the README's run command starts it: AllTick simulator → connector → normalizer
 * → gateway, driven by WebSocket clients that behave like the seed documents' programs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<String> SEED_004_EXCHANGES = List.of("binance", "okx", "huobi");
    private static TickplantNode node;
    private static Vertx clientVertx;

    private static InJvmNode fixture;

    @BeforeAll
    static void startNode() throws Exception {
        fixture = InJvmNode.start(new JsonObject()
                .put("gateway", new JsonObject().put("instances", 2))
                .put("simulators", new JsonObject().put("alltick", new JsonObject().put("enabled", true)
                        .put("port", 0).put("token", "simulator-token").put("updatesPerSecond", 20))));
        node = fixture.node;
        clientVertx = fixture.clients;
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldServeSeed003ClientSequence() throws Exception {
        try (WsTestClient ws = WsTestClient.connect(clientVertx, node.gatewayPort(), "/")) {
            assertEquals("welcome", ws.next(WAIT).getString("type"));
            ws.send(new JsonObject().put("type", "auth").put("apiKey", "demo"));
            JsonObject auth = ws.next(WAIT);
            assertEquals("auth", auth.getString("type"));
            assertEquals(Boolean.TRUE, auth.getBoolean("success"));
            assertEquals("Authenticated successfully", auth.getString("message"));
            ws.send(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(List.of("EURUSD",
                    "GBPUSD", "XAUUSD"))));
            JsonObject confirmation = ws.next(WAIT);
            assertEquals("subscribed", confirmation.getString("type"), confirmation.encode());
            assertEquals(new JsonArray(List.of("EURUSD", "GBPUSD", "XAUUSD")), confirmation.getJsonArray("symbols"));
            assertEquals(3, confirmation.getInteger("totalSubscriptions"));
            Set<String> seen = new HashSet<>();
            while (seen.size() < 3) {
                JsonObject tick = ws.await(m -> "tick".equals(m.getString("type")), WAIT);
                BigDecimal bid = new BigDecimal(tick.getValue("bid").toString());
                BigDecimal ask = new BigDecimal(tick.getValue("ask").toString());
                assertTrue(bid.compareTo(ask) <= 0, tick.encode());
                assertTrue(tick.getLong("time") > 1_700_000_000_000L, tick.encode());
                seen.add(tick.getString("symbol"));
            }
            assertEquals(Set.of("EURUSD", "GBPUSD", "XAUUSD"), seen);
            ws.send(new JsonObject().put("type", "unsubscribe").put("symbol", "EURUSD"));
            JsonObject unsubscribed = ws.await(m -> "unsubscribed".equals(m.getString("type")), WAIT);
            assertEquals(2, unsubscribed.getInteger("totalSubscriptions"));
            ws.send(new JsonObject().put("type", "list"));
            JsonObject list = ws.await(m -> "list".equals(m.getString("type")), WAIT);
            assertEquals(Set.of("GBPUSD", "XAUUSD"), new HashSet<>(list.getJsonArray("symbols").stream().map(String::valueOf).toList()));
        }
    }

    @Test
    void shouldServeSeed000ActionMessageUnderClientSpellings() throws Exception {
        List<String> spellings = List.of("AAPL", "MSFT", "00001.HK", "00002.HK", "XAUUSD", "XAGUSD");
        try (WsTestClient ws = WsTestClient.connect(clientVertx, node.gatewayPort(), "/?token=demo")) {
            ws.send(new JsonObject().put("action", "subscribe").put("symbols", new JsonArray(spellings)));
            Set<String> priced = new HashSet<>();
            while (priced.size() < spellings.size()) {
                JsonObject m = ws.await(x -> "tick".equals(x.getString("type")), WAIT);
                assertTrue(spellings.contains(m.getString("symbol")), m.encode());
                assertTrue(new BigDecimal(m.getValue("price").toString()).signum() > 0, m.encode());
                priced.add(m.getString("symbol"));
            }
            assertEquals(new HashSet<>(spellings), priced);
        }
    }

    @Test
    void shouldDeliverConsecutiveSeqAfterSnapshot() throws Exception {
        try (WsTestClient ws = WsTestClient.connect(clientVertx, node.gatewayPort(), "/ws?token=demo")) {
            ws.send(new JsonObject().put("type", "subscribe").put("symbol", "BTC/USDT"));
            long last = -1;
            for (int i = 0; i < 10; i++) {
                JsonObject tick = ws.await(m -> "tick".equals(m.getString("type")), WAIT);
                assertEquals("BTC/USDT", tick.getString("symbol"));
                long seq = tick.getLong("seq");
                if (last >= 0) {
                    // A tick merged from several (the gateway was behind a burst) counts the ones it replaced.
                    assertEquals(last + 1 + tick.getLong("conflated", 0L), seq, "gap or duplicate after seq " + last);
                }
                last = seq;
            }
        }
    }

    @Test
    void shouldServeSeed004MultiExchangeFlowOnTicksOnlyEndpoint() throws Exception {
        // Seed 004: one connection per exchange, no key, {"action","exchange","symbol"}, then tick['price'] of every
        // message; each tick must come from the exchange asked for.
        for (String exchange : SEED_004_EXCHANGES) {
            try (WsTestClient ws = WsTestClient.connect(clientVertx, node.gatewayPort(), "/quote")) {
                ws.send(new JsonObject().put("action", "subscribe").put("exchange", exchange).put("symbol", "BTCUSDT"));
                for (int i = 0; i < 3; i++) {
                    JsonObject tick = ws.next(WAIT);
                    assertEquals("tick", tick.getString("type"), tick.encode());
                    assertTrue(new BigDecimal(tick.getValue("price").toString()).signum() > 0, tick.encode());
                    assertEquals(VenueNames.canonical(exchange), tick.getString("venue"), tick.encode());
                }
            }
        }
    }

    @Test
    void shouldServeVenueQualifiedAndConsolidatedCryptoViews() throws Exception {
        try (WsTestClient ws = WsTestClient.connect(clientVertx, node.gatewayPort(), "/?token=demo")) {
            ws.send(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(List.of("BTCUSDT@okx",
                    "ETH/USDT"))));
            Set<String> venuesOfConsolidated = new HashSet<>();
            boolean sawKraken = false;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((!sawKraken || venuesOfConsolidated.isEmpty()) && System.nanoTime() < deadline) {
                JsonObject tick = ws.await(m -> "tick".equals(m.getString("type")), WAIT);
                if (tick.getString("symbol").equals("BTCUSDT@okx")) {
                    assertEquals("okx", tick.getString("venue"), tick.encode());
                    sawKraken = true;
                } else {
                    assertEquals("ETH/USDT", tick.getString("symbol"));
                    venuesOfConsolidated.add(tick.getString("venue"));
                }
            }
            assertTrue(sawKraken, "no BTCUSDT@okx tick");
            assertTrue(!venuesOfConsolidated.isEmpty(), "no consolidated ETH/USDT tick");
        }
    }

    @Test
    void shouldServeSeed001AllTickDepthSubscriptionUnchanged() throws Exception {
        // Seed 001 with only the URL changed: 22002 for 700.HK and UNH.US at 5 levels on the stock endpoint.
        try (WsTestClient ws = WsTestClient.connect(clientVertx, node.gatewayPort(), "/quote-stock-b-ws-api?token=demo")) {
            ws.sendText("{\"cmd_id\": 22002, \"seq_id\": 123, \"trace\": \"3baaa938-f92c-4a74-a228-fd49d5e2f8bc-"
                    + "1678419657806\", \"data\": {\"symbol_list\": [{\"code\": \"700.HK\", \"depth_level\": 5}, "
                    + "{\"code\": \"UNH.US\", \"depth_level\": 5}]}}");
            JsonObject reply = ws.next(WAIT);
            assertEquals(22003, reply.getInteger("cmd_id"), reply.encode());
            assertEquals(200, reply.getInteger("ret"), reply.encode());
            assertEquals(123, reply.getInteger("seq_id"));
            Set<String> codes = new HashSet<>();
            while (codes.size() < 2) {
                JsonObject push = ws.await(m -> Integer.valueOf(22999).equals(m.getInteger("cmd_id")), WAIT);
                JsonObject data = push.getJsonObject("data");
                assertTrue(!data.getJsonArray("bids").isEmpty(), push.encode());
                assertTrue(new BigDecimal(data.getJsonArray("bids").getJsonObject(0).getString("price")).signum() > 0);
                codes.add(data.getString("code"));
            }
            assertEquals(Set.of("700.HK", "UNH.US"), codes);
        }
    }

    @Test
    void shouldServeSeed002FlatOrderBookSubscriptionUnchanged() throws Exception {
        List<String> pairs = List.of("EURUSD", "GBPUSD", "USDJPY", "XAUUSD");
        try (WsTestClient ws = WsTestClient.connect(clientVertx, node.gatewayPort(), "/quote-b-ws-api?token=demo")) {
            ws.send(new JsonObject().put("cmd_id", 22004).put("action", "subscribe").put("code", new JsonArray(pairs)));
            Set<String> seen = new HashSet<>();
            while (seen.size() < pairs.size()) {
                // Seed 002 reads top-level code, bids[0][0], asks[0][0] and timestamp, and skips anything else.
                JsonObject m = ws.await(x -> x.containsKey("code") && x.containsKey("bids"), WAIT);
                BigDecimal bid = new BigDecimal(m.getJsonArray("bids").getJsonArray(0).getValue(0).toString());
                BigDecimal ask = new BigDecimal(m.getJsonArray("asks").getJsonArray(0).getValue(0).toString());
                assertTrue(bid.compareTo(ask) <= 0, m.encode());
                assertTrue(m.getLong("timestamp") > 1_700_000_000_000L, m.encode());
                seen.add(m.getString("code"));
            }
            assertEquals(new HashSet<>(pairs), seen);
        }
    }

    @Test
    void shouldAnswerRestQueriesWithLiveData() throws Exception {
        HttpClient http = clientVertx.createHttpClient();
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            int status;
            JsonObject body;
            do {
                // The first subscription creates demand; until then the normalizer has no data for the symbol.
                // Status and body are read in the same chain, on the event loop, before the response can end unread.
                JsonObject result = http.request(HttpMethod.GET, node.gatewayPort(), "127.0.0.1", "/api/v1/quotes/XAUUSD")
                        .compose(r -> r.putHeader("X-API-Key", "demo").send())
                        .compose(r -> r.body().map(b -> new JsonObject().put("status", r.statusCode())
                                .put("body", b.toString())))
                        .await(10, TimeUnit.SECONDS);
                status = result.getInteger("status");
                String text = result.getString("body");
                body = text.startsWith("{") ? new JsonObject(text) : new JsonObject().put("raw", text);
                if (status != 200) {
                    Thread.sleep(200); // a bounded poll: the query itself makes the symbol wanted upstream
                }
            } while (status != 200 && System.nanoTime() < deadline);
            assertEquals(200, status, body.encode());
            assertEquals("XAUUSD", body.getString("symbol"));
        } finally {
            http.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldReportReadyAndExposeMetrics() throws Exception {
        HttpClient http = clientVertx.createHttpClient();
        try {
            HttpClientResponse ready = http.request(HttpMethod.GET, node.managementPort(), "127.0.0.1",
                    "/health/ready").compose(r -> r.send()).await(10, TimeUnit.SECONDS);
            assertEquals(200, ready.statusCode());
            Buffer metrics = http.request(HttpMethod.GET, node.managementPort(), "127.0.0.1", "/metrics")
                    .compose(r -> r.send().compose(HttpClientResponse::body)).await(10, TimeUnit.SECONDS);
            String text = metrics.toString();
            assertTrue(text.contains("tickplant_ticks_published_total"), "ticks published counter missing");
            assertTrue(text.contains("tickplant_normalizer_events_in_total"), "normalizer counter missing");
            assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics missing");
        } finally {
            http.close().await(5, TimeUnit.SECONDS);
        }
    }
}
