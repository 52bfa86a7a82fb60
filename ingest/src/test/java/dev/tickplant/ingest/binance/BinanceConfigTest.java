package dev.tickplant.ingest.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinanceConfigTest {
    @Test
    void shouldTakeDefaultsForMissingKeys() {
        BinanceConfig c = BinanceConfig.fromJson(new JsonObject());
        assertEquals(URI.create(BinanceConfig.DEFAULT_WS_URI), c.wsUri());
        assertEquals(URI.create(BinanceConfig.DEFAULT_REST_URI), c.restUri());
        assertEquals("trade", c.tradeStream());
        assertEquals(100, c.depthSpeedMs());
        assertEquals(1024, c.maxStreamsPerConnection());
        assertEquals(3, c.maxMessagesPerSecond());
        assertEquals(List.of(), c.alwaysOn());
    }

    @Test
    void shouldReadLoopbackEndpointsAndOverrides() {
        BinanceConfig c = BinanceConfig.fromJson(new JsonObject().put("wsUri", "ws://127.0.0.1:9101/stream")
                .put("restUri", "http://127.0.0.1:9101").put("alwaysOn", new JsonArray().add("BTCUSDT"))
                .put("tradeStream", "aggTrade").put("depthSpeedMs", 1000).put("heartbeatTimeoutMs", 5000));
        assertEquals("ws", c.wsUri().getScheme());
        assertEquals("aggTrade", c.tradeStream());
        assertEquals(Duration.ofSeconds(5), c.heartbeatTimeout());
        assertEquals(List.of("BTCUSDT"), c.alwaysOn());
    }

    @Test
    void shouldRefuseValuesTheVenueWouldNot() {
        for (JsonObject bad : List.of(new JsonObject().put("wsUri", "http://x/stream"),
                new JsonObject().put("restUri", "ws://x"), new JsonObject().put("tradeStream", "kline"),
                new JsonObject().put("depthSpeedMs", 250), new JsonObject().put("maxMessagesPerSecond", 5),
                new JsonObject().put("maxStreamsPerConnection", 2000), new JsonObject().put("snapshotLimit", 0),
                new JsonObject().put("depthSpeedMs", "fast"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BinanceConfig.fromJson(bad), bad::encode);
            assertTrue(e.getMessage().contains("binance"), e.getMessage());
        }
    }
}
