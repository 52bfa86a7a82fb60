package dev.tickplant.gateway;

/**
 * A token bucket of {@code ratePerSecond} tokens, refilled continuously at that rate: a client may send a burst of
 * that many messages, then that many per second. Fixed-point (one token = 10^9 units) so refills are exact.
 *
 * <p>Confined to the owning event loop; not thread-safe.
 */
final class TokenBucket {
    private static final long UNIT = 1_000_000_000L;
    private final long capacity;
    private final long ratePerSecond;
    private long tokens;
    private long lastNanos;

    /** A full bucket at {@code nowNanos} (monotonic). */
    TokenBucket(int ratePerSecond, long nowNanos) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("ratePerSecond must be positive: " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.capacity = ratePerSecond * UNIT;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one at {@code nowNanos}. */
    boolean tryTake(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastNanos);
        lastNanos = nowNanos;
        // elapsed (ns) * rate (tokens/s) = token units; capped before multiplying so it cannot overflow.
        long refill = Math.min(elapsed, UNIT) * ratePerSecond;
        tokens = Math.min(capacity, tokens + refill);
        if (tokens < UNIT) {
            return false;
        }
        tokens -= UNIT;
        return true;
    }
}
