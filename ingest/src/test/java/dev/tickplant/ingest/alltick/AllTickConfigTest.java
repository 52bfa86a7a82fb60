package dev.tickplant.ingest.alltick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.symbol.AssetClass;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllTickConfigTest {
    @Test
    void shouldApplyDefaults() {
        AllTickConfig c = AllTickConfig.fromJson(new JsonObject());
        assertEquals(AllTickConfig.DEFAULT_FEED_ID, c.feedId());
        assertEquals(EnumSet.of(AssetClass.FX, AssetClass.METAL, AssetClass.CRYPTO), c.assetClasses());
        assertEquals(Duration.ofSeconds(10), c.heartbeatInterval());
        assertEquals(Duration.ofMillis(1100), c.minRequestInterval());
        assertEquals(AllTickConfig.DEFAULT_DEPTH_LEVEL, c.depthLevel());
        assertTrue(c.subscribeTrades());
    }

    @Test
    void shouldDeriveAssetClassesFromTheStockEndpoint() {
        AllTickConfig c = AllTickConfig.fromJson(new JsonObject()
                .put("feedId", "alltick-stock")
                .put("wsUri", "ws://127.0.0.1:9100/quote-stock-b-ws-api")
                .put("token", "secret")
                .put("alwaysOn", new JsonArray().add("AAPL.US"))
                .put("staleAfterMs", 1500));
        assertEquals(EnumSet.of(AssetClass.US_STOCK, AssetClass.HK_STOCK), c.assetClasses());
        assertEquals(List.of("AAPL.US"), c.alwaysOn());
        assertEquals(Duration.ofMillis(1500), c.staleAfter());
        assertEquals("ws://127.0.0.1:9100/quote-stock-b-ws-api?token=secret", c.connectUri());
        assertFalse(c.toString().contains("secret"), "token is masked");
    }

    @Test
    void shouldFailFastOnInvalidValues() {
        assertThrows(IllegalArgumentException.class,
                () -> AllTickConfig.fromJson(new JsonObject().put("wsUri", "http://x/quote-b-ws-api")));
        assertThrows(IllegalArgumentException.class,
                () -> AllTickConfig.fromJson(new JsonObject().put("wsUri", "ws://x/quote-b-ws-api?token=a")));
        assertThrows(IllegalArgumentException.class,
                () -> AllTickConfig.fromJson(new JsonObject().put("depthLevel", 0)));
        assertThrows(IllegalArgumentException.class,
                () -> AllTickConfig.fromJson(new JsonObject().put("reconnectMinMs", 5000).put("reconnectMaxMs", 10)));
        assertThrows(IllegalArgumentException.class,
                () -> AllTickConfig.fromJson(new JsonObject().put("assetClasses", new JsonArray().add("bonds"))));
        assertThrows(IllegalArgumentException.class,
                () -> AllTickConfig.fromJson(new JsonObject().put("depthLevel", "five")));
        assertThrows(IllegalArgumentException.class,
                () -> AllTickConfig.fromJson(new JsonObject().put("heartbeatTimeoutMs", 5000)));
    }

    @Test
    void shouldParseSimulatorConfig() {
        AllTickSimulatorConfig c = AllTickSimulatorConfig.fromJson(new JsonObject().put("port", 9100)
                .put("token", "t").put("updatesPerSecond", 20).put("heartbeatTimeoutMs", 500));
        assertEquals(9100, c.port());
        assertEquals(20.0, c.updatesPerSecond());
        assertEquals(Duration.ofMillis(500), c.heartbeatTimeout());
        assertEquals(AllTickSimulatorConfig.DEFAULT_HOST, AllTickSimulatorConfig.defaults().host());
        assertThrows(IllegalArgumentException.class,
                () -> AllTickSimulatorConfig.fromJson(new JsonObject().put("tradeProbability", 2)));
    }
}
