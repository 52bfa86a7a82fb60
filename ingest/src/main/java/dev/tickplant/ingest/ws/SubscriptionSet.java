package dev.tickplant.ingest.ws;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Desired versus sent upstream subscriptions of one kind (e.g. depth) on one connection, for venues whose
 * subscribe request <em>replaces</em> the connection's previous list (AllTick). The connector asks {@link #next()}
 * what, if anything, to send: the full desired list when it differs from what was last sent, a cancel when nothing
 * is desired any more but something was sent, and nothing otherwise. Duplicates collapse, the list is sorted (so
 * equal sets produce equal requests) and an empty subscribe request is never produced.
 *
 * <p>Not thread-safe; confined to the owning connector's event loop.
 */
public final class SubscriptionSet {
    /** What the connector should send next. */
    public sealed interface Action {
        /** Nothing to send: the venue already has the desired list. */
        record None() implements Action {}

        /** Send this full list; it replaces the previous one. Never empty. */
        record Replace(List<String> codes) implements Action {
            public Replace {
                codes = List.copyOf(codes);
                if (codes.isEmpty()) {
                    throw new IllegalArgumentException("empty subscription request");
                }
            }
        }

        /** Cancel this kind of subscription entirely. */
        record CancelAll() implements Action {}
    }

    private static final Action NONE = new Action.None();

    private final TreeSet<String> desired = new TreeSet<>();
    private TreeSet<String> sent = new TreeSet<>();
    private boolean forced;

    /** Sets the desired codes; returns true when they differ from the previous desired set. */
    public boolean setDesired(Collection<String> codes) {
        TreeSet<String> next = new TreeSet<>(codes);
        if (next.equals(desired)) {
            return false;
        }
        desired.clear();
        desired.addAll(next);
        return true;
    }

    /** The desired codes, sorted. */
    public Set<String> desired() {
        return Set.copyOf(desired);
    }

    /** The codes of the last request sent on the current connection, sorted. */
    public Set<String> sent() {
        return Set.copyOf(sent);
    }

    /** What to send now, without changing state; pass the result to {@link #markSent(Action)} once written. */
    public Action next() {
        if (desired.isEmpty()) {
            return sent.isEmpty() ? NONE : new Action.CancelAll();
        }
        if (forced || !desired.equals(sent)) {
            return new Action.Replace(List.copyOf(desired));
        }
        return NONE;
    }

    /** True when {@link #next()} would return something to send. */
    public boolean pending() {
        return !(next() instanceof Action.None);
    }

    /** Records that {@code action} was written to the connection. */
    public void markSent(Action action) {
        if (action instanceof Action.Replace) {
            sent = new TreeSet<>(((Action.Replace) action).codes());
            forced = false;
        } else if (action instanceof Action.CancelAll) {
            sent = new TreeSet<>();
            forced = false;
        }
    }

    /**
     * Makes the next {@link #next()} re-send the full list even though the venue should have it: how a silent
     * symbol is re-subscribed without dropping the connection.
     */
    public void forceResend() {
        forced = true;
    }

    /** The venue rejected or lost the last request: send it again. */
    public void requestFailed() {
        sent = new TreeSet<>();
        forced = true;
    }

    /** The connection is gone; the venue forgot everything it was sent. */
    public void connectionLost() {
        sent = new TreeSet<>();
        forced = false;
    }
}
