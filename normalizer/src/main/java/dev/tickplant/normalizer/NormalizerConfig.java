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
 * @param depthLevels levels per side kept in published depth images (venue and consolidated)
 * @param staleAfterMs a venue that sends nothing for a symbol this long while its market is open is stale and leaves
 *     the consolidated view
 * @param resyncMinIntervalMs at most one snapshot request per book within this interval (no snapshot storms)
 * @param maxBufferedDeltas book deltas kept per book while a snapshot is awaited
 * @param checkIntervalMs how often sessions, staleness and pending resyncs are evaluated
 */
public record NormalizerConfig(int partitionCount, Set<Integer> ownedPartitions, int maxBufferedBatches,
        int depthLevels, long staleAfterMs, long resyncMinIntervalMs, int maxBufferedDeltas, long checkIntervalMs) {
    public static final int DEFAULT_PARTITION_COUNT = 8;
    public static final int DEFAULT_MAX_BUFFERED_BATCHES = 10_000;
    public static final int DEFAULT_DEPTH_LEVELS = 50;
    public static final long DEFAULT_STALE_AFTER_MS = 60_000;
    public static final long DEFAULT_RESYNC_MIN_INTERVAL_MS = 2_000;
    public static final int DEFAULT_MAX_BUFFERED_DELTAS = 10_000;
    public static final long DEFAULT_CHECK_INTERVAL_MS = 1_000;

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
        if (depthLevels <= 0 || depthLevels > 1000) {
            throw new IllegalArgumentException("depthLevels must be within 1..1000: " + depthLevels);
        }
        if (staleAfterMs <= 0 || resyncMinIntervalMs < 0 || maxBufferedDeltas <= 0 || checkIntervalMs <= 0) {
            throw new IllegalArgumentException("staleAfterMs, maxBufferedDeltas, checkIntervalMs must be positive and "
                    + "resyncMinIntervalMs not negative");
        }
    }

    /** The settings before books and sessions, with defaults for the rest. */
    public NormalizerConfig(int partitionCount, Set<Integer> ownedPartitions, int maxBufferedBatches) {
        this(partitionCount, ownedPartitions, maxBufferedBatches, DEFAULT_DEPTH_LEVELS, DEFAULT_STALE_AFTER_MS,
                DEFAULT_RESYNC_MIN_INTERVAL_MS, DEFAULT_MAX_BUFFERED_DELTAS, DEFAULT_CHECK_INTERVAL_MS);
    }

    /** Defaults for everything, over {@code partitionCount} partitions. */
    public static NormalizerConfig defaults(int partitionCount) {
        return new NormalizerConfig(partitionCount, Set.of(), DEFAULT_MAX_BUFFERED_BATCHES);
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

    /**
     * Keys: {@code partitions} (array of ints, optional), {@code maxBufferedBatches}, {@code depthLevels},
     * {@code staleAfterMs}, {@code resyncMinIntervalMs}, {@code maxBufferedDeltas}, {@code checkIntervalMs};
     * partition count is global.
     */
    public static NormalizerConfig fromJson(JsonObject json, int partitionCount) {
        Set<Integer> owned = new TreeSet<>();
        JsonArray list = json.getJsonArray("partitions", new JsonArray());
        for (int i = 0; i < list.size(); i++) {
            owned.add(list.getInteger(i));
        }
        return new NormalizerConfig(partitionCount, owned,
                json.getInteger("maxBufferedBatches", DEFAULT_MAX_BUFFERED_BATCHES),
                json.getInteger("depthLevels", DEFAULT_DEPTH_LEVELS),
                json.getLong("staleAfterMs", DEFAULT_STALE_AFTER_MS),
                json.getLong("resyncMinIntervalMs", DEFAULT_RESYNC_MIN_INTERVAL_MS),
                json.getInteger("maxBufferedDeltas", DEFAULT_MAX_BUFFERED_DELTAS),
                json.getLong("checkIntervalMs", DEFAULT_CHECK_INTERVAL_MS));
    }
}
