package dev.tickplant.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.ingest.ws.UpstreamSubscriptions.Change;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpstreamSubscriptionsTest {
    private final UpstreamSubscriptions upstream = new UpstreamSubscriptions();

    @Test
    void shouldSubscribeWhatIsWantedInItsOrderThenUnsubscribeWhatIsNot() {
        assertEquals(List.of(new Change(true, "ETH"), new Change(true, "BTC")),
                upstream.changesTo(new LinkedHashSet<>(List.of("ETH", "BTC"))));
        assertEquals(List.of(), upstream.changesTo(Set.of("ETH", "BTC")), "changes are recorded as made");
        assertEquals(List.of(new Change(true, "SOL"), new Change(false, "BTC"), new Change(false, "ETH")),
                upstream.changesTo(Set.of("SOL")));
        assertTrue(upstream.contains("SOL"));
        assertFalse(upstream.contains("BTC"));
    }

    @Test
    void shouldStartOverAfterClearAndForgetARefusedSymbol() {
        upstream.changesTo(Set.of("BTC", "ETH"));
        assertTrue(upstream.remove("BTC"));
        assertEquals(List.of(), upstream.changesTo(Set.of("ETH")));
        upstream.clear();
        assertTrue(upstream.isEmpty());
        assertEquals(List.of(new Change(true, "ETH")), upstream.changesTo(Set.of("ETH")));
    }
}
