package dev.tickplant.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void shouldAllowABurstThenTheSustainedRate() {
        TokenBucket bucket = new TokenBucket(5, 5);
        for (int i = 0; i < 5; i++) {
            assertTrue(bucket.tryTake(1_000));
        }
        assertFalse(bucket.tryTake(1_000));
        assertEquals(200, bucket.waitMs(1_000));
        assertFalse(bucket.tryTake(1_199));
        assertTrue(bucket.tryTake(1_200));
        assertFalse(bucket.tryTake(1_200));
    }

    @Test
    void shouldNeverHoldMoreThanCapacity() {
        TokenBucket bucket = new TokenBucket(2, 10);
        bucket.tryTake(0);
        for (int i = 0; i < 2; i++) {
            assertTrue(bucket.tryTake(60_000));
        }
        assertFalse(bucket.tryTake(60_000));
    }

    @Test
    void shouldStartFullAgainAfterReset() {
        TokenBucket bucket = new TokenBucket(1, 1);
        assertTrue(bucket.tryTake(0));
        assertFalse(bucket.tryTake(0));
        bucket.reset();
        assertTrue(bucket.tryTake(0));
    }
}
