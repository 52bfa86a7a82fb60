package dev.tickplant.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.ingest.ws.SubscriptionSet.Action;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriptionSetTest {
    private final SubscriptionSet set = new SubscriptionSet();

    private Action sendNext() {
        Action a = set.next();
        set.markSent(a);
        return a;
    }

    @Test
    void shouldNeverProduceAnEmptyRequest() {
        assertInstanceOf(Action.None.class, set.next());
        set.setDesired(List.of());
        assertInstanceOf(Action.None.class, set.next());
        assertThrows(IllegalArgumentException.class, () -> new Action.Replace(List.of()));
    }

    @Test
    void shouldSendTheFullSortedDeduplicatedListOnce() {
        assertTrue(set.setDesired(List.of("EURUSD", "BTCUSDT", "EURUSD")));
        assertEquals(new Action.Replace(List.of("BTCUSDT", "EURUSD")), sendNext());
        assertInstanceOf(Action.None.class, set.next());
        assertFalse(set.setDesired(List.of("EURUSD", "BTCUSDT")), "same set is no change");
        assertInstanceOf(Action.None.class, set.next());
    }

    @Test
    void shouldSendTheWholeListWhenOneSymbolIsAdded() {
        set.setDesired(List.of("EURUSD"));
        sendNext();
        set.setDesired(List.of("EURUSD", "XAUUSD"));
        assertEquals(new Action.Replace(List.of("EURUSD", "XAUUSD")), sendNext());
        assertEquals(Set.of("EURUSD", "XAUUSD"), set.sent());
    }

    @Test
    void shouldCoalesceChangesMadeBetweenSends() {
        set.setDesired(List.of("A"));
        set.setDesired(List.of("A", "B"));
        set.setDesired(List.of("B", "C"));
        assertEquals(new Action.Replace(List.of("B", "C")), sendNext());
        set.setDesired(List.of("B", "C", "D"));
        set.setDesired(List.of("B", "C"));
        assertInstanceOf(Action.None.class, set.next(), "back to what was sent: nothing to do");
    }

    @Test
    void shouldCancelWhenNothingIsWantedAnyMore() {
        set.setDesired(List.of("A"));
        sendNext();
        set.setDesired(List.of());
        assertInstanceOf(Action.CancelAll.class, sendNext());
        assertInstanceOf(Action.None.class, set.next());
    }

    @Test
    void shouldResendEverythingAfterReconnectAndOnForce() {
        set.setDesired(List.of("A", "B"));
        sendNext();
        set.connectionLost();
        assertEquals(new Action.Replace(List.of("A", "B")), sendNext());
        set.forceResend();
        assertTrue(set.pending());
        assertEquals(new Action.Replace(List.of("A", "B")), sendNext());
        assertFalse(set.pending());
        set.requestFailed();
        assertEquals(new Action.Replace(List.of("A", "B")), sendNext());
    }

    @Test
    void shouldNotCancelAfterReconnectWhenNothingWanted() {
        set.setDesired(List.of("A"));
        sendNext();
        set.setDesired(List.of());
        set.connectionLost();
        assertInstanceOf(Action.None.class, set.next());
    }
}
