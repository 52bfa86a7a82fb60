package dev.tickplant.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendezvousTest {
    private static final List<String> NODES = List.of("node-a", "node-b", "node-c");

    @Test
    void shouldAgreeRegardlessOfMemberOrder() {
        for (int p = 0; p < 64; p++) {
            String key = "partition-" + p;
            assertEquals(Rendezvous.owner(key, NODES), Rendezvous.owner(key, List.of("node-c", "node-a", "node-b")));
        }
    }

    @Test
    void shouldSpreadKeysOverAllNodes() {
        Map<String, Integer> counts = new HashMap<>();
        for (int p = 0; p < 300; p++) {
            counts.merge(Rendezvous.owner("partition-" + p, NODES), 1, Integer::sum);
        }
        assertEquals(3, counts.size(), counts.toString());
        counts.values().forEach(n -> assertTrue(n > 50, counts.toString()));
    }

    @Test
    void shouldMoveOnlyTheKeysOfANodeThatLeaves() {
        List<String> survivors = List.of("node-a", "node-c");
        for (int p = 0; p < 200; p++) {
            String key = "feed-" + p;
            String before = Rendezvous.owner(key, NODES);
            String after = Rendezvous.owner(key, survivors);
            if (!before.equals("node-b")) {
                assertEquals(before, after, key);
            }
        }
        assertNull(Rendezvous.owner("x", List.of()));
    }
}
