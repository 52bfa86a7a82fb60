package dev.tickplant.ingest.ws;

/**
 * Spaces requests on one connection at least {@code minIntervalMs} apart (AllTick allows one subscription request
 * per second per connection and answers faster ones with 429).
 *
 * <p>Not thread-safe; confined to the owning connector's event loop. Times are monotonic milliseconds.
 */
public final class RequestPacer {
    private final long minIntervalMs;
    private long lastSentMs = Long.MIN_VALUE;

    public RequestPacer(long minIntervalMs) {
        if (minIntervalMs < 0) {
            throw new IllegalArgumentException("minIntervalMs must not be negative");
        }
        this.minIntervalMs = minIntervalMs;
    }

    /** Milliseconds to wait before the next request may go out; 0 when it may go now. */
    public long waitMs(long nowMs) {
        if (lastSentMs == Long.MIN_VALUE) {
            return 0;
        }
        return Math.max(0, lastSentMs + minIntervalMs - nowMs);
    }

    /** Records a request written at {@code nowMs}. */
    public void sent(long nowMs) {
        lastSentMs = nowMs;
    }

    /** A new connection starts with a clean slate. */
    public void reset() {
        lastSentMs = Long.MIN_VALUE;
    }
}
