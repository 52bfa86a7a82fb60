package dev.tickplant.normalizer.book;

import dev.tickplant.common.model.BookUpdate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The book of one symbol on one venue, with that venue's {@link SequenceRule}: a snapshot makes it live, deltas are
 * applied only when they follow on without a gap, and the {@link OrderBook} invariants are checked after every
 * change. A gap, a failed invariant or an external alarm (a checksum mismatch seen upstream) empties the book and
 * marks it resyncing; deltas that arrive meanwhile are buffered (bounded) and bridged onto the next snapshot by
 * sequence instead of being dropped.
 *
 * <p>Plain state machine without I/O or clocks; the owner requests snapshots and rate-limits them.
 */
public final class VenueBook {
    /** What one update did. */
    public enum Outcome {
        /** The book changed and is consistent. */
        APPLIED,
        /** Not newer than what was applied (a standby connector, a reconnect overlap): ignored. */
        DUPLICATE,
        /** Kept until a snapshot arrives. */
        BUFFERED,
        /** The update revealed a gap or an inconsistent book: the book is now resyncing. */
        RESYNC
    }

    private final SequenceRule rule;
    private final int maxBuffered;
    private final OrderBook book = new OrderBook();
    private final ArrayDeque<BookUpdate> buffer = new ArrayDeque<>();
    private boolean live;
    private boolean everLive;
    private boolean bridged;
    private long lastSeq;
    /** Venue time of the last snapshot; snapshots of seq-less venues are ordered by it. */
    private long lastSnapshotTsNanos;
    /**
     * Venue time of the last delta since the snapshot; seq-less deltas are ordered among themselves only, since a
     * snapshot's time may be a receive time that is not comparable with the venue's delta times.
     */
    private long lastDeltaTsNanos;
    private String reason = "awaiting first snapshot";
    private long resyncs;
    private long overflowed;

    public VenueBook(SequenceRule rule, int maxBuffered) {
        if (maxBuffered <= 0) {
            throw new IllegalArgumentException("maxBuffered must be positive");
        }
        this.rule = rule;
        this.maxBuffered = maxBuffered;
    }

    /** Applies a snapshot or delta. */
    public Outcome onUpdate(BookUpdate u) {
        if (u.snapshot()) {
            return onSnapshot(u);
        }
        if (!live) {
            buffer(u);
            return Outcome.BUFFERED;
        }
        return applyDelta(u);
    }

    /** An alarm from outside (checksum mismatch reported upstream, a venue-side reset): rebuild from a snapshot. */
    public void markResyncing(String why) {
        if (live) {
            enterResync(why);
        }
    }

    /**
     * Forgets everything, including the sequence baseline: after a reconnect the venue may number its messages from
     * scratch, so the next snapshot is taken whatever its sequence.
     */
    public void reset(String why) {
        boolean wasLive = live || everLive;
        enterResync(why);
        buffer.clear();
        lastSeq = 0;
        lastSnapshotTsNanos = 0;
        lastDeltaTsNanos = 0;
        everLive = wasLive;
    }

    private Outcome onSnapshot(BookUpdate s) {
        if (live && isOlderSnapshot(s)) {
            return Outcome.DUPLICATE;
        }
        if (rule == SequenceRule.BYBIT && s.venueSeq() == 1) {
            buffer.clear(); // deltas from before a venue-side reset cannot follow it
        }
        book.replace(s.bids(), s.asks());
        lastSeq = s.venueSeq();
        lastSnapshotTsNanos = s.venueTsNanos();
        lastDeltaTsNanos = 0;
        bridged = false;
        live = true;
        String violation = book.violation();
        if (violation != null) {
            enterResync("invalid snapshot: " + violation);
            return Outcome.RESYNC;
        }
        everLive = true;
        reason = "snapshot applied";
        List<BookUpdate> pending = new ArrayList<>(buffer);
        buffer.clear();
        for (BookUpdate d : pending) {
            if (live) {
                applyDelta(d);
            } else {
                buffer(d); // a gap inside the buffer: keep the rest for the next snapshot
            }
        }
        return live ? Outcome.APPLIED : Outcome.RESYNC;
    }

    private boolean isOlderSnapshot(BookUpdate s) {
        if (rule == SequenceRule.BYBIT && s.venueSeq() == 1) {
            return false; // Bybit: u == 1 is a service restart, the snapshot replaces everything
        }
        if (s.venueSeq() != 0 && lastSeq != 0) {
            return s.venueSeq() <= lastSeq;
        }
        return s.venueTsNanos() < lastSnapshotTsNanos; // equal times pass: venues stamp several updates per ms
    }

    private Outcome applyDelta(BookUpdate d) {
        long u = d.venueSeq();
        boolean follows;
        switch (rule) {
            case BINANCE:
                if (u <= lastSeq) {
                    return Outcome.DUPLICATE;
                }
                if (!bridged) {
                    follows = d.firstVenueSeq() <= lastSeq + 1; // and u >= lastSeq + 1, checked above
                } else if (d.prevVenueSeq() >= 0) {
                    follows = d.prevVenueSeq() == lastSeq;
                } else {
                    follows = d.firstVenueSeq() == lastSeq + 1;
                }
                break;
            case OKX:
                if (d.prevVenueSeq() < 0 || lastSeq == 0) {
                    // A message without seqId/prevSeqId (older feeds, recordings): its connector checked its
                    // checksum if it had one; it is ordered by venue time like a venue without sequences.
                    if (u != 0 && lastSeq != 0 ? u <= lastSeq : d.venueTsNanos() < lastDeltaTsNanos) {
                        return Outcome.DUPLICATE;
                    }
                    follows = true;
                } else if (d.prevVenueSeq() == lastSeq) {
                    follows = true; // includes OKX's no-change heartbeat, where seqId == prevSeqId
                } else if (u <= lastSeq) {
                    return Outcome.DUPLICATE;
                } else {
                    follows = false;
                }
                break;
            case BYBIT:
                if (u <= lastSeq) {
                    return Outcome.DUPLICATE;
                }
                follows = u == lastSeq + 1;
                break;
            default:
                if (u != 0 && lastSeq != 0 ? u <= lastSeq : d.venueTsNanos() < lastDeltaTsNanos) {
                    return Outcome.DUPLICATE;
                }
                follows = d.prevVenueSeq() < 0 || lastSeq == 0 || d.prevVenueSeq() == lastSeq;
                break;
        }
        if (!follows) {
            enterResync("sequence gap on " + rule + ": last applied " + lastSeq + ", next covers "
                    + d.firstVenueSeq() + ".." + u + " after " + d.prevVenueSeq());
            buffer(d); // it may bridge onto the fresh snapshot
            return Outcome.RESYNC;
        }
        book.apply(d.bids(), d.asks());
        if (u != 0) {
            lastSeq = Math.max(lastSeq, u);
        }
        lastDeltaTsNanos = Math.max(lastDeltaTsNanos, d.venueTsNanos());
        bridged = true;
        String violation = book.violation();
        if (violation != null) {
            enterResync(violation);
            return Outcome.RESYNC;
        }
        return Outcome.APPLIED;
    }

    private void enterResync(String why) {
        live = false;
        bridged = false;
        book.clear();
        reason = why;
        resyncs++;
    }

    private void buffer(BookUpdate d) {
        if (buffer.size() >= maxBuffered) {
            // The oldest go first; if the next snapshot is newer than what is kept, bridging still works.
            buffer.pollFirst();
            overflowed++;
        }
        buffer.addLast(d);
    }

    /** True when the book is consistent and may be served. */
    public boolean live() {
        return live;
    }

    /** True when the book needs a snapshot: it was live once, or deltas are waiting for one. */
    public boolean needsSnapshot() {
        return !live && (everLive || !buffer.isEmpty());
    }

    /** Why the book is in its current state (the last resync reason while resyncing). */
    public String reason() {
        return reason;
    }

    /** The venue sequence of the last applied update. */
    public long lastSeq() {
        return lastSeq;
    }

    public OrderBook book() {
        return book;
    }

    public SequenceRule rule() {
        return rule;
    }

    public int buffered() {
        return buffer.size();
    }

    public long resyncs() {
        return resyncs;
    }

    public long overflowed() {
        return overflowed;
    }
}
