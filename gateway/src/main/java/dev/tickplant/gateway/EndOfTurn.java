package dev.tickplant.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work one gateway verticle defers to the end of the current event-loop turn, in this order: fan-outs of market
 * data accepted during the turn, then batched sessions' frames, then one socket flush per session written to.
 *
 * <p>Why: a flush is a {@code write(2)} system call, and flushing each frame of each session costs more than the rest
 * of the fan-out together. Writing during the turn and flushing once at its end coalesces every frame a session got
 * in that turn into one call, at no cost in latency when the loop is idle (the task runs as soon as the current one
 * ends). When the loop is busy, the deferred task runs after the work already queued, so more is coalesced exactly
 * when it matters; and the feeds' newest-state conflation ({@link FeedHub}) happens before their fan-out.
 *
 * <p>Batched sessions' frames are written at the end of the turn, or after {@code batchLinger} when that is set, to
 * trade latency for fuller frames. Confined to the verticle's event loop.
 */
public final class EndOfTurn {
    private static final Logger LOG = LoggerFactory.getLogger(EndOfTurn.class);
    private final Vertx vertx;
    private final Context context;
    private final long lingerMs;
    private final List<Runnable> fanOuts = new ArrayList<>();
    private final List<SessionWriter> batches = new ArrayList<>();
    private final List<SessionWriter> lingering = new ArrayList<>();
    private final List<SessionWriter> flushes = new ArrayList<>();
    private boolean scheduled;
    private long lingerTimer = -1;

    /**
     * @param context the verticle's context, whose event loop runs every session using this
     * @param batchLinger how long a batched session's frame may wait for more messages; zero for the end of the turn
     */
    public EndOfTurn(Vertx vertx, Context context, Duration batchLinger) {
        this.vertx = vertx;
        this.context = context;
        this.lingerMs = batchLinger.toMillis();
    }

    /** Runs {@code fanOut} at the end of this turn, before any batch or flush. */
    void fanOut(Runnable fanOut) {
        fanOuts.add(fanOut);
        schedule();
    }

    /** {@code writer}'s batch is written at the end of this turn (or after the linger). Call once per batch. */
    void batch(SessionWriter writer) {
        if (lingerMs > 0) {
            lingering.add(writer);
            if (lingerTimer < 0) {
                lingerTimer = vertx.setTimer(lingerMs, id -> {
                    lingerTimer = -1;
                    List<SessionWriter> due = new ArrayList<>(lingering);
                    lingering.clear();
                    due.forEach(SessionWriter::writeBatch);
                    due.forEach(SessionWriter::flush);
                });
            }
            return;
        }
        batches.add(writer);
        schedule();
    }

    /** {@code writer}'s socket is flushed at the end of this turn. Call once until {@link SessionWriter#flush()}. */
    void flush(SessionWriter writer) {
        flushes.add(writer);
        schedule();
    }

    private void schedule() {
        if (!scheduled) {
            scheduled = true;
            context.runOnContext(v -> run());
        }
    }

    private void run() {
        scheduled = false;
        // A fan-out adds batches and flushes, a batch adds a flush: drain in that order until nothing is left.
        while (!fanOuts.isEmpty() || !batches.isEmpty() || !flushes.isEmpty()) {
            drain(fanOuts, Runnable::run);
            drain(batches, SessionWriter::writeBatch);
            drain(flushes, SessionWriter::flush);
        }
    }

    private static <T> void drain(List<T> items, Consumer<T> action) {
        // Index loop: items appended meanwhile are run in the same pass.
        for (int i = 0; i < items.size(); i++) {
            try {
                action.accept(items.get(i));
            } catch (RuntimeException err) {
                // One broken session or feed must not cost the others their writes.
                LOG.warn("deferred write failed", err);
            }
        }
        items.clear();
    }
}
