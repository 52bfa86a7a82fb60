package dev.tickplant.ingest.ws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The symbols a venue has been asked for on the current connection, for venues that subscribe and unsubscribe one
 * symbol at a time (Binance, OKX, Bybit), and the changes that bring it to what is wanted. A change is recorded as
 * made when it is handed out, so asking again right away yields nothing: the requests it stands for are queued.
 *
 * <p>Not thread-safe; confined to the owning connector's event loop.
 */
public final class UpstreamSubscriptions {

    /** Subscribe or unsubscribe one symbol. */
    public record Change(boolean subscribe, String code) {}

    private final Set<String> upstream = new TreeSet<>();

    /**
     * The changes from what the venue has to {@code wanted}: subscribes in {@code wanted}'s order, then unsubscribes
     * in code order. They are recorded as made.
     */
    public List<Change> changesTo(Collection<String> wanted) {
        List<Change> changes = new ArrayList<>();
        for (String code : wanted) {
            if (upstream.add(code)) {
                changes.add(new Change(true, code));
            }
        }
        for (String code : new ArrayList<>(upstream)) {
            if (!wanted.contains(code)) {
                upstream.remove(code);
                changes.add(new Change(false, code));
            }
        }
        return changes;
    }

    /** Whether the venue has been asked for {@code code}. */
    public boolean contains(String code) {
        return upstream.contains(code);
    }

    /** Whether the venue has been asked for nothing. */
    public boolean isEmpty() {
        return upstream.isEmpty();
    }

    /** Forgets {@code code} (the venue refused it); returns whether it was there. */
    public boolean remove(String code) {
        return upstream.remove(code);
    }

    /** Forgets everything (a new connection starts with nothing subscribed). */
    public void clear() {
        upstream.clear();
    }
}
