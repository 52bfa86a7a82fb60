package dev.tickplant.deploy;

import java.util.Collection;

/**
 * Rendezvous (highest random weight) hashing: every node computes the same owner for a key from the same member
 * list, without talking to the others, and when a node leaves only its own keys move.
 */
final class Rendezvous {
    private Rendezvous() {}

    /** The owner of {@code key} among {@code nodes}, or null when there are none. */
    static String owner(String key, Collection<String> nodes) {
        String best = null;
        long bestWeight = Long.MIN_VALUE;
        for (String node : nodes) {
            long weight = mix(key.hashCode() * 0x9E3779B97F4A7C15L + node.hashCode());
            if (best == null || weight > bestWeight || weight == bestWeight && node.compareTo(best) < 0) {
                best = node;
                bestWeight = weight;
            }
        }
        return best;
    }

    /** SplitMix64's finalizer: spreads the bits of the combined String hashes. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
