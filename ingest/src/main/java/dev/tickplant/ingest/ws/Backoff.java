package dev.tickplant.ingest.ws;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential reconnect backoff with jitter: attempt n waits between half and all of {@code min * 2^n},
 * capped at {@code max}. The "equal jitter" variant keeps a floor, so a fleet of connectors that lost the venue at
 * the same moment does not come back in lock-step yet never hammers it with zero delays.
 *
 * <p>The attempt counter resets only after a connection stayed up for {@code healthyAfter}: a venue that accepts
 * the handshake and drops us at once must not be reconnected to at the minimum delay forever.
 *
 * <p>Not thread-safe; confined to the owning connector's event loop. Times are monotonic milliseconds.
 */
public final class Backoff {
    private final long minMs;
    private final long maxMs;
    private final long healthyAfterMs;
    private final DoubleSupplier random;
    private int attempts;
    private long connectedAtMs = -1;

    /**
     * @param min first delay (before jitter)
     * @param max cap of the delay
     * @param healthyAfter how long a connection must stay up before the attempt counter resets
     * @param random uniform values in [0, 1), injected so tests are deterministic
     */
    public Backoff(Duration min, Duration max, Duration healthyAfter, DoubleSupplier random) {
        this.minMs = Math.max(1, min.toMillis());
        this.maxMs = max.toMillis();
        this.healthyAfterMs = healthyAfter.toMillis();
        this.random = random;
        if (maxMs < minMs) {
            throw new IllegalArgumentException("backoff max " + max + " < min " + min);
        }
    }

    /** Delay before the next connection attempt, in milliseconds; counts the attempt. */
    public long nextDelayMs() {
        long base = maxMs;
        if (attempts < 62) {
            long exp = minMs << Math.min(attempts, 30);
            base = exp <= 0 ? maxMs : Math.min(maxMs, exp);
        }
        attempts++;
        long half = base / 2;
        return half + (long) (random.getAsDouble() * (base - half + 1));
    }

    /** Records a successful connection at {@code nowMs}. */
    public void onConnected(long nowMs) {
        connectedAtMs = nowMs;
    }

    /** Records the loss of the connection at {@code nowMs}; resets the counter when it had been healthy. */
    public void onDisconnected(long nowMs) {
        if (connectedAtMs >= 0 && nowMs - connectedAtMs >= healthyAfterMs) {
            attempts = 0;
        }
        connectedAtMs = -1;
    }

    /** Forgets all failed attempts. */
    public void reset() {
        attempts = 0;
    }

    /** Attempts counted since the last reset. */
    public int attempts() {
        return attempts;
    }
}
