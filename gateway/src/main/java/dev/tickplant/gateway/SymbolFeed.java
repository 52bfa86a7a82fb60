package dev.tickplant.gateway;

import dev.tickplant.common.model.Quote;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-symbol tick sequencing: joins a snapshot with the live stream so that subscribers see the snapshot tick and
 * then live ticks with consecutive {@code seq}, with no gap and no duplicate.
 *
 * <p>States: <b>syncing</b> (the initial state; live ticks are buffered until a snapshot arrives) and <b>live</b>
 * (a tick with {@code seq == last + 1} is delivered; {@code seq <= last} is a duplicate and dropped; a higher seq
 * means the event bus lost messages, so the feed goes back to syncing and asks for a fresh snapshot rather than
 * serve a state with a hole in it).
 *
 * <p>Confined to the owning event loop. Time-free and I/O-free: the owner sends snapshot requests and retries them.
 */
final class SymbolFeed {
    /** Callbacks to the owner. */
    interface Listener {
        /** Send {@code q} to every subscriber. */
        void onDeliver(Quote q);

        /** A sequence gap was seen: request a fresh snapshot, then call {@link #onSnapshot(Quote)}. */
        void onResyncNeeded();
    }

    private final Listener listener;
    private final int maxBuffered;
    private final ArrayDeque<Quote> buffer = new ArrayDeque<>();
    private boolean syncing = true;
    private Quote latest;
    private long duplicates;
    private long gaps;
    private long overflowed;

    SymbolFeed(Listener listener, int maxBuffered) {
        this.listener = listener;
        this.maxBuffered = maxBuffered;
    }

    /** A tick from the live stream. */
    void onLive(Quote q) {
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
            latest = q;
            listener.onDeliver(q);
        } else if (q.seq() <= latest.seq()) {
            duplicates++;
        } else {
            gaps++;
            syncing = true;
            buffer.addLast(q);
            listener.onResyncNeeded();
        }
    }

    /**
     * The snapshot reply: its tick, or null when the owner of the symbol has no tick yet. Ignored unless syncing.
     * Delivers the snapshot tick when it is newer than what was delivered, then the buffered ticks that follow it.
     */
    void onSnapshot(Quote tick) {
        if (!syncing) {
            return;
        }
        syncing = false;
        if (tick == null) {
            // Nothing is known upstream, so the next live tick starts the sequence.
            latest = null;
        } else if (latest == null || tick.seq() > latest.seq()) {
            latest = tick;
            listener.onDeliver(tick);
        }
        List<Quote> pending = new ArrayList<>(buffer);
        buffer.clear();
        for (Quote q : pending) {
            // May switch back to syncing on a gap; the rest is then buffered again, in order.
            onLive(q);
        }
    }

    boolean syncing() {
        return syncing;
    }

    /** The last delivered tick, or null. */
    Quote latest() {
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
