package dev.tickplant.ingest.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A counter per instrument code, such as how often a book channel was subscribed. Incremented on the simulator's
 * event loop and read by tests from any thread, hence the concurrent map.
 */
public final class CountsByCode {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** Adds one to the count of {@code code}. */
    public void increment(String code) {
        counts.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
    }

    /** The count of {@code code}, 0 if never incremented. */
    public int get(String code) {
        AtomicInteger n = counts.get(code);
        return n == null ? 0 : n.get();
    }
}
