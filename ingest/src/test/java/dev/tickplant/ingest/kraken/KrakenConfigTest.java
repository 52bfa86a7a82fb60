package dev.tickplant.ingest.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KrakenConfigTest {
    @Test
    void shouldApplyDefaults() {
        KrakenConfig c = KrakenConfig.fromJson(new JsonObject());
        assertEquals(URI.create("wss://ws.kraken.com/v2"), c.wsUri());
        assertEquals("kraken", c.feedId());
        assertEquals(10, c.bookDepth());
        assertEquals(KrakenConfig.DEFAULT_HEARTBEAT_TIMEOUT, c.heartbeatTimeout());
        assertEquals(List.of(), c.alwaysOn());
    }

    @Test
    void shouldReadEveryKey() {
        KrakenConfig c = KrakenConfig.fromJson(new JsonObject().put("feedId", "k2").put("wsUri", "ws://127.0.0.1:1/v2")
                .put("alwaysOn", new JsonArray().add("BTCUSD")).put("bookDepth", 25).put("subscribeTrades", false)
                .put("pingIntervalMs", 100).put("heartbeatTimeoutMs", 200).put("controlBurst", 2)
                .put("controlPerSecond", 3.5).put("resyncMinIntervalMs", 300).put("reconnectMinMs", 10)
                .put("reconnectMaxMs", 20).put("healthyAfterMs", 30).put("maxBatchEvents", 7)
                .put("recordFile", "kraken.rec"));
        assertEquals(new KrakenConfig("k2", URI.create("ws://127.0.0.1:1/v2"), List.of("BTCUSD"), 25, false,
                Duration.ofMillis(100), Duration.ofMillis(200), 2, 3.5, Duration.ofMillis(300), Duration.ofMillis(10),
                Duration.ofMillis(20), Duration.ofMillis(30), 7, "kraken.rec"), c);
    }

    @Test
    void shouldRejectInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> KrakenConfig.fromJson(new JsonObject().put("wsUri", "http://x")));
        assertThrows(IllegalArgumentException.class, () -> KrakenConfig.fromJson(new JsonObject().put("bookDepth", 11)));
        assertThrows(IllegalArgumentException.class, () -> KrakenConfig.fromJson(new JsonObject().put("controlBurst", 0)));
        assertThrows(IllegalArgumentException.class, () -> KrakenConfig.fromJson(new JsonObject().put("bookDepth", "x")));
        assertThrows(IllegalArgumentException.class,
                () -> KrakenConfig.fromJson(new JsonObject().put("alwaysOn", new JsonArray().add(1))));
    }
}
