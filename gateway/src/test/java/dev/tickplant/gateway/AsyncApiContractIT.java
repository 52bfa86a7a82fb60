package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The AsyncAPI document the gateway serves is the protocol's contract: every message the native endpoint sends,
 * as real clients receive it over a real WebSocket, must conform to the JSON Schema the document gives for its
 * type (no missing required field, no wrong type, no field the document does not declare), and every message the
 * document lists for the native endpoint must have been seen here — so the spec can drift from the code in neither
 * direction without this test failing.
 */
@ExtendWith(VertxExtension.class)
class AsyncApiContractIT {
    private static final InstrumentRegistry REGISTRY = TestInstruments.defaultRegistry();
    private static final int PARTITIONS = 4;
    private static final long NOW_NANOS = 1_763_700_000_000_000_000L;
    /** Reply types whose spec message has another name. */
    private static final Map<String, String> SPEC_NAMES = Map.of("auth", "authResult", "list", "listResult",
            "limits", "limitsResult", "options", "optionsResult");
    /**
     * Messages of the native endpoint this test does not provoke, each exercised elsewhere: {@code warning} (a
     * client whose socket is full, GatewayIT) and {@code reconnect} (a gateway shutting down, GatewayIT).
     */
    private static final Set<String> ELSEWHERE = Set.of("warning", "reconnect");

    private Vertx vertx;
    private ScriptedNormalizer normalizer;
    private int port;
    private JsonObject spec;
    private SpecSchema schemas;
    private final List<TestClient> clients = new ArrayList<>();
    private final Map<String, Integer> seen = new LinkedHashMap<>();

    @BeforeEach
    void setUp(Vertx vertx) throws IOException {
        this.vertx = vertx;
        Codecs.registerAll(vertx.eventBus());
        try (InputStream in = GatewayVerticle.class.getResourceAsStream("/api/asyncapi.json")) {
            assertNotNull(in, "the gateway ships its AsyncAPI document");
            spec = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        schemas = new SpecSchema(spec);
        normalizer = new ScriptedNormalizer(vertx, PARTITIONS);
        normalizer.start().await();
        port = TestGateways.deploy(vertx, REGISTRY, PARTITIONS, "gw-contract-it", new JsonObject());
    }

    @AfterEach
    void tearDown() {
        clients.forEach(TestClient::close);
        normalizer.stop().await();
    }

    /** The next message, checked against the spec's schema for its type. */
    private JsonObject next(TestClient c) {
        JsonObject msg = c.next();
        String type = msg.getString("type");
        assertNotNull(type, "every message has a type: " + c.lastRaw);
        String name = SPEC_NAMES.getOrDefault(type, type);
        JsonObject message = spec.getJsonObject("components").getJsonObject("messages").getJsonObject(name);
        assertNotNull(message, "the spec has no message '" + name + "' for " + c.lastRaw);
        List<String> problems = schemas.check(msg, message.getJsonObject("payload"));
        assertTrue(problems.isEmpty(), "'" + name + "' as sent does not match the spec: " + problems + " in "
                + c.lastRaw);
        seen.merge(name, 1, Integer::sum);
        return msg;
    }

    /** Reads (and checks) messages until one of {@code type} arrives. */
    private JsonObject nextOfType(TestClient c, String type) {
        while (true) {
            JsonObject msg = next(c);
            if (type.equals(msg.getString("type"))) {
                return msg;
            }
        }
    }

    private static List<BookLevel> levels(long... priceSize) {
        List<BookLevel> out = new ArrayList<>();
        for (int i = 0; i < priceSize.length; i += 2) {
            out.add(new BookLevel(priceSize[i], priceSize[i + 1]));
        }
        return out;
    }

    private static BookUpdate image(String venue, long seq, long bid) {
        return new BookUpdate("BTCUSDT", venue, true, levels(bid, 50_000_000, bid - 10, 1), levels(bid + 20, 3), 2,
                8, 0, 0, -1, BookUpdate.NO_CHECKSUM, NOW_NANOS, NOW_NANOS, seq);
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldSendOnlyWhatTheAsyncApiDocumentDescribes(VertxTestContext ctx) {
        normalizer.record("BTCUSDT", new Quote("BTCUSDT", "consolidated", 6_500_100, 1, 6_500_200, 2, 6_500_150, 2, 8,
                0, NOW_NANOS, NOW_NANOS, 3, "okx", "kraken"));
        normalizer.record("BTCUSDT", image("consolidated", 41, 6_500_000));
        normalizer.record("BTCUSDT", new Trade("BTCUSDT", "consolidated", "100", 6_500_010, 1_000_000, 2, 8,
                Side.SELL, 0, NOW_NANOS, NOW_NANOS, 5));
        normalizer.record("BTCUSDT", new Status("BTCUSDT", "consolidated", StatusState.LIVE, "2 of 2 venues live",
                NOW_NANOS, NOW_NANOS, 9));

        TestClient c = TestClient.connect(vertx, port, "/");
        clients.add(c);
        assertEquals("welcome", next(c).getString("type"));
        c.send(new JsonObject().put("type", "auth").put("apiKey", "not-a-key"));
        assertEquals(false, next(c).getBoolean("success"));
        c.send(new JsonObject().put("type", "auth").put("apiKey", "demo"));
        assertEquals(true, next(c).getBoolean("success"));

        c.send(new JsonObject().put("type", "subscribe").put("symbol", "NOPE1"));
        assertEquals("UNKNOWN_SYMBOL", nextOfType(c, "error").getString("code"));
        c.send(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray().add("NOPE1").add("NOPE2")));
        assertEquals(2, nextOfType(c, "error").getInteger("count"), "one error for the refused symbols");

        c.send(new JsonObject().put("type", "subscribe").put("symbol", "BTCUSDT").put("channels",
                new JsonArray().add("tick").add("depth").add("trade").add("status")).put("levels", 2));
        Set<String> snapshots = new TreeSet<>();
        while (!snapshots.containsAll(Set.of("tick", "depth", "status"))) {
            String type = next(c).getString("type");
            if (!"subscribed".equals(type)) {
                snapshots.add(type);
            }
        }
        c.send(new JsonObject().put("type", "ping").put("id", 1)); // every feed is joined once the pong is back
        nextOfType(c, "pong");
        normalizer.publish("BTCUSDT", new Trade("BTCUSDT", "consolidated", "101", 6_500_020, 2_000_000, 2, 8,
                Side.BUY, 0, NOW_NANOS, NOW_NANOS, 6));
        nextOfType(c, "trade");
        normalizer.record("BTCUSDT", image("consolidated", 42, 6_500_010)); // lost on the bus
        normalizer.publish("BTCUSDT", image("consolidated", 43, 6_500_020));
        assertEquals(43, nextOfType(c, "reset").getLong("seq"));
        assertEquals(43, nextOfType(c, "depth").getLong("seq"));

        c.send(new JsonObject().put("type", "list"));
        nextOfType(c, "list");
        c.send(new JsonObject().put("type", "limits"));
        nextOfType(c, "limits");
        c.send(new JsonObject().put("type", "options").put("batch", false));
        nextOfType(c, "options");
        c.send(new JsonObject().put("type", "unsubscribe").put("symbol", "BTCUSDT").put("channel", "status"));
        nextOfType(c, "unsubscribed");

        // Per-hop timestamps are part of the messages of clients that ask for them.
        TestClient timed = TestClient.connect(vertx, port, "/?token=demo&hops=true");
        clients.add(timed);
        nextOfType(timed, "welcome");
        timed.send(new JsonObject().put("type", "subscribe").put("symbol", "BTCUSDT"));
        assertNotNull(nextOfType(timed, "tick").getJsonObject("hops"));

        Set<String> expected = new TreeSet<>(spec.getJsonObject("channels").getJsonObject("native")
                .getJsonObject("messages").fieldNames());
        expected.removeAll(Set.of("auth", "subscribe", "unsubscribe", "list", "limits", "ping", "options"));
        expected.removeAll(ELSEWHERE);
        assertTrue(seen.keySet().containsAll(expected), "messages the spec lists but this test never saw: "
                + new TreeSet<>(expected) + " minus " + seen.keySet());
        ctx.completeNow();
    }
}
