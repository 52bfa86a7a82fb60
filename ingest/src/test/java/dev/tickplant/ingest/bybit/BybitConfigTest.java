package dev.tickplant.ingest.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class BybitConfigTest {
    @Test
    void shouldTakeDefaultsForMissingKeys() {
        BybitConfig c = BybitConfig.fromJson(new JsonObject());
        assertEquals(URI.create(BybitConfig.DEFAULT_WS_URI), c.wsUri());
        assertEquals(50, c.depth());
        assertEquals(true, c.subscribeTickers());
        assertEquals(BybitConfig.DEFAULT_PING_INTERVAL, c.pingInterval());
    }

    @Test
    void shouldRefuseBadValues() {
        for (JsonObject bad : List.of(new JsonObject().put("wsUri", "https://x"), new JsonObject().put("depth", 25),
                new JsonObject().put("requestsPerSecond", 0), new JsonObject().put("pingIntervalMs", -1),
                new JsonObject().put("depth", "50"))) {
            assertThrows(IllegalArgumentException.class, () -> BybitConfig.fromJson(bad), bad::encode);
        }
    }
}
