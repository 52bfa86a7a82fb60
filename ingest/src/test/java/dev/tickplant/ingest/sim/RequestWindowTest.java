package dev.tickplant.ingest.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RequestWindowTest {
    private final RequestWindow window = new RequestWindow();

    @Test
    void shouldCountMessagesWithinTheLastSecond() {
        assertEquals(1, window.record(10_000));
        assertEquals(2, window.record(10_500));
        assertEquals(3, window.record(10_999));
    }

    @Test
    void shouldForgetAMessageExactlyOneSecondOld() {
        window.record(10_000);
        window.record(10_400);
        assertEquals(2, window.record(11_000));
        assertEquals(1, window.record(12_000));
    }
}
