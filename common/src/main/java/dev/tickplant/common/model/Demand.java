package dev.tickplant.common.model;

import java.util.Objects;
import java.util.Set;

/**
 * A gateway node's full set of wanted canonical symbols. Sent whenever it changes and re-sent periodically, so a
 * lost message heals itself; ingest forgets a node whose announcements stop.
 *
 * @param nodeId id of the announcing gateway node
 * @param symbols canonical symbols, optionally venue-qualified ({@code BTCUSDT@binance})
 * @param ttlMillis how long this announcement stays valid without being repeated
 */
public record Demand(String nodeId, Set<String> symbols, long ttlMillis) {
    public Demand {
        Objects.requireNonNull(nodeId, "nodeId");
        symbols = Set.copyOf(symbols);
        if (ttlMillis <= 0) {
            throw new IllegalArgumentException("ttlMillis must be positive");
        }
    }
}
