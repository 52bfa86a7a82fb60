package dev.tickplant.gateway;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Open connections per API key id for {@link Entitlements#maxConnections()}, held across every gateway instance: this
 * instance's own connections, counted exactly, plus the latest counts the other instances announced (on this JVM or
 * other cluster nodes, see {@link dev.tickplant.common.model.KeyConnectionCounts}). A peer's counts expire after the
 * TTL of its announcement, so a node that dies without a word stops holding its keys' slots after at most one TTL
 * (leak-free), and a peer that stops or drops its last connection of a key frees the slots at once by announcing so.
 *
 * <p>Race window: admission checks this instance's counts plus what the peers last announced, and announcements take
 * one event-bus hop (microseconds within a JVM, a network round on a cluster). Two connects of one key that arrive
 * at two different instances within that hop may both be admitted, so a key can exceed its limit by at most one
 * connection per other instance, and only when connects race; the extra connection keeps its slot until it closes.
 * That is acceptable for what the limit is for (fair use of a commercial entitlement, not a security boundary): the
 * excess is small and bounded, needs deliberate simultaneous connects, and is visible in {@code limits}. Closing the
 * window would take a cluster-wide lock or CP counter on every connect, putting a cluster round trip (and a
 * dependency on cluster health) on every handshake, for every key.
 *
 * <p>Confined to the gateway verticle's event loop; not thread-safe.
 */
final class KeyConnections {
    private final Map<String, Integer> open = new HashMap<>();
    /** Latest announced counts of each other gateway instance, by its node id. */
    private final Map<String, PeerCounts> peers = new HashMap<>();
    private final LongSupplier nanoClock;
    private final Runnable onLocalChange;

    private record PeerCounts(Map<String, Integer> connections, long expiresAtNanos) {}

    /** Counting this instance only, for tests and single-instance use. */
    KeyConnections() {
        this(System::nanoTime, () -> { });
    }

    /**
     * @param nanoClock monotonic clock (like {@link System#nanoTime()}) for the peers' TTLs
     * @param onLocalChange runs after each change of this instance's counts (the gateway announces them)
     */
    KeyConnections(LongSupplier nanoClock, Runnable onLocalChange) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.onLocalChange = Objects.requireNonNull(onLocalChange, "onLocalChange");
    }

    /** Counts a connection of {@code key} unless it is at its limit; false (and nothing counted) when it is. */
    boolean tryAcquire(ApiKey key) {
        if (!hasRoom(key)) {
            return false;
        }
        open.merge(key.id(), 1, Integer::sum);
        onLocalChange.run();
        return true;
    }

    /** True when {@code key} could open one more connection, counting every gateway instance. */
    boolean hasRoom(ApiKey key) {
        int max = key.entitlements().maxConnections();
        return max <= 0 || count(key.id()) < max;
    }

    /** Forgets one connection of {@code key} on this instance. */
    void release(ApiKey key) {
        if (open.containsKey(key.id())) {
            open.computeIfPresent(key.id(), (id, n) -> n <= 1 ? null : n - 1);
            onLocalChange.run();
        }
    }

    /** Open connections of {@code keyId} on every gateway instance, as far as this one knows. */
    int count(String keyId) {
        long now = nanoClock.getAsLong();
        int total = open.getOrDefault(keyId, 0);
        for (PeerCounts p : peers.values()) {
            if (p.expiresAtNanos - now > 0) {
                total += p.connections.getOrDefault(keyId, 0);
            }
        }
        return total;
    }

    /** This instance's own open connections per key id (a copy), as announced to the others. */
    Map<String, Integer> localCounts() {
        return Map.copyOf(open);
    }

    /**
     * Takes another instance's announcement: its counts replace what it announced before, valid for {@code
     * ttlMillis}; an empty map forgets the instance.
     */
    void onPeerCounts(String nodeId, Map<String, Integer> connections, long ttlMillis) {
        if (connections.isEmpty()) {
            peers.remove(nodeId);
            return;
        }
        peers.put(nodeId, new PeerCounts(Map.copyOf(connections),
                nanoClock.getAsLong() + ttlMillis * 1_000_000L));
    }

    /** Drops the announcements whose TTL has passed (their instance died or can no longer reach this one). */
    void expirePeers() {
        long now = nanoClock.getAsLong();
        for (Iterator<PeerCounts> it = peers.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAtNanos - now <= 0) {
                it.remove();
            }
        }
    }

    /** Number of other instances whose counts are held (expired ones until {@link #expirePeers()}). */
    int peerCount() {
        return peers.size();
    }
}
