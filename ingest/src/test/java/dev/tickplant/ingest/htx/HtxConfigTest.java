package dev.tickplant.ingest.htx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import org.junit.jupiter.api.Test;

class HtxConfigTest {
    @Test
    void shouldApplyDefaults() {
        HtxConfig c = HtxConfig.fromJson(new JsonObject());
        assertEquals(URI.create("wss://api.huobi.pro/ws"), c.wsUri());
        assertEquals("htx", c.feedId());
        assertEquals(20, c.bookLevels());
        assertEquals(HtxConfig.DEFAULT_HEARTBEAT_TIMEOUT, c.heartbeatTimeout());
    }

    @Test
    void shouldRejectInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> HtxConfig.fromJson(new JsonObject().put("bookLevels", 0)));
        assertThrows(IllegalArgumentException.class, () -> HtxConfig.fromJson(new JsonObject().put("wsUri", "x")));
        assertThrows(IllegalArgumentException.class,
                () -> HtxConfig.fromJson(new JsonObject().put("controlPerSecond", 0)));
    }
}
