package dev.tickplant.gateway;

import dev.tickplant.common.model.MarketEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-(channel, symbol) sequencing: joins a snapshot with the live stream so that subscribers see the snapshot event
 * and then live events with consecutive {@code seq}, with no gap and no duplicate. Used for every channel: ticks,
 * depth images, trades (whose snapshot only sets the starting point and is not delivered) and statuses.
 *
 * <p>States: <b>syncing</b> (the initial state; live ticks are buffered until a snapshot arrives) and <b>live</b>
 * (a tick with {@code seq == last + 1} is delivered; {@code seq <= last} is a duplicate and dropped; a higher seq
 * means the event bus lost messages, so the feed goes back to syncing and asks for a fresh snapshot rather than
 * serve a state with a hole in it).
 *
 * <p>Confined to the owning event loop. Time-free and I/O-free: the owner sends snapshot requests and retries them.
 */
final class SymbolFeed<E extends MarketEvent> {
    /** Callbacks to the owner. */
    interface Listener<E extends MarketEvent> {
        /** Send {@code e} to every subscriber. */
        void onDeliver(E e);

        /** A sequence gap was seen: request a fresh snapshot, then call {@link #onSnapshot(MarketEvent)}. */
        void onResyncNeeded();

        /**
         * The sequence restarts after a gap (lost messages, a restarted normalizer): {@code nextSeq} is the seq of the
         * next delivered event, which is not {@code last + 1}. Called right before that event is delivered.
         */
        default void onReset(long nextSeq) {}
    }

    private final Listener<E> listener;
    private final int maxBuffered;
    private final ArrayDeque<E> buffer = new ArrayDeque<>();
    private boolean syncing = true;
    private boolean resetPending;
    private E latest;
    private long duplicates;
    private long gaps;
    private long overflowed;

    SymbolFeed(Listener<E> listener, int maxBuffered) {
        this.listener = listener;
        this.maxBuffered = maxBuffered;
    }

    /** An event from the live stream. */
    void onLive(E q) {
        if (syncing) {
            if (buffer.size() >= maxBuffered) {
                // Losing the oldest is safe: if the snapshot turns out older than what is kept, the gap check resyncs.
                buffer.pollFirst();
                overflowed++;
            }
            buffer.addLast(q);
            return;
        }
        if (latest == null || q.seq() == latest.seq() + 1) {
            deliver(q);
        } else if (q.seq() <= latest.seq()) {
            duplicates++;
        } else {
            gaps++;
            syncing = true;
            resetPending = true;
            buffer.addLast(q);
            listener.onResyncNeeded();
        }
    }

    private void deliver(E e) {
        if (resetPending) {
            resetPending = false;
            listener.onReset(e.seq());
        }
        latest = e;
        listener.onDeliver(e);
    }

    /**
     * The snapshot reply: its event, or null when the owner of the symbol has none yet. Ignored unless syncing.
     * Delivers the snapshot event when it is newer than what was delivered, then the buffered events that follow it.
     */
    void onSnapshot(E tick) {
        onSnapshot(tick, true);
    }

    /**
     * As {@link #onSnapshot(MarketEvent)}; with {@code deliver} false the snapshot event only sets the point the live
     * stream continues from (trades: the last trade is history, not news).
     */
    void onSnapshot(E tick, boolean deliver) {
        if (!syncing) {
            return;
        }
        syncing = false;
        if (tick == null) {
            // Nothing is known upstream, so the next live event starts the sequence.
            latest = null;
        } else if (latest == null || tick.seq() > latest.seq()) {
            if (deliver) {
                deliver(tick);
            } else {
                latest = tick;
            }
        }
        List<E> pending = new ArrayList<>(buffer);
        buffer.clear();
        for (E q : pending) {
            // May switch back to syncing on a gap; the rest is then buffered again, in order.
            onLive(q);
        }
    }

    boolean syncing() {
        return syncing;
    }

    /** The last delivered event, or null. */
    E latest() {
        return latest;
    }

    long duplicates() {
        return duplicates;
    }

    long gaps() {
        return gaps;
    }

    long overflowed() {
        return overflowed;
    }

    int buffered() {
        return buffer.size();
    }
}
