package dev.tickplant.gateway;

/**
 * A token bucket of {@code ratePerSecond} tokens, refilled continuously at that rate: a client may send a burst of
 * that many messages, then that many per second. Fixed-point (one token = 10^9 units) so refills are exact.
 *
 * <p>Confined to the owning event loop; not thread-safe. Public for the gateway's endpoints in sub-packages.
 */
public final class TokenBucket {
    private static final long UNIT = 1_000_000_000L;
    private final long capacity;
    private final long ratePerSecond;
    private long tokens;
    private long lastNanos;

    /** A full bucket at {@code nowNanos} (monotonic). */
    public TokenBucket(int ratePerSecond, long nowNanos) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("ratePerSecond must be positive: " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.capacity = ratePerSecond * UNIT;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one at {@code nowNanos}. */
    public boolean tryTake(long nowNanos) {
        tokens = tokensAt(nowNanos);
        lastNanos = Math.max(lastNanos, nowNanos);
        if (tokens < UNIT) {
            return false;
        }
        tokens -= UNIT;
        return true;
    }

    /** Nanoseconds from {@code nowNanos} until a token is there, 0 when one is. */
    public long nanosUntilToken(long nowNanos) {
        long missing = UNIT - tokensAt(nowNanos);
        // The bucket gains ratePerSecond units per nanosecond; round up so the token is surely there by then.
        return missing <= 0 ? 0 : (missing + ratePerSecond - 1) / ratePerSecond;
    }

    /** True when the bucket has refilled completely by {@code nowNanos}, so a fresh one would behave the same. */
    public boolean fullAt(long nowNanos) {
        return tokensAt(nowNanos) >= capacity;
    }

    /** The token units at {@code nowNanos}, without taking any. */
    private long tokensAt(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastNanos);
        // elapsed (ns) * rate (tokens/s) = token units; capped before multiplying so it cannot overflow.
        long refill = Math.min(elapsed, UNIT) * ratePerSecond;
        return Math.min(capacity, tokens + refill);
    }
}
