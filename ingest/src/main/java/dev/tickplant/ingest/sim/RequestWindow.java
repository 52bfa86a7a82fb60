package dev.tickplant.ingest.sim;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One client's messages over the last second, for a venue's per-connection rate limit. Time is monotonic
 * milliseconds passed in by the caller. Confined to the simulator's event loop.
 */
public final class RequestWindow {
    private static final long WINDOW_MS = 1_000;

    private final Deque<Long> timesMs = new ArrayDeque<>();

    /** Records a message at {@code nowMs}; returns how many arrived within the last second, this one included. */
    public int record(long nowMs) {
        timesMs.addLast(nowMs);
        while (timesMs.peekFirst() <= nowMs - WINDOW_MS) {
            timesMs.pollFirst();
        }
        return timesMs.size();
    }
}
