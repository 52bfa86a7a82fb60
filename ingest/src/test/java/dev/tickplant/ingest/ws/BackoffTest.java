package dev.tickplant.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static Backoff backoff(double jitter) {
        return new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000), Duration.ofSeconds(5), () -> jitter);
    }

    @Test
    void shouldDoubleUpToTheCap() {
        Backoff b = backoff(0.999_999);
        assertEquals(100, b.nextDelayMs());
        assertEquals(200, b.nextDelayMs());
        assertEquals(400, b.nextDelayMs());
        assertEquals(800, b.nextDelayMs());
        assertEquals(1_000, b.nextDelayMs());
        assertEquals(1_000, b.nextDelayMs());
        for (int i = 0; i < 100; i++) {
            assertEquals(1_000, b.nextDelayMs(), "no overflow after many attempts");
        }
    }

    @Test
    void shouldKeepJitterBetweenHalfAndFullDelay() {
        Random random = new Random(1);
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(5),
                random::nextDouble);
        long base = 100;
        for (int i = 0; i < 20; i++) {
            long d = b.nextDelayMs();
            assertTrue(d >= base / 2 && d <= base, "delay " + d + " outside [" + base / 2 + ", " + base + "]");
            base = Math.min(10_000, base * 2);
        }
        assertEquals(50, backoff(0.0).nextDelayMs(), "lowest jitter is half the delay");
    }

    @Test
    void shouldResetOnlyAfterAHealthyConnection() {
        Backoff b = backoff(0.999_999);
        b.nextDelayMs();
        b.nextDelayMs();
        b.onConnected(1_000);
        b.onDisconnected(2_000); // dropped after 1 s: not healthy
        assertEquals(400, b.nextDelayMs());
        b.onConnected(10_000);
        b.onDisconnected(15_000); // up for the full 5 s
        assertEquals(0, b.attempts());
        assertEquals(100, b.nextDelayMs());
    }

    @Test
    void shouldRejectMaxBelowMin() {
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1), () -> 0));
    }
}
