package dev.tickplant.ingest.ws;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.ingest.Reject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a connector's events go: into a {@link PartitionBatcher} towards the normalizer partitions, counted as
 * {@code tickplant.ingest.events}; and where its rejected input is counted, per reason, as
 * {@code tickplant.ingest.rejects}. Every connector reports a symbol's state the same way, so statuses are built here.
 *
 * <p>Confined to the owning connector's event loop.
 */
public final class FeedOutput {
    private static final Logger LOG = LoggerFactory.getLogger(FeedOutput.class);

    private final String feedId;
    private final String venue;
    private final PartitionBatcher batcher;
    private final MeterRegistry meters;
    private final Counter eventsOut;
    private final Map<Reject, Counter> rejects = new EnumMap<>(Reject.class);

    /**
     * @param feedId the feed's id, tagged on its meters
     * @param venue the venue id statuses carry
     */
    public FeedOutput(String feedId, String venue, PartitionBatcher batcher, MeterRegistry meters) {
        this.feedId = feedId;
        this.venue = venue;
        this.batcher = batcher;
        this.meters = meters;
        this.eventsOut = Counter.builder("tickplant.ingest.events").tag("feed", feedId).register(meters);
    }

    /**
     * Output to the normalizers over the event bus ({@code tp.norm.<partition>}), flushed at the end of each turn of
     * {@code context}'s event loop.
     *
     * @param source id of this connector instance, carried in every batch
     */
    public static FeedOutput toNormalizers(Vertx vertx, Context context, String feedId, String venue, String source,
            int partitionCount, int maxBatchEvents, MeterRegistry meters) {
        PartitionBatcher batcher = new PartitionBatcher(partitionCount, maxBatchEvents, source,
                (p, batch) -> vertx.eventBus().send(Addresses.normalizer(p), batch),
                task -> context.runOnContext(v -> task.run()));
        return new FeedOutput(feedId, venue, batcher, meters);
    }

    /** Queues one event for its partition. */
    public void emit(MarketEvent event) {
        batcher.add(event);
        eventsOut.increment();
    }

    /** Reports a symbol's state on this venue; {@code tsNanos} is both its venue and its receive time. */
    public void status(String symbol, StatusState state, String reason, long tsNanos) {
        emit(new Status(symbol, venue, state, reason, tsNanos, tsNanos, 0));
    }

    /** Counts (and logs at DEBUG) input that could not be used. */
    public void reject(Reject reason, String detail) {
        rejects.computeIfAbsent(reason, r -> Counter.builder("tickplant.ingest.rejects").tag("feed", feedId)
                .tag("reason", r.name().toLowerCase(Locale.ROOT)).register(meters)).increment();
        LOG.debug("feed={} rejected frame reason={} detail={}", feedId, reason, detail);
    }

    /** Sends every pending batch now (on stop, so that nothing queued is lost). */
    public void flush() {
        batcher.flush();
    }
}
