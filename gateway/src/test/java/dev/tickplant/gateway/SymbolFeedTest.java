package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.model.Quote;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolFeedTest {
    private final List<Long> delivered = new ArrayList<>();
    private int resyncRequests;
    private final List<Long> resets = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final SymbolFeed<Quote> feed = new SymbolFeed<>(new SymbolFeed.Listener<Quote>() {
        @Override
        public void onDeliver(Quote q) {
            delivered.add(q.seq());
            log.add("deliver " + q.seq());
        }

        @Override
        public void onResyncNeeded() {
            resyncRequests++;
        }

        @Override
        public void onReset(long nextSeq) {
            resets.add(nextSeq);
            log.add("reset " + nextSeq);
        }
    }, 4);

    private static Quote q(long seq) {
        return new Quote("EURUSD", "alltick", 108_500, 1, 108_520, 1, 0, 5, 2, seq, 1, 2, seq);
    }

    @Test
    void shouldBufferUntilSnapshotThenDeliverSnapshotAndFollowingTicks() {
        feed.onLive(q(4));
        feed.onLive(q(5));
        feed.onLive(q(6));
        assertTrue(delivered.isEmpty());
        feed.onSnapshot(q(5));
        assertEquals(List.of(5L, 6L), delivered);
        feed.onLive(q(7));
        assertEquals(List.of(5L, 6L, 7L), delivered);
        assertFalse(feed.syncing());
    }

    @Test
    void shouldAnnounceResetBeforeFirstEventAfterAGapOnly() {
        feed.onSnapshot(q(1));
        feed.onLive(q(2));
        feed.onLive(q(9)); // a restarted normalizer: a jump
        feed.onSnapshot(q(9));
        feed.onLive(q(10));
        assertEquals(List.of("deliver 1", "deliver 2", "reset 9", "deliver 9", "deliver 10"), log);
        assertEquals(List.of(9L), resets);
    }

    @Test
    void shouldSetTheStartingPointWithoutDeliveringIt() {
        feed.onLive(q(5));
        feed.onLive(q(6));
        feed.onSnapshot(q(5), false); // trades: the last trade is history
        assertEquals(List.of(6L), delivered);
    }

    @Test
    void shouldDropDuplicates() {
        feed.onSnapshot(q(10));
        feed.onLive(q(10));
        feed.onLive(q(9));
        feed.onLive(q(11));
        feed.onLive(q(11));
        assertEquals(List.of(10L, 11L), delivered);
        assertEquals(3, feed.duplicates());
    }

    @Test
    void shouldResyncAfterSequenceGap() {
        feed.onSnapshot(q(1));
        feed.onLive(q(2));
        feed.onLive(q(4)); // 3 was lost on the bus
        assertEquals(1, resyncRequests);
        assertTrue(feed.syncing());
        feed.onLive(q(5));
        assertEquals(List.of(1L, 2L), delivered);
        feed.onSnapshot(q(4));
        assertEquals(List.of(1L, 2L, 4L, 5L), delivered);
        assertEquals(1, feed.gaps());
    }

    @Test
    void shouldResyncWhenSnapshotIsOlderThanBufferedTicks() {
        feed.onLive(q(8));
        feed.onSnapshot(q(5)); // 6 and 7 are missing between the snapshot and the buffer
        assertEquals(List.of(5L), delivered);
        assertEquals(1, resyncRequests);
        feed.onSnapshot(q(8));
        assertEquals(List.of(5L, 8L), delivered);
    }

    @Test
    void shouldStartFromFirstLiveTickWhenSnapshotHasNoTick() {
        feed.onLive(q(1));
        feed.onSnapshot(null);
        feed.onLive(q(2));
        assertEquals(List.of(1L, 2L), delivered);
        assertEquals(2L, feed.latest().seq());
    }

    @Test
    void shouldNotRedeliverSnapshotNotNewerThanLatest() {
        feed.onSnapshot(q(3));
        feed.onLive(q(5));
        feed.onSnapshot(q(3));
        feed.onSnapshot(q(5)); // ignored: no longer syncing
        assertEquals(List.of(3L, 5L), delivered);
    }

    @Test
    void shouldBoundTheBufferWhileSyncing() {
        for (long s = 1; s <= 10; s++) {
            feed.onLive(q(s));
        }
        assertEquals(4, feed.buffered());
        assertEquals(6, feed.overflowed());
        feed.onSnapshot(q(6));
        assertEquals(List.of(6L, 7L, 8L, 9L, 10L), delivered);
    }

    @Test
    void shouldIgnoreSnapshotWhenLive() {
        feed.onSnapshot(null);
        assertNull(feed.latest());
        feed.onSnapshot(q(9));
        assertTrue(delivered.isEmpty());
    }
}
