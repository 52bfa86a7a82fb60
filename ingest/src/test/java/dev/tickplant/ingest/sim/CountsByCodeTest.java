package dev.tickplant.ingest.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CountsByCodeTest {
    @Test
    void shouldCountPerCode() {
        CountsByCode counts = new CountsByCode();
        counts.increment("BTCUSDT");
        counts.increment("BTCUSDT");
        assertEquals(2, counts.get("BTCUSDT"));
        assertEquals(0, counts.get("ETHUSDT"));
    }
}
