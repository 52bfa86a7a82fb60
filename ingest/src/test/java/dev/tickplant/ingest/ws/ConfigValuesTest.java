package dev.tickplant.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {
    @Test
    void shouldReadMillisAndStringsAndNameTheKeyOfABadValue() {
        JsonObject json = new JsonObject().put("pingIntervalMs", 250);
        assertEquals(Duration.ofMillis(250), ConfigValues.millis(json, "pingIntervalMs", Duration.ofSeconds(1)));
        assertEquals(Duration.ofSeconds(1), ConfigValues.millis(json, "pongTimeoutMs", Duration.ofSeconds(1)));
        assertEquals(List.of("BTCUSDT"), ConfigValues.strings("okx.alwaysOn", new JsonArray().add("BTCUSDT")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigValues.strings("okx.alwaysOn", new JsonArray().add(1)));
        assertTrue(e.getMessage().startsWith("okx.alwaysOn must be an array of strings"), e.getMessage());
    }

    @Test
    void shouldAcceptOnlyPositiveDurationsAndWebSocketUris() {
        ConfigValues.positive(Duration.ofMillis(1), "kraken.pingInterval");
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.positive(Duration.ZERO, "kraken.pingInterval"));
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.positive(null, "kraken.pingInterval"));
        ConfigValues.webSocketUri(URI.create("wss://ws.example.invalid/v2"), "kraken.wsUri");
        ConfigValues.webSocketUri(URI.create("ws://127.0.0.1:9000/v2"), "kraken.wsUri");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigValues.webSocketUri(URI.create("http://127.0.0.1:9000/v2"), "kraken.wsUri"));
        assertTrue(e.getMessage().startsWith("kraken.wsUri must be an absolute ws:// or wss:// URI"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.webSocketUri(URI.create("/v2"), "x.wsUri"));
    }
}
