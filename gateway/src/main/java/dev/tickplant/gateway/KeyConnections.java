package dev.tickplant.gateway;

import java.util.HashMap;
import java.util.Map;

/**
 * Open connections per API key id on one gateway verticle instance, for {@link Entitlements#maxConnections()}.
 *
 * <p>Confined to the verticle's event loop; not thread-safe.
 */
final class KeyConnections {
    private final Map<String, Integer> open = new HashMap<>();

    /** Counts a connection of {@code key} unless it is at its limit; false (and nothing counted) when it is. */
    boolean tryAcquire(ApiKey key) {
        int max = key.entitlements().maxConnections();
        int now = count(key.id());
        if (max > 0 && now >= max) {
            return false;
        }
        open.put(key.id(), now + 1);
        return true;
    }

    /** True when {@code key} could open one more connection. */
    boolean hasRoom(ApiKey key) {
        int max = key.entitlements().maxConnections();
        return max <= 0 || count(key.id()) < max;
    }

    /** Forgets one connection of {@code key}. */
    void release(ApiKey key) {
        open.computeIfPresent(key.id(), (id, n) -> n <= 1 ? null : n - 1);
    }

    int count(String keyId) {
        return open.getOrDefault(keyId, 0);
    }
}
