package dev.tickplant.ingest.ws;

import dev.tickplant.common.model.Demand;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The latest {@link Demand} of every gateway node, each valid for its own ttl. Gateways re-announce periodically,
 * so a node that died simply stops being renewed and its symbols drop out of {@link #union()} (docs/ARCHITECTURE.md,
 * section 2: a gateway that dies stops renewing, and its demand expires).
 *
 * <p>Not thread-safe; confined to the owning connector's event loop. The clock is monotonic milliseconds.
 */
public final class DemandTracker {
    private record Entry(Set<String> symbols, long expiresAtMs) {}

    private final LongSupplier nowMs;
    private final Map<String, Entry> byNode = new HashMap<>();
    /** The union as last reported, so that a change by expiry alone is noticed. */
    private Set<String> reported = Set.of();

    public DemandTracker(LongSupplier nowMs) {
        this.nowMs = nowMs;
    }

    /**
     * Replaces the node's demand with {@code demand}.
     *
     * @return true when the union of wanted symbols changed
     */
    public boolean update(Demand demand) {
        byNode.put(demand.nodeId(), new Entry(demand.symbols(), nowMs.getAsLong() + demand.ttlMillis()));
        return changed();
    }

    /**
     * Drops nodes whose announcement has expired.
     *
     * @return true when the union of wanted symbols changed
     */
    public boolean expire() {
        long now = nowMs.getAsLong();
        for (Iterator<Entry> it = byNode.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAtMs() <= now) {
                it.remove();
            }
        }
        return changed();
    }

    private boolean changed() {
        Set<String> now = union();
        if (now.equals(reported)) {
            return false;
        }
        reported = Set.copyOf(now);
        return true;
    }

    /** Union of the symbol keys every live node wants (canonical, possibly {@code @venue}-qualified), sorted. */
    public Set<String> union() {
        Set<String> all = new TreeSet<>();
        long now = nowMs.getAsLong();
        for (Entry e : byNode.values()) {
            if (e.expiresAtMs() > now) {
                all.addAll(e.symbols());
            }
        }
        return all;
    }

    /** Number of nodes with an unexpired demand. */
    public int nodes() {
        long now = nowMs.getAsLong();
        return (int) byNode.values().stream().filter(e -> e.expiresAtMs() > now).count();
    }
}
