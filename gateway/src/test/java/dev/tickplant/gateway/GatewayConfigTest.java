package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    @Test
    void shouldApplyDefaults() {
        GatewayConfig c = GatewayConfig.fromJson(new JsonObject(), Map.of());
        assertEquals("0.0.0.0", c.host());
        assertEquals(8080, c.port());
        assertEquals(List.of("demo"), c.apiKeys());
        assertEquals(Duration.ofSeconds(30), c.authTimeout());
        assertEquals(64 * 1024, c.maxFrameBytes());
        assertEquals(1024 * 1024, c.wsMaxMessageBytes());
        assertEquals(Duration.ofSeconds(5), c.demandInterval());
        assertEquals(Duration.ofSeconds(15), c.demandTtl());
    }

    @Test
    void shouldAddKeysFromEnvironment() {
        GatewayConfig c = GatewayConfig.fromJson(new JsonObject(),
                Map.of(GatewayConfig.API_KEYS_ENV, " k1, k2 ,,demo"));
        assertEquals(List.of("demo", "k1", "k2"), c.apiKeys());
    }

    @Test
    void shouldReplaceDefaultKeysWhenConfigured() {
        GatewayConfig c = GatewayConfig.fromJson(new JsonObject().put("apiKeys", new JsonArray().add("x")), Map.of());
        assertEquals(List.of("x"), c.apiKeys());
    }

    @Test
    void shouldParseMillisecondKeys() {
        GatewayConfig c = GatewayConfig.fromJson(new JsonObject().put("port", 0).put("authTimeoutMs", 250)
                .put("pingIntervalMs", 1000).put("maxSubscriptionsPerConnection", 3), Map.of());
        assertEquals(0, c.port());
        assertEquals(Duration.ofMillis(250), c.authTimeout());
        assertEquals(Duration.ofSeconds(1), c.pingInterval());
        assertEquals(3, c.maxSubscriptionsPerConnection());
    }

    @Test
    void shouldRejectInvalidValues() {
        assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.fromJson(new JsonObject().put("port", 70000), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.fromJson(new JsonObject().put("apiKeys", new JsonArray()), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.fromJson(new JsonObject().put("apiKeys", "demo"), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.fromJson(new JsonObject().put("authTimeoutMs", 0), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.fromJson(new JsonObject().put("demandTtlMs", 1000), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.fromJson(new JsonObject().put("maxFrameBytes", 2_000_000), Map.of()));
    }

    @Test
    void shouldMaskApiKeysInToString() {
        GatewayConfig c = GatewayConfig.fromJson(new JsonObject().put("apiKeys", new JsonArray().add("s3cret")),
                Map.of());
        assertFalse(c.toString().contains("s3cret"));
        assertTrue(c.toString().contains("masked"));
    }
}
