package dev.tickplant.common.time;

import java.time.Instant;

/**
 * The two kinds of time the pipeline uses, kept apart: epoch time for timestamps that leave the process, and
 * {@link System#nanoTime()} for durations and timeouts. Passing one where the other is expected is the classic bug.
 */
public final class Clocks {
    private Clocks() {}

    /** Wall-clock epoch nanoseconds (microsecond precision on most JVMs). Never use it to measure durations. */
    public static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Epoch milliseconds to epoch nanoseconds. */
    public static long millisToNanos(long epochMillis) {
        return Math.multiplyExact(epochMillis, 1_000_000L);
    }

    /** Epoch nanoseconds to epoch milliseconds, rounding down. */
    public static long nanosToMillis(long epochNanos) {
        return Math.floorDiv(epochNanos, 1_000_000L);
    }
}
