package dev.tickplant.ingest.sim;

import io.vertx.core.http.ServerWebSocket;
import java.util.Objects;

/**
 * What every simulator knows about one client connection: its id, its socket and whether a {@code goSilent} fault
 * has muted it. Venue simulators extend it with their protocol state (subscriptions, books, ping bookkeeping).
 * Confined to the simulator's event loop.
 */
public class SimulatorSession {
    private final int id;
    private final ServerWebSocket socket;
    private boolean silenced;

    /**
     * @param id the connection's id, unique within one simulator (see {@link VenueSessions#nextId()})
     * @param socket the client's socket
     */
    public SimulatorSession(int id, ServerWebSocket socket) {
        this.id = id;
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    /** The connection's id, unique within one simulator. */
    public final int id() {
        return id;
    }

    /** The client's socket. */
    public final ServerWebSocket socket() {
        return socket;
    }

    /** From now on nothing is sent on this connection, which stays open (a hung venue). */
    public final void silence() {
        silenced = true;
    }

    /** Undoes {@link #silence()}; a venue whose silence ends when the client subscribes again uses it. */
    public final void unsilence() {
        silenced = false;
    }

    /** Whether the connection is silenced now. */
    public final boolean silenced() {
        return silenced;
    }

    /**
     * Whether a push may be written now: not silenced, still open and with room in the write queue. A simulator
     * skips a slow client's push rather than queueing without bound, as a real venue would.
     */
    public final boolean writable() {
        return !silenced && !socket.isClosed() && !socket.writeQueueFull();
    }
}
