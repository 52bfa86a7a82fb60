package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Batched mode over a real WebSocket: frames become JSON arrays of messages, in order, with the same {@code seq}
 * guarantees, and the switch in both directions is marked by a single-message {@code options} frame.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewayBatchIT {
    private static final InstrumentRegistry REGISTRY = TestInstruments.defaultRegistry();
    private static final int PARTITIONS = 4;
    private static final int MAX_MESSAGES = 50;

    private Vertx vertx;
    private ScriptedNormalizer normalizer;
    private int port;
    private WebSocketClient client;
    private WebSocket ws;
    private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        Codecs.registerAll(vertx.eventBus());
        normalizer = new ScriptedNormalizer(vertx, PARTITIONS);
        normalizer.start().await();
        port = TestGateways.deploy(vertx, REGISTRY, PARTITIONS, "gw-batch-it", new JsonObject()
                .put("batchMaxMessages", MAX_MESSAGES).put("batchLingerMs", 20));
        client = vertx.createWebSocketClient();
    }

    @AfterEach
    void tearDown() {
        if (ws != null) {
            ws.close();
        }
        client.close();
        normalizer.stop().await();
    }

    private void connect(String uri) throws Exception {
        ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
                .onSuccess(w -> w.textMessageHandler(frames::add)).await(5, TimeUnit.SECONDS);
    }

    private String nextFrame() throws InterruptedException {
        String f = frames.poll(5, TimeUnit.SECONDS);
        assertNotNull(f, "no frame within 5 s");
        return f;
    }

    private static Quote quote(String symbol, long bid, long seq) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return new Quote(symbol, "alltick", bid, 100_000, bid + 20, 100_000, 0, 5, 0, 0, now, now, seq);
    }

    @Test
    void shouldSendArraysOfMessagesInOrderBetweenTheOptionsReplies() throws Exception {
        normalizer.record("EURUSD", quote("EURUSD", 108_500, 100));
        normalizer.record("GBPUSD", quote("GBPUSD", 126_500, 500));
        connect("/?token=demo");
        assertEquals("welcome", new JsonObject(nextFrame()).getString("type"));

        ws.writeTextMessage("{\"type\":\"options\",\"batch\":true}").await(5, TimeUnit.SECONDS);
        JsonObject on = new JsonObject(nextFrame());
        assertEquals(new JsonObject().put("type", "options").put("batch", true).put("batchMaxMessages", MAX_MESSAGES)
                .put("batchLingerMs", 20), on);

        ws.writeTextMessage("{\"type\":\"subscribe\",\"symbols\":[\"EURUSD\",\"GBPUSD\"]}").await(5, TimeUnit.SECONDS);
        List<JsonObject> messages = new ArrayList<>();
        int multi = 0;
        // The confirmation and both snapshots, then a burst of 120 live ticks: several frames of up to 50.
        JsonArray first = new JsonArray(nextFrame());
        first.forEach(m -> messages.add((JsonObject) m));
        assertEquals("subscribed", messages.get(0).getString("type"), first.encode());
        for (int i = 1; i <= 60; i++) {
            normalizer.publish("EURUSD", quote("EURUSD", 108_500 + i, 100 + i));
            normalizer.publish("GBPUSD", quote("GBPUSD", 126_500 + i, 500 + i));
        }
        // Ticks are states: the gateway may merge a burst, and a merged tick says how many older ones it stands for.
        Map<String, Long> delivered = new HashMap<>();
        while (delivered.getOrDefault("EURUSD", 0L) < 60 || delivered.getOrDefault("GBPUSD", 0L) < 60) {
            String frame = nextFrame();
            assertTrue(frame.startsWith("["), "in batched mode every frame is an array: " + frame);
            JsonArray batch = new JsonArray(frame);
            assertTrue(batch.size() <= MAX_MESSAGES, "batch of " + batch.size());
            if (batch.size() > 1) {
                multi++;
            }
            batch.forEach(m -> {
                JsonObject tick = (JsonObject) m;
                messages.add(tick);
                delivered.merge(tick.getString("symbol"), 1L + tick.getLong("conflated", 0L), Long::sum);
            });
        }
        assertTrue(multi > 0, "a burst shares frames");
        Map<String, Long> lastSeq = new HashMap<>(Map.of("EURUSD", 99L, "GBPUSD", 499L));
        for (JsonObject m : messages.subList(1, messages.size())) {
            assertEquals("tick", m.getString("type"), m.encode());
            long seq = m.getLong("seq");
            assertEquals(lastSeq.get(m.getString("symbol")) + 1 + m.getLong("conflated", 0L), seq,
                    "seq per symbol: no gap but the merged ticks the message counts, no duplicate");
            lastSeq.put(m.getString("symbol"), seq);
        }
        assertEquals(160L, lastSeq.get("EURUSD"));
        assertEquals(560L, lastSeq.get("GBPUSD"));

        // Off again: the reply is a single object, and so is everything after it.
        ws.writeTextMessage("{\"type\":\"options\",\"batch\":false}").await(5, TimeUnit.SECONDS);
        assertEquals(new JsonObject().put("type", "options").put("batch", false), new JsonObject(nextFrame()));
        normalizer.publish("EURUSD", quote("EURUSD", 108_700, 161));
        JsonObject single = new JsonObject(nextFrame());
        assertEquals(161L, single.getLong("seq"));
    }

    @Test
    void shouldBatchFromTheFirstFrameWithTheUrlOptionAndRefuseBadOptions() throws Exception {
        connect("/?token=demo&batch=true");
        JsonArray first = new JsonArray(nextFrame());
        assertEquals("welcome", first.getJsonObject(0).getString("type"));
        ws.writeTextMessage("{\"type\":\"options\",\"batch\":\"yes\"}").await(5, TimeUnit.SECONDS);
        JsonObject error = new JsonArray(nextFrame()).getJsonObject(0);
        assertEquals("INVALID_MESSAGE", error.getString("code"), error.encode());
        assertTrue(error.getString("message").contains("batch"), error.encode());
        ws.writeTextMessage("{\"type\":\"ping\",\"id\":7}").await(5, TimeUnit.SECONDS);
        Object pong = Json.decodeValue(nextFrame());
        assertTrue(pong instanceof JsonArray, "still batched: " + pong);
        assertEquals(7, ((JsonArray) pong).getJsonObject(0).getInteger("id"));
    }

    @Test
    void shouldNeverBatchTheTicksOnlyEndpoint() throws Exception {
        connect("/quote?token=demo&batch=true");
        ws.writeTextMessage("{\"type\":\"options\",\"batch\":true}").await(5, TimeUnit.SECONDS);
        JsonObject error = new JsonObject(nextFrame());
        assertEquals("error", error.getString("type"));
        assertFalse(error.getString("message").isEmpty());
    }
}
