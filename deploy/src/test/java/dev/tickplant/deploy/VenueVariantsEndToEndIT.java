package dev.tickplant.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Venue data exactly as it may arrive, through the whole pipeline: the OKX simulator sends every ticker without a
 * bid ({@code "bidPx":""}) but with its last trade, and every book message without {@code seqId}/{@code prevSeqId};
 * a WebSocket client and the REST API must see the one-sided quote, the venue's last price and a live book. The
 * Kraken simulator prices far above the other venues, so the consolidated view is crossed and must say so.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VenueVariantsEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static InJvmNode fixture;
    private static Vertx clients;

    @BeforeAll
    static void startNode() throws Exception {
        fixture = InJvmNode.start(new JsonObject()
                .put("simulators", new JsonObject().put("okx", new JsonObject().put("enabled", true).put("port", 0)
                        .put("oneSidedQuotes", true).put("seqlessBooks", true).put("tradeProbability", 0.9)
                        .put("updatesPerSecond", 20))
                        // Kraken's prices $500 above everybody else's: the consolidated BTCUSDT is crossed.
                        .put("kraken", new JsonObject().put("enabled", true).put("port", 0)
                                .put("priceOffsetTicks", 50_000)))
                .put("ingest", new JsonObject().put("okx", new JsonObject().put("feedId", "okx")
                        .put("simulator", true).put("quoteChannel", "tickers"))));
        clients = fixture.clients;
    }

    @AfterAll
    static void stopNode() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldServeOneSidedTickersWithTheVenueLastAndBooksWithoutSequenceIds() throws Exception {
        try (WsTestClient ws = WsTestClient.connect(clients, fixture.node.gatewayPort(), "/?token=demo")) {
            ws.send(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(List.of("BTCUSDT@okx")))
                    .put("channels", new JsonArray(List.of("tick", "trade", "depth"))));
            JsonObject withLast = ws.await(m -> "tick".equals(m.getString("type")) && m.getValue("last") != null,
                    WAIT);
            assertNull(withLast.getValue("bid"), withLast.encode());
            assertNull(withLast.getValue("bidSize"), withLast.encode());
            assertNull(withLast.getValue("mid"), "no mid without a bid: " + withLast.encode());
            assertNotNull(withLast.getValue("ask"), withLast.encode());
            assertEquals(new BigDecimal(withLast.getValue("last").toString()),
                    new BigDecimal(withLast.getValue("price").toString()), "price is the venue's last");
            JsonObject depth = ws.await(m -> "depth".equals(m.getString("type"))
                    && !m.getJsonArray("asks").isEmpty(), WAIT);
            assertTrue(!depth.getJsonArray("bids").isEmpty(), "the book has both sides: " + depth.encode());
        }
        JsonObject quote = restQuote("BTCUSDT@okx");
        assertNull(quote.getValue("bid"), quote.encode());
        assertNotNull(quote.getValue("ask"), quote.encode());
        assertNotNull(quote.getValue("last"), "REST last is filled: " + quote.encode());
    }

    @Test
    void shouldFlagTheConsolidatedViewCrossedWhenVenuesDisagree() throws Exception {
        try (WsTestClient ws = WsTestClient.connect(clients, fixture.node.gatewayPort(), "/?token=demo")) {
            ws.send(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(List.of("BTCUSDT")))
                    .put("channels", new JsonArray(List.of("tick", "depth"))));
            JsonObject tick = ws.await(m -> "tick".equals(m.getString("type"))
                    && Boolean.TRUE.equals(m.getBoolean("crossed")), WAIT);
            assertEquals("kraken", tick.getString("bidVenue"), tick.encode());
            assertTrue(new BigDecimal(tick.getValue("bid").toString())
                    .compareTo(new BigDecimal(tick.getValue("ask").toString())) > 0, tick.encode());
            JsonObject depth = ws.await(m -> "depth".equals(m.getString("type"))
                    && Boolean.TRUE.equals(m.getBoolean("crossed")), WAIT);
            BigDecimal bestBid = new BigDecimal(depth.getJsonArray("bids").getJsonArray(0).getValue(0).toString());
            BigDecimal bestAsk = new BigDecimal(depth.getJsonArray("asks").getJsonArray(0).getValue(0).toString());
            assertTrue(bestBid.compareTo(bestAsk) > 0, depth.encode());
        }
        JsonObject quote = restQuote("BTCUSDT");
        assertEquals(true, quote.getBoolean("crossed"), quote.encode());
    }

    private static JsonObject restQuote(String symbol) throws Exception {
        HttpClient http = clients.createHttpClient();
        try {
            return http.request(HttpMethod.GET, fixture.node.gatewayPort(), "127.0.0.1", "/api/v1/quotes/" + symbol)
                    .compose(r -> r.putHeader("X-API-Key", "demo").send())
                    .compose(r -> r.body().map(b -> new JsonObject(b.toString())))
                    .await(10, TimeUnit.SECONDS);
        } finally {
            http.close().await(5, TimeUnit.SECONDS);
        }
    }
}
