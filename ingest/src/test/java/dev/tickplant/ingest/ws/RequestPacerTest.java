package dev.tickplant.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RequestPacerTest {
    @Test
    void shouldSpaceRequestsByTheMinimumInterval() {
        RequestPacer pacer = new RequestPacer(1_000);
        assertEquals(0, pacer.waitMs(5_000));
        pacer.sent(5_000);
        assertEquals(1_000, pacer.waitMs(5_000));
        assertEquals(300, pacer.waitMs(5_700));
        assertEquals(0, pacer.waitMs(6_000));
        pacer.reset();
        assertEquals(0, pacer.waitMs(5_001));
    }
}
