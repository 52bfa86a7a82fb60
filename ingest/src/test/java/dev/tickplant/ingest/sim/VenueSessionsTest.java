package dev.tickplant.ingest.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VenueSessionsTest {
    private final VenueSessions<SimulatorSession> sessions = new VenueSessions<>();

    @Test
    void shouldHandOutIncreasingConnectionIds() {
        assertEquals(1, sessions.nextId());
        assertEquals(2, sessions.nextId());
    }

    @Test
    void shouldCountARefusedConnectionAsAcceptedButNeverOpen() {
        sessions.countRefused();
        assertEquals(1, sessions.accepted());
        assertEquals(0, sessions.open());
        assertTrue(sessions.all().isEmpty());
    }
}
