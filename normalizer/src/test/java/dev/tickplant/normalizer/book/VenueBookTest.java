package dev.tickplant.normalizer.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each venue's sequencing rules, driven by the message sequences of the venues' documentation (prices at scale 2,
 * sizes at scale 0). {@link OrderBook#violation()} is checked after every step.
 */
class VenueBookTest {
    private static List<BookLevel> levels(long... priceSize) {
        List<BookLevel> out = new ArrayList<>();
        for (int i = 0; i < priceSize.length; i += 2) {
            out.add(new BookLevel(priceSize[i], priceSize[i + 1]));
        }
        return out;
    }

    private static BookUpdate snapshot(String venue, long seq, List<BookLevel> bids, List<BookLevel> asks) {
        return new BookUpdate("BTCUSDT", venue, true, bids, asks, 2, 0, 0, seq, -1, BookUpdate.NO_CHECKSUM, 1, 1, 0);
    }

    private static BookUpdate delta(String venue, long first, long last, long prev, List<BookLevel> bids,
            List<BookLevel> asks) {
        return new BookUpdate("BTCUSDT", venue, false, bids, asks, 2, 0, first, last, prev, BookUpdate.NO_CHECKSUM, 1,
                1, 0);
    }

    private static VenueBook.Outcome step(VenueBook book, BookUpdate u) {
        VenueBook.Outcome o = book.onUpdate(u);
        if (book.live()) {
            assertNull(book.book().violation(), "invariants after " + u);
        }
        return o;
    }

    private static void assertTop(VenueBook book, long bid, long bidSize, long ask, long askSize) {
        assertTrue(book.live());
        assertEquals(bid, book.book().bestBid());
        assertEquals(bidSize, book.book().bestBidSize());
        assertEquals(ask, book.book().bestAsk());
        assertEquals(askSize, book.book().bestAskSize());
    }

    @Test
    void shouldBridgeBinanceDeltasBufferedBeforeTheSnapshot() {
        VenueBook book = new VenueBook(SequenceRule.BINANCE, 100);
        // Binance "how to manage a local order book": buffer the stream, fetch the snapshot, drop u <= lastUpdateId,
        // the first applied event has U <= lastUpdateId + 1 <= u, then U == previous u + 1.
        assertEquals(VenueBook.Outcome.BUFFERED, step(book, delta("binance", 95, 100, -1, levels(100_00, 9), levels())));
        step(book, delta("binance", 99, 103, -1, levels(100_00, 7), levels(101_00, 0, 100_50, 4)));
        step(book, delta("binance", 104, 106, -1, levels(100_20, 1), levels()));
        assertTrue(book.needsSnapshot());
        assertEquals(VenueBook.Outcome.APPLIED, step(book,
                snapshot("binance", 100, levels(100_00, 5, 99_00, 2), levels(101_00, 3, 102_00, 8))));
        assertTop(book, 100_20, 1, 100_50, 4);
        assertEquals(106, book.lastSeq());
        assertEquals(VenueBook.Outcome.DUPLICATE, step(book, delta("binance", 104, 106, -1, levels(1_00, 1),
                levels())));
        assertEquals(VenueBook.Outcome.APPLIED, step(book, delta("binance", 107, 107, -1, levels(100_20, 0),
                levels())));
        assertTop(book, 100_00, 7, 100_50, 4);
    }

    @Test
    void shouldResyncBinanceBookAfterSequenceGapAndRebuildFromNextSnapshot() {
        VenueBook book = new VenueBook(SequenceRule.BINANCE, 100);
        step(book, snapshot("binance", 100, levels(100_00, 5), levels(101_00, 3)));
        step(book, delta("binance", 101, 102, -1, levels(100_10, 1), levels()));
        // 103..104 is lost: the next event starts at 105.
        assertEquals(VenueBook.Outcome.RESYNC, step(book, delta("binance", 105, 106, -1, levels(100_20, 2),
                levels())));
        assertFalse(book.live());
        assertTrue(book.needsSnapshot());
        assertTrue(book.reason().contains("gap"), book.reason());
        step(book, delta("binance", 107, 109, -1, levels(), levels(100_90, 6)));
        // The fresh snapshot (lastUpdateId 108) is bridged by the buffered 107..109; 105..106 is older and dropped.
        assertEquals(VenueBook.Outcome.APPLIED, step(book, snapshot("binance", 108, levels(100_30, 4, 100_00, 5),
                levels(101_00, 3))));
        assertTop(book, 100_30, 4, 100_90, 6);
        assertEquals(109, book.lastSeq());
    }

    @Test
    void shouldRejectBinanceSnapshotTooOldToBridge() {
        VenueBook book = new VenueBook(SequenceRule.BINANCE, 100);
        step(book, delta("binance", 120, 125, -1, levels(100_00, 1), levels()));
        // lastUpdateId 110: the first buffered event starts at 120 > 111, so the snapshot cannot be bridged.
        assertEquals(VenueBook.Outcome.RESYNC, step(book, snapshot("binance", 110, levels(99_00, 1),
                levels(101_00, 1))));
        assertFalse(book.live());
        assertEquals(1, book.buffered());
        step(book, snapshot("binance", 121, levels(99_00, 1), levels(101_00, 1)));
        assertTop(book, 100_00, 1, 101_00, 1);
    }

    @Test
    void shouldFollowOkxPrevSeqIdIncludingHeartbeatsAndResyncOnGap() {
        VenueBook book = new VenueBook(SequenceRule.OKX, 100);
        // OKX books: snapshot prevSeqId -1; each update's prevSeqId is the previous seqId; no change: seqId == prev.
        step(book, snapshot("okx", 123, levels(8476_90, 256, 8476_80, 10), levels(8477_00, 5, 8478_00, 3)));
        assertEquals(VenueBook.Outcome.APPLIED, step(book, delta("okx", 0, 125, 123, levels(8476_90, 0),
                levels(8477_00, 2))));
        assertEquals(VenueBook.Outcome.APPLIED, step(book, delta("okx", 0, 125, 125, levels(), levels())));
        assertEquals(VenueBook.Outcome.DUPLICATE, step(book, delta("okx", 0, 125, 123, levels(8476_90, 0),
                levels())));
        assertTop(book, 8476_80, 10, 8477_00, 2);
        assertEquals(VenueBook.Outcome.RESYNC, step(book, delta("okx", 0, 140, 130, levels(8476_85, 1), levels())));
        step(book, snapshot("okx", 140, levels(8476_85, 1), levels(8477_00, 2)));
        assertTop(book, 8476_85, 1, 8477_00, 2);
    }

    @Test
    void shouldApplyOkxMessagesWithoutSeqIdsInVenueTimeOrder() {
        VenueBook book = new VenueBook(SequenceRule.OKX, 100);
        // Older OKX feeds and recordings carry neither seqId nor prevSeqId: venueSeq 0, prevVenueSeq -1.
        step(book, new BookUpdate("BTCUSDT", "okx", true, levels(8476_90, 256), levels(8477_00, 5), 2, 0, 0, 0, -1,
                BookUpdate.NO_CHECKSUM, 10, 10, 0));
        assertEquals(VenueBook.Outcome.APPLIED, step(book, new BookUpdate("BTCUSDT", "okx", false,
                levels(8476_95, 3), levels(), 2, 0, 0, 0, -1, BookUpdate.NO_CHECKSUM, 20, 20, 0)));
        assertTop(book, 8476_95, 3, 8477_00, 5);
        assertEquals(VenueBook.Outcome.DUPLICATE, step(book, new BookUpdate("BTCUSDT", "okx", false,
                levels(8476_95, 0), levels(), 2, 0, 0, 0, -1, BookUpdate.NO_CHECKSUM, 15, 15, 0)),
                "an update older than the last applied one is a replay");
        assertEquals(VenueBook.Outcome.APPLIED, step(book, new BookUpdate("BTCUSDT", "okx", false, levels(),
                levels(8477_00, 0, 8477_50, 1), 2, 0, 0, 0, -1, BookUpdate.NO_CHECKSUM, 20, 20, 0)));
        assertTop(book, 8476_95, 3, 8477_50, 1);
    }

    @Test
    void shouldFollowBybitUpdateIdsAndAcceptResetSnapshot() {
        VenueBook book = new VenueBook(SequenceRule.BYBIT, 100);
        step(book, snapshot("bybit", 18521288, levels(16493_50, 6), levels(16611_00, 29)));
        step(book, delta("bybit", 0, 18521289, -1, levels(16493_50, 0, 16493_00, 2), levels()));
        assertTop(book, 16493_00, 2, 16611_00, 29);
        assertEquals(VenueBook.Outcome.DUPLICATE, step(book, delta("bybit", 0, 18521289, -1, levels(), levels())));
        assertEquals(VenueBook.Outcome.RESYNC, step(book, delta("bybit", 0, 18521291, -1, levels(1_00, 1),
                levels())));
        // Bybit: "if you receive a snapshot with u = 1, reset your local orderbook".
        step(book, snapshot("bybit", 1, levels(16490_00, 1), levels(16500_00, 1)));
        assertTop(book, 16490_00, 1, 16500_00, 1);
        step(book, delta("bybit", 0, 2, -1, levels(16491_00, 3), levels()));
        assertTop(book, 16491_00, 3, 16500_00, 1);
    }

    @Test
    void shouldResyncOnCrossedBookAndOnUpstreamChecksumAlarm() {
        VenueBook book = new VenueBook(SequenceRule.UPSTREAM_VALIDATED, 100);
        step(book, snapshot("kraken", 0, levels(100_00, 1), levels(101_00, 1)));
        assertEquals(VenueBook.Outcome.RESYNC, step(book, delta("kraken", 0, 0, -1, levels(102_00, 1), levels())));
        assertTrue(book.reason().contains("crossed"), book.reason());
        step(book, snapshot("kraken", 0, levels(100_00, 1), levels(101_00, 1)));
        assertTrue(book.live());
        book.markResyncing("checksum mismatch");
        assertFalse(book.live());
        assertTrue(book.needsSnapshot());
    }

    @Test
    void shouldLinkPrevSeqForUpstreamValidatedVenuesAndDropStaleSnapshots() {
        VenueBook book = new VenueBook(SequenceRule.UPSTREAM_VALIDATED, 100);
        step(book, snapshot("htx", 10, levels(100_00, 1), levels(101_00, 1)));
        assertEquals(VenueBook.Outcome.DUPLICATE, step(book, snapshot("htx", 10, levels(1_00, 1), levels(2_00, 1))));
        step(book, delta("htx", 0, 11, 10, levels(100_50, 1), levels()));
        assertEquals(VenueBook.Outcome.RESYNC, step(book, delta("htx", 0, 15, 13, levels(100_60, 1), levels())));
    }

    @Test
    void shouldApplySeqlessDeltasStampedBeforeTheSnapshotsReceiveTime() {
        VenueBook book = new VenueBook(SequenceRule.UPSTREAM_VALIDATED, 100);
        // Kraken v2: the snapshot carries no time (ingest uses its receive time); updates carry the venue's time,
        // which may be earlier than that receive time. They are still newer than the snapshot.
        book.onUpdate(new BookUpdate("BTCUSDT", "kraken", true, levels(100_00, 1), levels(101_00, 1), 2, 0, 0, 0, -1,
                BookUpdate.NO_CHECKSUM, 1_000_000, 1_000_000, 0));
        assertEquals(VenueBook.Outcome.APPLIED, step(book, new BookUpdate("BTCUSDT", "kraken", false,
                levels(100_50, 2), levels(), 2, 0, 0, 0, -1, BookUpdate.NO_CHECKSUM, 999_000, 1_000_100, 0)));
        // An older copy of a delta (a second connector lagging behind) is dropped.
        step(book, new BookUpdate("BTCUSDT", "kraken", false, levels(100_60, 1), levels(), 2, 0, 0, 0, -1,
                BookUpdate.NO_CHECKSUM, 999_500, 1_000_200, 0));
        assertEquals(VenueBook.Outcome.DUPLICATE, step(book, new BookUpdate("BTCUSDT", "kraken", false,
                levels(100_50, 0), levels(), 2, 0, 0, 0, -1, BookUpdate.NO_CHECKSUM, 999_000, 1_000_300, 0)));
        assertTop(book, 100_60, 1, 101_00, 1);
    }

    @Test
    void shouldBoundTheBufferWhileWaitingForASnapshot() {
        VenueBook book = new VenueBook(SequenceRule.BINANCE, 2);
        for (int i = 1; i <= 5; i++) {
            step(book, delta("binance", i, i, -1, levels(100_00, i), levels()));
        }
        assertEquals(2, book.buffered());
        assertEquals(3, book.overflowed());
    }
}
