package dev.tickplant.ingest.ws;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading and checking the values every feed and simulator config shares. Errors name the key as the operator wrote
 * it ({@code okx.reconnectMinMs}), so a bad config fails at boot with a message that says what to fix.
 */
public final class ConfigValues {
    private ConfigValues() {}

    /** {@code key} as milliseconds, or {@code fallback} when absent. */
    public static Duration millis(JsonObject json, String key, Duration fallback) {
        Long ms = json.getLong(key);
        return ms == null ? fallback : Duration.ofMillis(ms);
    }

    /** The strings of {@code array}; anything else in it is an error naming {@code key}. */
    public static List<String> strings(String key, JsonArray array) {
        List<String> out = new ArrayList<>();
        for (Object o : array) {
            if (!(o instanceof String)) {
                throw new IllegalArgumentException(key + " must be an array of strings, found " + o);
            }
            out.add((String) o);
        }
        return out;
    }

    /** A duration that must be present and above zero. */
    public static void positive(Duration d, String key) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive");
        }
    }

    /** An absolute {@code ws://} or {@code wss://} URI with a host. */
    public static void webSocketUri(URI uri, String key) {
        if (uri == null || uri.getHost() == null
                || !("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(key + " must be an absolute ws:// or wss:// URI: " + uri);
        }
    }
}
