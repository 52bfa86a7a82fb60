package dev.tickplant.ingest.okx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class OkxConfigTest {
    @Test
    void shouldTakeDefaultsForMissingKeys() {
        OkxConfig c = OkxConfig.fromJson(new JsonObject());
        assertEquals(URI.create(OkxConfig.DEFAULT_WS_URI), c.wsUri());
        assertEquals("bbo-tbt", c.quoteChannel());
        assertEquals("books", c.bookChannel());
        assertEquals(OkxConfig.DEFAULT_PING_AFTER, c.pingAfter());
    }

    @Test
    void shouldRefuseBadValues() {
        for (JsonObject bad : List.of(new JsonObject().put("wsUri", "http://x"),
                new JsonObject().put("quoteChannel", "candle1m"), new JsonObject().put("bookChannel", "books5"),
                new JsonObject().put("requestsPerSecond", 3), new JsonObject().put("pingAfterMs", 0))) {
            assertThrows(IllegalArgumentException.class, () -> OkxConfig.fromJson(bad), bad::encode);
        }
        assertEquals("tickers", OkxConfig.fromJson(new JsonObject().put("quoteChannel", "tickers")).quoteChannel());
    }
}
