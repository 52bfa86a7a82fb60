package dev.tickplant.normalizer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;

/**
 * Normalizer settings.
 *
 * @param partitionCount number of symbol partitions in the cluster; must be the same on every node
 * @param ownedPartitions partitions this node serves; empty means all of them
 * @param maxBufferedBatches per-partition consumer buffer; beyond it Vert.x drops batches (and gateways re-snapshot
 *     on the resulting seq gap)
 */
public record NormalizerConfig(int partitionCount, Set<Integer> ownedPartitions, int maxBufferedBatches) {
    public static final int DEFAULT_PARTITION_COUNT = 8;
    public static final int DEFAULT_MAX_BUFFERED_BATCHES = 10_000;

    public NormalizerConfig {
        if (partitionCount <= 0) {
            throw new IllegalArgumentException("partitionCount must be positive: " + partitionCount);
        }
        ownedPartitions = Set.copyOf(ownedPartitions);
        for (int p : ownedPartitions) {
            if (p < 0 || p >= partitionCount) {
                throw new IllegalArgumentException("partition " + p + " outside 0.." + (partitionCount - 1));
            }
        }
        if (maxBufferedBatches <= 0) {
            throw new IllegalArgumentException("maxBufferedBatches must be positive");
        }
    }

    /** Partitions this node serves, resolving "empty means all". */
    public Set<Integer> partitions() {
        if (!ownedPartitions.isEmpty()) {
            return ownedPartitions;
        }
        Set<Integer> all = new TreeSet<>();
        for (int p = 0; p < partitionCount; p++) {
            all.add(p);
        }
        return all;
    }

    /** Keys: {@code partitions} (array of ints, optional), {@code maxBufferedBatches}; partition count is global. */
    public static NormalizerConfig fromJson(JsonObject json, int partitionCount) {
        Set<Integer> owned = new TreeSet<>();
        JsonArray list = json.getJsonArray("partitions", new JsonArray());
        for (int i = 0; i < list.size(); i++) {
            owned.add(list.getInteger(i));
        }
        return new NormalizerConfig(partitionCount, owned,
                json.getInteger("maxBufferedBatches", DEFAULT_MAX_BUFFERED_BATCHES));
    }
}
