package dev.tickplant.ingest.ws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per-symbol data age while subscribed. A venue sometimes keeps the connection (and heartbeats) alive while one
 * symbol's stream silently stops; the fix is to re-subscribe that symbol on the live connection, not to reconnect
 * (seed 002, "silent dead links"). {@link #checkSilent()} reports each silent symbol once per silence, and the
 * clock restarts for it, so a symbol that stays silent is reported again only after another full threshold.
 *
 * <p>Not thread-safe; confined to the owning connector's event loop. The clock is monotonic milliseconds.
 */
public final class SymbolWatchdog {
    private final LongSupplier nowMs;
    private final long thresholdMs;
    private final Map<String, long[]> lastDataMs = new HashMap<>();
    private final Map<String, Boolean> silent = new HashMap<>();

    /**
     * @param nowMs monotonic clock in milliseconds
     * @param thresholdMs how long a subscribed symbol may go without data before it counts as silent
     */
    public SymbolWatchdog(LongSupplier nowMs, long thresholdMs) {
        if (thresholdMs <= 0) {
            throw new IllegalArgumentException("thresholdMs must be positive");
        }
        this.nowMs = nowMs;
        this.thresholdMs = thresholdMs;
    }

    /**
     * Sets the subscribed symbols. Newly watched ones start their clock now; ones no longer subscribed are
     * forgotten; the others keep their age.
     */
    public void watch(Collection<String> symbols) {
        long now = nowMs.getAsLong();
        lastDataMs.keySet().retainAll(symbols);
        silent.keySet().retainAll(symbols);
        for (String s : symbols) {
            lastDataMs.computeIfAbsent(s, k -> new long[] {now});
        }
    }

    /** Stops watching everything (the connection is down; age is meaningless until resubscribed). */
    public void clear() {
        lastDataMs.clear();
        silent.clear();
    }

    /** Restarts the clock of every watched symbol, e.g. after the whole list was re-sent. */
    public void restartAll() {
        long now = nowMs.getAsLong();
        lastDataMs.values().forEach(t -> t[0] = now);
    }

    /**
     * Records data for {@code symbol}.
     *
     * @return true when the symbol had been reported silent and now recovered
     */
    public boolean onData(String symbol) {
        long[] t = lastDataMs.get(symbol);
        if (t == null) {
            return false;
        }
        t[0] = nowMs.getAsLong();
        return silent.remove(symbol) != null;
    }

    /** Symbols silent for longer than the threshold since their last data or last report; restarts their clock. */
    public List<String> checkSilent() {
        long now = nowMs.getAsLong();
        List<String> result = new ArrayList<>();
        for (Map.Entry<String, long[]> e : lastDataMs.entrySet()) {
            if (now - e.getValue()[0] > thresholdMs) {
                result.add(e.getKey());
                e.getValue()[0] = now;
                silent.put(e.getKey(), Boolean.TRUE);
            }
        }
        result.sort(null);
        return result;
    }

    /** True when {@code symbol} is currently reported silent and has not recovered. */
    public boolean isSilent(String symbol) {
        return silent.containsKey(symbol);
    }
}
