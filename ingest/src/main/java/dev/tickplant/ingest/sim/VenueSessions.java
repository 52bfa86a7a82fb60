package dev.tickplant.ingest.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The open client connections of one simulator, with the counters tests read. Adding, removing and iterating are
 * confined to the simulator's event loop; {@link #accepted()} and {@link #open()} may be read from any thread.
 *
 * @param <S> the venue's session type
 */
public final class VenueSessions<S extends SimulatorSession> {
    /** The close code a venue restart sends (1001, going away). */
    public static final short GOING_AWAY = 1001;

    private final List<S> sessions = new ArrayList<>();
    private final List<S> view = Collections.unmodifiableList(sessions);
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile int open;
    private int nextId = 1;

    /** The id for the next connection: 1, 2, 3... */
    public int nextId() {
        return nextId++;
    }

    /** Records an accepted connection. */
    public void add(S session) {
        accepted.incrementAndGet();
        sessions.add(session);
        open = sessions.size();
    }

    /** Counts a connection accepted and then refused at once (a bad token): accepted, but never open. */
    public void countRefused() {
        accepted.incrementAndGet();
    }

    /** Forgets a closed connection; returns false if it was not there. */
    public boolean remove(S session) {
        boolean removed = sessions.remove(session);
        open = sessions.size();
        return removed;
    }

    /** The open connections in the order they were accepted; a live, read-only view. */
    public List<S> all() {
        return view;
    }

    /** Runs {@code action} on a copy of the open connections, so that it may close or remove them. */
    public void forEachCopy(Consumer<? super S> action) {
        new ArrayList<>(sessions).forEach(action);
    }

    /** Closes every connection with 1001, as a venue restart would. */
    public void dropAll() {
        forEachCopy(s -> s.socket().close(GOING_AWAY, "simulated outage"));
    }

    /** Mutes every current connection; connections accepted later behave normally. */
    public void silenceAll() {
        sessions.forEach(SimulatorSession::silence);
    }

    /** Closes every connection without a reason, when the simulator stops. */
    public void closeAll() {
        forEachCopy(s -> s.socket().close());
    }

    /** Connections accepted so far; readable from any thread. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections open now; readable from any thread. */
    public int open() {
        return open;
    }
}
