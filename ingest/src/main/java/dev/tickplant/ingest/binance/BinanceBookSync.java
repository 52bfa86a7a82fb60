package dev.tickplant.ingest.binance;

import dev.tickplant.ingest.binance.BinanceFrames.DepthSnapshot;
import dev.tickplant.ingest.binance.BinanceFrames.DepthUpdate;
import java.util.ArrayList;
import java.util.List;

/**
 * Binance's documented procedure for a correct local order book, for one symbol: buffer diff events from the
 * stream, fetch a REST snapshot, re-fetch while {@code lastUpdateId} is older than the first buffered {@code U},
 * drop buffered events with {@code u <= lastUpdateId}, then apply events in order; an event with
 * {@code u <} the local update id is ignored (a duplicate), one with {@code U >} local id + 1 is a gap that restarts
 * the procedure.
 *
 * <p>Not thread-safe; confined to the connector's event loop.
 *
 * @see <a href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#how-to-manage-a-local-order-book-correctly">How to manage a local order book correctly</a>
 */
final class BinanceBookSync {
    /** Where the procedure stands. */
    enum State { IDLE, BUFFERING, SYNCED }

    /** A diff event to forward, with the update id it follows. */
    record Apply(DepthUpdate update, long prevUpdateId) {}

    /** What to do with a diff event. */
    enum DiffOutcome { IGNORED, BUFFERED, APPLY, GAP }

    private final int maxBuffered;
    private final List<DepthUpdate> buffer = new ArrayList<>();
    private State state = State.IDLE;
    private long localUpdateId;
    private long lastPrev;

    BinanceBookSync(int maxBuffered) {
        this.maxBuffered = maxBuffered;
    }

    State state() {
        return state;
    }

    long localUpdateId() {
        return localUpdateId;
    }

    /** Events buffered while waiting for a snapshot. */
    int buffered() {
        return buffer.size();
    }

    /** Forgets everything (connection lost, symbol dropped). */
    void reset() {
        state = State.IDLE;
        buffer.clear();
        localUpdateId = 0;
    }

    /** Starts (or restarts) buffering for a fresh snapshot. */
    void startBuffering() {
        buffer.clear();
        state = State.BUFFERING;
        localUpdateId = 0;
    }

    /**
     * Feeds one diff event. {@code APPLY} means forward it as a delta following {@link #lastPrev()}; {@code GAP}
     * means the book is broken: the caller reports RESYNCING and calls {@link #startBuffering()} and
     * {@link #onDiff} again with this event.
     */
    DiffOutcome onDiff(DepthUpdate d) {
        switch (state) {
            case BUFFERING:
                if (buffer.size() >= maxBuffered) {
                    buffer.remove(0);
                }
                buffer.add(d);
                return DiffOutcome.BUFFERED;
            case SYNCED:
                if (d.finalUpdateId() <= localUpdateId) {
                    return DiffOutcome.IGNORED;
                }
                if (d.firstUpdateId() > localUpdateId + 1) {
                    return DiffOutcome.GAP;
                }
                lastPrev = localUpdateId;
                localUpdateId = d.finalUpdateId();
                return DiffOutcome.APPLY;
            default:
                return DiffOutcome.IGNORED;
        }
    }

    /** The update id the last {@code APPLY} followed. */
    long lastPrev() {
        return lastPrev;
    }

    /** True when a snapshot may be fetched: buffering and the first event's {@code U} is known. */
    boolean readyForSnapshot() {
        return state == State.BUFFERING && !buffer.isEmpty();
    }

    /**
     * Bridges a snapshot onto the buffer.
     *
     * @return the buffered events to forward after the snapshot, in order; {@code null} when the snapshot does not
     *     bridge (older than the first buffered event, or the buffer has a hole) and another must be fetched
     */
    List<Apply> onSnapshot(DepthSnapshot s) {
        if (state != State.BUFFERING || buffer.isEmpty() || s.lastUpdateId() < buffer.get(0).firstUpdateId()) {
            return null;
        }
        long local = s.lastUpdateId();
        List<Apply> out = new ArrayList<>();
        for (DepthUpdate d : buffer) {
            if (d.finalUpdateId() <= local) {
                continue;
            }
            if (d.firstUpdateId() > local + 1) {
                startBuffering();
                return null;
            }
            out.add(new Apply(d, local));
            local = d.finalUpdateId();
        }
        buffer.clear();
        state = State.SYNCED;
        localUpdateId = local;
        return out;
    }
}
