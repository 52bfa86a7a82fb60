package dev.tickplant.ingest.coinbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import org.junit.jupiter.api.Test;

class CoinbaseConfigTest {
    @Test
    void shouldApplyDefaults() {
        CoinbaseConfig c = CoinbaseConfig.fromJson(new JsonObject());
        assertEquals(URI.create("wss://ws-feed.exchange.coinbase.com"), c.wsUri());
        assertEquals("level2_batch", c.level2Channel());
        assertTrue(c.subscribeTrades());
        assertFalse(c.strictSequence());
    }

    @Test
    void shouldRejectInvalidValues() {
        assertThrows(IllegalArgumentException.class,
                () -> CoinbaseConfig.fromJson(new JsonObject().put("level2Channel", "full")));
        assertThrows(IllegalArgumentException.class,
                () -> CoinbaseConfig.fromJson(new JsonObject().put("wsUri", "https://x")));
        assertThrows(IllegalArgumentException.class,
                () -> CoinbaseConfig.fromJson(new JsonObject().put("reconnectMinMs", 5000).put("reconnectMaxMs", 10)));
        assertThrows(IllegalArgumentException.class,
                () -> CoinbaseConfig.fromJson(new JsonObject().put("strictSequence", "yes")));
    }
}
