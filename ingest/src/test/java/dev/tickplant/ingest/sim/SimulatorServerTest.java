package dev.tickplant.ingest.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SimulatorServerTest {
    @Test
    void shouldDeriveThePushPeriodFromTheUpdateRate() {
        assertEquals(50, SimulatorServer.periodMs(20));
        assertEquals(1, SimulatorServer.periodMs(5_000));
    }
}
