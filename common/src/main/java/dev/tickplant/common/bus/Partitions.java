package dev.tickplant.common.bus;

/**
 * Maps a canonical symbol to a normalizer partition. Every node must use the same partition count; the mapping
 * uses {@link String#hashCode()}, whose value the Java specification fixes, so it agrees across JVMs.
 */
public final class Partitions {
    private Partitions() {}

    /** Partition of {@code canonicalSymbol} among {@code count} partitions. */
    public static int of(String canonicalSymbol, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("partition count must be positive: " + count);
        }
        return Math.floorMod(canonicalSymbol.hashCode(), count);
    }
}
