package dev.tickplant.ingest.ws;

/**
 * Rate limit for control messages on one venue connection: up to {@code capacity} messages in a burst, refilled at
 * {@code refillPerSecond}. Venues cap what a client may send (Binance: 5 incoming messages per second per
 * connection) and disconnect or ban clients that exceed it, so every subscribe, unsubscribe and ping goes through
 * one bucket per connection.
 *
 * <p>Not thread-safe; confined to the owning connector's event loop. Times are monotonic milliseconds.
 */
public final class TokenBucket {
    private final double capacity;
    private final double refillPerMs;
    private double tokens;
    private long lastRefillMs = Long.MIN_VALUE;

    /**
     * @param capacity largest burst, at least 1
     * @param refillPerSecond sustained rate, above 0
     */
    public TokenBucket(int capacity, double refillPerSecond) {
        if (capacity < 1 || !(refillPerSecond > 0)) {
            throw new IllegalArgumentException("capacity must be >= 1 and refillPerSecond > 0");
        }
        this.capacity = capacity;
        this.refillPerMs = refillPerSecond / 1000.0;
        this.tokens = capacity;
    }

    /** Takes one token if there is one; false means the message must wait ({@link #waitMs}). */
    public boolean tryTake(long nowMs) {
        refill(nowMs);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Milliseconds until a token is available; 0 when one is available now. */
    public long waitMs(long nowMs) {
        refill(nowMs);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / refillPerMs);
    }

    /** A new connection starts with a full bucket. */
    public void reset() {
        tokens = capacity;
        lastRefillMs = Long.MIN_VALUE;
    }

    private void refill(long nowMs) {
        if (lastRefillMs != Long.MIN_VALUE && nowMs > lastRefillMs) {
            tokens = Math.min(capacity, tokens + (nowMs - lastRefillMs) * refillPerMs);
        }
        lastRefillMs = nowMs;
    }
}
