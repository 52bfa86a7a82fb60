package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import dev.tickplant.common.symbol.AssetClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void shouldLoadKeysFileWithoutDefaultDemoKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.json");
        JsonObject entry = KeyHasher.entry("fx-desk", "s3cret",
                new Entitlements(Set.of(AssetClass.FX), Set.of(), 2, 5, 3));
        Files.writeString(file, new JsonObject().put("keys", new JsonArray().add(entry)).encodePrettily());
        GatewayConfig c = GatewayConfig.fromJson(new JsonObject().put("apiKeysFile", file.toString()), Map.of());
        assertEquals(List.of(), c.apiKeys());
        assertEquals(List.of("fx-desk"), c.hashedApiKeys().stream().map(HashedKey::id).toList());
        ApiKeys keys = new ApiKeys(c.apiKeys(), c.apiKeyDefaults(), c.hashedApiKeys());
        assertEquals("fx-desk", keys.authenticate("s3cret").id());
        assertFalse(keys.isValid("demo"));
        assertFalse(c.toString().contains(entry.getString("sha256")));
        assertFalse(c.toString().contains(entry.getString("salt")));

        GatewayConfig withEnv = GatewayConfig.fromJson(new JsonObject().put("apiKeysFile", file.toString())
                .put("apiKeyDefaults", new JsonObject().put("maxConnections", 1)), Map.of(GatewayConfig.API_KEYS_ENV,
                "envkey"));
        assertEquals(List.of("envkey"), withEnv.apiKeys());
        assertEquals(1, withEnv.apiKeyDefaults().maxConnections());
    }

    @Test
    void shouldRejectBadKeysFiles(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.json");
        assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.fromJson(new JsonObject().put("apiKeysFile", missing.toString()), Map.of()));
        Path dup = dir.resolve("dup.json");
        Files.writeString(dup, new JsonObject().put("keys", new JsonArray().add(KeyHasher.entry("a", "x"))
                .add(KeyHasher.entry("a", "y"))).encode());
        assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.fromJson(new JsonObject().put("apiKeysFile", dup.toString()), Map.of()));
        Path badHash = dir.resolve("bad.json");
        Files.writeString(badHash, new JsonObject().put("keys", new JsonArray().add(
                KeyHasher.entry("a", "x").put("sha256", "abcd")))
                .encode());
        assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.fromJson(new JsonObject().put("apiKeysFile", badHash.toString()), Map.of()));
    }

    @Test
    void shouldMaskApiKeysInToString() {
        GatewayConfig c = GatewayConfig.fromJson(new JsonObject().put("apiKeys", new JsonArray().add("s3cret")),
                Map.of());
        assertFalse(c.toString().contains("s3cret"));
        assertTrue(c.toString().contains("masked"));
    }
}
