package dev.tickplant.common.model;

import java.util.List;
import java.util.Objects;

/**
 * Venue events batched on the high-rate ingest → normalizer hop. All events of a batch belong to one normalizer
 * partition and keep the order ingest read them in.
 *
 * @param source id of the connector instance that produced the batch (venue plus node), for duplicate detection
 */
public record EventBatch(String source, List<MarketEvent> events) {
    public EventBatch {
        Objects.requireNonNull(source, "source");
        events = List.copyOf(events);
    }
}
