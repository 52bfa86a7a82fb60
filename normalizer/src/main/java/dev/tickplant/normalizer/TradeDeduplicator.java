package dev.tickplant.normalizer;

import java.util.HashSet;
import java.util.Set;

/**
 * Remembers the last {@code capacity} trade ids of one symbol and venue, so a trade that arrives twice (a hot
 * standby connector, a reconnect overlap where the venue re-sends recent trades) is published once. Bounded: the
 * oldest id is forgotten first. Confined to one thread.
 */
final class TradeDeduplicator {
    private final String[] ring;
    private final Set<String> seen;
    private int next;

    TradeDeduplicator(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.ring = new String[capacity];
        this.seen = new HashSet<>(capacity * 2);
    }

    /** True the first time an id is seen within the window; false for a duplicate. */
    boolean firstSighting(String tradeId) {
        if (!seen.add(tradeId)) {
            return false;
        }
        String evicted = ring[next];
        if (evicted != null) {
            seen.remove(evicted);
        }
        ring[next] = tradeId;
        next = (next + 1) % ring.length;
        return true;
    }
}
