package dev.tickplant.gateway;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the waiting batches of every batched client of one gateway verticle at most one linger after the first
 * message of a batch: one timer for all of them, not one per client (a thousand clients at a 5 ms linger would
 * otherwise set 200,000 timers a second). Confined to the verticle's event loop.
 */
final class BatchFlusher {
    private final Vertx vertx;
    private final long lingerMs;
    private final Set<ClientSession> waiting = new LinkedHashSet<>();
    private long timer = -1;

    BatchFlusher(Vertx vertx, Duration linger) {
        this.vertx = vertx;
        this.lingerMs = Math.max(1, linger.toMillis());
    }

    /** {@code session} has a batch waiting; it is written within one linger. */
    void schedule(ClientSession session) {
        if (waiting.add(session) && timer < 0) {
            timer = vertx.setTimer(lingerMs, id -> flushAll());
        }
    }

    private void flushAll() {
        timer = -1;
        List<ClientSession> due = new ArrayList<>(waiting);
        waiting.clear();
        for (ClientSession s : due) {
            s.flushBatch();
        }
    }
}
