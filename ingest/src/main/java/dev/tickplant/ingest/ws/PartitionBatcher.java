package dev.tickplant.ingest.ws;

import dev.tickplant.common.bus.Partitions;
import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.MarketEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Groups outgoing events per normalizer partition into {@link EventBatch}es, batching without adding latency: the
 * first event into an empty batch schedules a flush at the end of the current event-loop turn (through the
 * injected {@code scheduler}, in production {@code context.runOnContext}), so everything one venue frame produced
 * leaves together and nothing waits for a timer; a batch that reaches {@code maxBatchEvents} is sent at once.
 * Events of one partition keep their order, because a partition's batch is only ever sent whole and in sequence.
 *
 * <p>Not thread-safe; confined to the owning connector's event loop.
 */
public final class PartitionBatcher {
    /** Receives a full or flushed batch for a partition; in production it sends to {@code tp.norm.<p>}. */
    @FunctionalInterface
    public interface Sink {
        void send(int partition, EventBatch batch);
    }

    private final int partitionCount;
    private final int maxBatchEvents;
    private final String source;
    private final Sink sink;
    private final Consumer<Runnable> scheduler;
    private final List<List<MarketEvent>> pending;
    private boolean flushScheduled;
    private long batchesSent;
    private long eventsSent;

    /**
     * @param partitionCount number of normalizer partitions (must match every node)
     * @param maxBatchEvents batch size that triggers an immediate send
     * @param source id of the producing connector instance, carried in every batch
     * @param sink where batches go
     * @param scheduler runs a task at the end of the current event-loop turn
     */
    public PartitionBatcher(int partitionCount, int maxBatchEvents, String source, Sink sink,
            Consumer<Runnable> scheduler) {
        if (partitionCount <= 0 || maxBatchEvents <= 0) {
            throw new IllegalArgumentException("partitionCount and maxBatchEvents must be positive");
        }
        this.partitionCount = partitionCount;
        this.maxBatchEvents = maxBatchEvents;
        this.source = source;
        this.sink = sink;
        this.scheduler = scheduler;
        this.pending = new ArrayList<>(partitionCount);
        for (int p = 0; p < partitionCount; p++) {
            pending.add(new ArrayList<>());
        }
    }

    /** Queues one event for its symbol's partition. */
    public void add(MarketEvent event) {
        int p = Partitions.of(event.symbol(), partitionCount);
        List<MarketEvent> batch = pending.get(p);
        batch.add(event);
        if (batch.size() >= maxBatchEvents) {
            send(p, batch);
            return;
        }
        if (!flushScheduled) {
            flushScheduled = true;
            scheduler.accept(this::flush);
        }
    }

    /** Sends every non-empty batch now. */
    public void flush() {
        flushScheduled = false;
        for (int p = 0; p < partitionCount; p++) {
            List<MarketEvent> batch = pending.get(p);
            if (!batch.isEmpty()) {
                send(p, batch);
            }
        }
    }

    private void send(int partition, List<MarketEvent> batch) {
        EventBatch out = new EventBatch(source, batch);
        batch.clear();
        batchesSent++;
        eventsSent += out.events().size();
        sink.send(partition, out);
    }

    /** Batches sent so far. */
    public long batchesSent() {
        return batchesSent;
    }

    /** Events sent so far. */
    public long eventsSent() {
        return eventsSent;
    }
}
