package dev.tickplant.gateway;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The {@link Entitlements#maxMessagesPerSecond()} of API keys for requests without a connection to hold a bucket
 * (REST): one {@link TokenBucket} per key on this gateway instance, shared by all of that key's requests, apart from
 * the buckets of its WebSocket connections. Buckets that have refilled completely are dropped now and then (a fresh
 * one behaves the same), so keys that stop calling cost nothing.
 *
 * <p>Confined to the gateway verticle's event loop; not thread-safe.
 */
public final class KeyRateLimits {
    /** How often idle buckets are looked for, at most. */
    private static final long SWEEP_INTERVAL_NANOS = 10_000_000_000L;

    private final Map<String, TokenBucket> buckets = new HashMap<>();
    private final LongSupplier nanoClock;
    private long lastSweepNanos;

    /** @param nanoClock monotonic clock (like {@link System#nanoTime()}) */
    public KeyRateLimits(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.lastSweepNanos = nanoClock.getAsLong();
    }

    /**
     * Takes one request of {@code key}'s rate.
     *
     * @return 0 when the request may proceed, else the nanoseconds until the key may make the next one
     */
    public long tryAcquire(ApiKey key) {
        int rate = key.entitlements().maxMessagesPerSecond();
        if (rate <= 0) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        if (now - lastSweepNanos > SWEEP_INTERVAL_NANOS) {
            lastSweepNanos = now;
            buckets.values().removeIf(b -> b.fullAt(now));
        }
        TokenBucket bucket = buckets.computeIfAbsent(key.id(), id -> new TokenBucket(rate, now));
        if (bucket.tryTake(now)) {
            return 0;
        }
        return Math.max(1, bucket.nanosUntilToken(now));
    }

    /** Buckets held (keys that called recently), for tests. */
    int size() {
        return buckets.size();
    }
}
