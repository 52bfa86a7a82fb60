package dev.tickplant.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The normalizer's promises seen from a client of the real pipeline in one JVM: the Binance feed ingested twice
 * (two connectors on the same simulated venue, as a hot standby or a reconnect overlap would) still delivers every
 * trade exactly once, and a {@code status} subscription learns the current state at once.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NormalizerEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static InJvmNode fixture;
    private static TickplantNode node;
    private static Vertx clientVertx;

    @BeforeAll
    static void startNode() throws Exception {
        fixture = InJvmNode.start(new JsonObject()
                .put("simulators", new JsonObject().put("binance", new JsonObject().put("enabled", true)
                        .put("port", 0).put("updatesPerSecond", 40).put("tradeProbability", 0.8)))
                .put("ingest", new JsonObject().put("binance", new JsonArray()
                        .add(new JsonObject().put("feedId", "binance-a").put("simulator", true))
                        .add(new JsonObject().put("feedId", "binance-b").put("simulator", true)))));
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
    void shouldDeliverEachTradeOnceWhenTwoConnectorsIngestTheSameVenue() throws Exception {
        List<Long> ids = new ArrayList<>();
        try (WsTestClient ws = WsTestClient.connect(clientVertx, node.gatewayPort(), "/?token=demo")) {
            assertEquals("welcome", ws.next(WAIT).getString("type"));
            ws.send(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(List.of("BTCUSDT@binance")))
                    .put("channel", "trade"));
            JsonObject confirmation = ws.await(m -> "subscribed".equals(m.getString("type")), WAIT);
            assertEquals("trade", confirmation.getString("channel"), confirmation.encode());
            // The simulator numbers BTCUSDT's trades 5000, 5001, ... and sends each to both connectors.
            while (ids.size() < 150) {
                JsonObject trade = ws.await(m -> "trade".equals(m.getString("type")), WAIT);
                assertEquals("binance", trade.getString("venue"), trade.encode());
                ids.add(Long.parseLong(trade.getString("tradeId")));
            }
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "a trade reached the client twice: " + ids);
        for (int i = 1; i < ids.size(); i++) {
            assertEquals(ids.get(i - 1) + 1, ids.get(i), "trade lost or out of order at " + i + ": " + ids);
        }

        // Both connectors really delivered (so the one-of-each above is the normalizer's doing), and it dropped
        // the second copies.
        String metrics = fixture.management("/metrics");
        double a = counter(metrics, "tickplant_ingest_events_total", "feed=\"binance-a\"");
        double b = counter(metrics, "tickplant_ingest_events_total", "feed=\"binance-b\"");
        assertTrue(a > 150 && b > 150, "each connector published events: a=" + a + " b=" + b);
        assertTrue(counter(metrics, "tickplant_normalizer_dropped_total", "") >= ids.size(),
                "the normalizer dropped the duplicate copies");
    }

    @Test
    void shouldServeTheCurrentStatusOnSubscribeWithEachVenueOfAConsolidatedView() throws Exception {
        try (WsTestClient feed = WsTestClient.connect(clientVertx, node.gatewayPort(), "/?token=demo");
                WsTestClient watcher = WsTestClient.connect(clientVertx, node.gatewayPort(), "/?token=demo")) {
            assertEquals("welcome", feed.next(WAIT).getString("type"));
            assertEquals("welcome", watcher.next(WAIT).getString("type"));
            // Demand for the consolidated view starts every crypto venue listing BTCUSDT; wait for several to quote.
            feed.send(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(List.of("BTCUSDT"))));
            Set<String> venues = new HashSet<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (venues.size() < 3 && System.nanoTime() < deadline) {
                JsonObject tick = feed.await(m -> "tick".equals(m.getString("type")), WAIT);
                venues.add(tick.getString("bidVenue", tick.getString("venue")));
                venues.add(tick.getString("askVenue", tick.getString("venue")));
                venues.remove("consolidated");
            }

            watcher.send(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(List.of("BTC/USDT")))
                    .put("channel", "status"));
            assertEquals("subscribed", watcher.await(m -> "subscribed".equals(m.getString("type")), WAIT)
                    .getString("type"));
            JsonObject status = watcher.await(m -> "status".equals(m.getString("type")), Duration.ofSeconds(5));
            assertEquals("BTC/USDT", status.getString("symbol"));
            assertEquals("consolidated", status.getString("venue"), status.encode());
            assertEquals("live", status.getString("state"), status.encode());
            JsonArray perVenue = status.getJsonArray("venues");
            assertTrue(perVenue != null && perVenue.size() >= 2, status.encode());
            Set<String> listed = new HashSet<>();
            for (int i = 0; i < perVenue.size(); i++) {
                listed.add(perVenue.getJsonObject(i).getString("venue"));
            }
            assertTrue(listed.containsAll(venues), "venues seen in ticks " + venues + " not all in " + status.encode());

            // A quiet view nothing was ever published on still answers at once with its session state.
            watcher.send(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(List.of("AAPL.US")))
                    .put("channel", "status"));
            JsonObject aapl = watcher.await(m -> "status".equals(m.getString("type"))
                    && "AAPL.US".equals(m.getString("symbol")), Duration.ofSeconds(5));
            assertTrue(Set.of("live", "closed").contains(aapl.getString("state")), aapl.encode());
            assertFalse(aapl.containsKey("venues"), aapl.encode());
        }
    }

    /** The value of a Prometheus counter line whose labels contain {@code label} (any line when empty). */
    private static double counter(String metrics, String name, String label) {
        Matcher m = Pattern.compile("^" + name + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        double sum = 0;
        while (m.find()) {
            if (label.isEmpty() || (m.group(1) != null && m.group(1).contains(label))) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
