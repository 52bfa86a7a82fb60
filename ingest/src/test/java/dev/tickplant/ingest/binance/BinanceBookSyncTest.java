package dev.tickplant.ingest.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tickplant.ingest.binance.BinanceBookSync.DiffOutcome;
import dev.tickplant.ingest.binance.BinanceFrames.DepthSnapshot;
import dev.tickplant.ingest.binance.BinanceFrames.DepthUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binance's "how to manage a local order book correctly" procedure, step by step. */
class BinanceBookSyncTest {
    private static DepthUpdate diff(long first, long last) {
        return new DepthUpdate(1, "BTCUSDT", first, last, List.of(), List.of());
    }

    private static DepthSnapshot snap(long lastUpdateId) {
        return new DepthSnapshot(lastUpdateId, List.of(), List.of());
    }

    @Test
    void shouldBridgeSnapshotOntoBufferedDiffsAndDropOlderOnes() {
        BinanceBookSync sync = new BinanceBookSync(100);
        sync.startBuffering();
        assertEquals(DiffOutcome.BUFFERED, sync.onDiff(diff(100, 105)));
        assertEquals(DiffOutcome.BUFFERED, sync.onDiff(diff(106, 110)));
        assertEquals(DiffOutcome.BUFFERED, sync.onDiff(diff(111, 112)));
        List<BinanceBookSync.Apply> replay = sync.onSnapshot(snap(107));
        assertEquals(2, replay.size());
        assertEquals(new BinanceBookSync.Apply(diff(106, 110), 107), replay.get(0));
        assertEquals(new BinanceBookSync.Apply(diff(111, 112), 110), replay.get(1));
        assertEquals(BinanceBookSync.State.SYNCED, sync.state());
        assertEquals(112, sync.localUpdateId());
    }

    @Test
    void shouldAskForAnotherSnapshotWhenItIsOlderThanTheFirstBufferedEvent() {
        BinanceBookSync sync = new BinanceBookSync(100);
        sync.startBuffering();
        sync.onDiff(diff(100, 105));
        assertNull(sync.onSnapshot(snap(98)));
        assertEquals(BinanceBookSync.State.BUFFERING, sync.state());
        assertEquals(1, sync.buffered());
        assertEquals(0, sync.onSnapshot(snap(105)).size());
        assertEquals(105, sync.localUpdateId());
    }

    @Test
    void shouldIgnoreDuplicatesAndReportGapsOnceSynced() {
        BinanceBookSync sync = new BinanceBookSync(100);
        sync.startBuffering();
        sync.onDiff(diff(10, 12));
        sync.onSnapshot(snap(11));
        assertEquals(DiffOutcome.APPLY, sync.onDiff(diff(13, 15)));
        assertEquals(12, sync.lastPrev());
        assertEquals(DiffOutcome.IGNORED, sync.onDiff(diff(13, 15)));
        assertEquals(DiffOutcome.GAP, sync.onDiff(diff(17, 18)));
        assertEquals(15, sync.localUpdateId());
    }

    @Test
    void shouldRestartBufferingWhenTheBufferHasAHole() {
        BinanceBookSync sync = new BinanceBookSync(100);
        sync.startBuffering();
        sync.onDiff(diff(10, 12));
        sync.onDiff(diff(14, 15));
        assertNull(sync.onSnapshot(snap(12)));
        assertEquals(0, sync.buffered());
        assertEquals(BinanceBookSync.State.BUFFERING, sync.state());
    }

    @Test
    void shouldIgnoreDiffsWhileIdle() {
        BinanceBookSync sync = new BinanceBookSync(100);
        assertEquals(DiffOutcome.IGNORED, sync.onDiff(diff(1, 2)));
    }
}
