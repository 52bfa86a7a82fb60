package dev.tickplant.ingest.ws;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Spaces a feed's book resyncs: per symbol, at most one per minimum interval, since a resync costs the venue a
 * snapshot and a flapping book must not turn into a request storm. A request while one is already scheduled for the
 * symbol joins it.
 *
 * <p>Confined to the owning connector's event loop.
 */
public final class ResyncTimers {
    private final Vertx vertx;
    private final LongSupplier monotonicMs;
    private final long minIntervalMs;
    private final Map<String, Long> lastResyncMs = new HashMap<>();
    private final Map<String, Long> timers = new HashMap<>();

    public ResyncTimers(Vertx vertx, LongSupplier monotonicMs, Duration minInterval) {
        this.vertx = vertx;
        this.monotonicMs = monotonicMs;
        this.minIntervalMs = minInterval.toMillis();
    }

    /**
     * Runs {@code resync} for {@code code} on a timer, as soon as the interval since its last resync allows.
     *
     * @param resync does the resync and says whether it went ahead (false when the symbol is no longer subscribed or
     *     the connection is down); only a resync that went ahead starts a new interval
     */
    public void schedule(String code, BooleanSupplier resync) {
        if (timers.containsKey(code)) {
            return;
        }
        long last = lastResyncMs.getOrDefault(code, Long.MIN_VALUE / 2);
        long delay = Math.max(1, last + minIntervalMs - monotonicMs.getAsLong());
        timers.put(code, vertx.setTimer(delay, id -> {
            timers.remove(code);
            long now = monotonicMs.getAsLong();
            if (resync.getAsBoolean()) {
                lastResyncMs.put(code, now);
            }
        }));
    }

    /** Cancels every scheduled resync (the connection is gone, or the feed stops); intervals are kept. */
    public void cancelAll() {
        timers.values().forEach(vertx::cancelTimer);
        timers.clear();
    }
}
