package dev.tickplant.common.model;

import java.util.Map;
import java.util.Objects;

/**
 * One gateway instance's open client connections per API key id, so every instance can hold a key's {@code
 * maxConnections} across the cluster. Sent when the counts change and re-sent periodically while any connection is
 * open, so a lost message heals itself; receivers forget an instance whose announcements stop (it died) once {@code
 * ttlMillis} has passed, and at once when it announces an empty map (it stopped, or its last connection closed).
 *
 * @param nodeId id of the announcing gateway instance (unique per verticle instance in the cluster)
 * @param connections open connections per API key id; keys without a connection are absent
 * @param ttlMillis how long this announcement stays valid without being repeated
 */
public record KeyConnectionCounts(String nodeId, Map<String, Integer> connections, long ttlMillis) {
    public KeyConnectionCounts {
        Objects.requireNonNull(nodeId, "nodeId");
        connections = Map.copyOf(connections);
        for (Map.Entry<String, Integer> e : connections.entrySet()) {
            if (e.getValue() <= 0) {
                throw new IllegalArgumentException("connection count of " + e.getKey() + " must be positive: "
                        + e.getValue());
            }
        }
        if (ttlMillis <= 0) {
            throw new IllegalArgumentException("ttlMillis must be positive");
        }
    }
}
