package dev.tickplant.gateway;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A monotonic clock (nanoseconds, like {@link System#nanoTime()}) that moves only when the test says, for the
 * gateway's injected {@code nanoClock}: token buckets refill and heartbeats expire because the test advanced the
 * clock, not because the machine was fast or slow.
 *
 * <p>It also tells the test when the code under test has looked at the time since the last {@link #advance}: a
 * periodic check that reads the clock has then seen the new time. Thread-safe: the event loop reads it, the JUnit
 * thread moves it.
 */
public final class ManualClock implements LongSupplier {
    private long now = 1_000_000_000_000L;
    private int readsSinceAdvance;

    @Override
    public synchronized long getAsLong() {
        readsSinceAdvance++;
        notifyAll();
        return now;
    }

    /** Moves the clock forward by {@code d}. */
    public synchronized void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a monotonic clock does not go back: " + d);
        }
        now += d.toNanos();
        readsSinceAdvance = 0;
    }

    /**
     * Waits until the clock has been read {@code reads} times since the last {@link #advance}, at most
     * {@code timeout}; fails otherwise.
     */
    public synchronized void awaitReads(int reads, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (readsSinceAdvance < reads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("clock read " + readsSinceAdvance + " of " + reads + " times within "
                        + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
