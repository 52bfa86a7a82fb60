package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyConnectionsTest {
    private static final ApiKey PAIR = new ApiKey("pair", new Entitlements(Set.of(), Set.of(), 2, 0, 0));
    private static final ApiKey FREE = new ApiKey("free", Entitlements.UNRESTRICTED);

    private long nowNanos = 1_000;
    private int changes;
    private final KeyConnections connections = new KeyConnections(() -> nowNanos, () -> changes++);

    @Test
    void shouldCountPeersAgainstTheLimit() {
        connections.onPeerCounts("gw-b", Map.of("pair", 1), 1_000);
        assertTrue(connections.tryAcquire(PAIR));
        assertEquals(2, connections.count("pair"));
        assertFalse(connections.hasRoom(PAIR));
        assertFalse(connections.tryAcquire(PAIR));
        assertEquals(Map.of("pair", 1), connections.localCounts());
        assertEquals(1, changes, "only the admitted connection changes the local counts");
    }

    @Test
    void shouldFreeSlotsWhenPeerAnnouncesFewerOrNone() {
        connections.onPeerCounts("gw-b", Map.of("pair", 2), 1_000);
        assertFalse(connections.hasRoom(PAIR));
        connections.onPeerCounts("gw-b", Map.of("pair", 1), 1_000);
        assertTrue(connections.tryAcquire(PAIR));
        connections.onPeerCounts("gw-b", Map.of(), 1_000);
        assertEquals(1, connections.count("pair"));
        assertEquals(0, connections.peerCount());
    }

    @Test
    void shouldForgetPeerWhoseAnnouncementExpired() {
        connections.onPeerCounts("gw-dead", Map.of("pair", 2), 1_000);
        nowNanos += 999_000_000L;
        assertFalse(connections.hasRoom(PAIR));
        nowNanos += 1_000_000L;
        assertTrue(connections.hasRoom(PAIR), "an expired announcement no longer holds slots");
        assertEquals(1, connections.peerCount());
        connections.expirePeers();
        assertEquals(0, connections.peerCount());
    }

    @Test
    void shouldReleaseLocalConnectionsAndReportEachChange() {
        assertTrue(connections.tryAcquire(PAIR));
        assertTrue(connections.tryAcquire(FREE));
        assertTrue(connections.tryAcquire(FREE));
        assertEquals(Map.of("pair", 1, "free", 2), connections.localCounts());
        connections.release(PAIR);
        connections.release(PAIR); // nothing left to release: no change reported
        connections.release(FREE);
        assertEquals(Map.of("free", 1), connections.localCounts());
        assertEquals(5, changes);
    }

    @Test
    void shouldNeverLimitKeyWithoutMaxConnections() {
        connections.onPeerCounts("gw-b", Map.of("free", 1_000), 1_000);
        assertTrue(connections.tryAcquire(FREE));
        assertEquals(1_001, connections.count("free"));
    }
}
