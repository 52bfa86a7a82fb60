package dev.tickplant.common.model;

import java.util.List;
import java.util.Objects;

/**
 * A status change for one symbol on one venue, or the current state of a view as a snapshot serves it.
 *
 * @param reason human-readable detail, never null
 * @param venues for a consolidated view's snapshot, each contributing venue's own state (a live status change names
 *     its one venue in {@code venue} and leaves this empty)
 */
public record Status(String symbol, String venue, StatusState state, String reason, long venueTsNanos,
        long recvTsNanos, long seq, List<VenueStatus> venues) implements MarketEvent {
    public Status {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        venues = List.copyOf(venues);
    }

    /** A status of one venue, without a breakdown. */
    public Status(String symbol, String venue, StatusState state, String reason, long venueTsNanos, long recvTsNanos,
            long seq) {
        this(symbol, venue, state, reason, venueTsNanos, recvTsNanos, seq, List.of());
    }

    @Override
    public Channel channel() {
        return Channel.STATUS;
    }

    /** This status with a normalizer sequence number. */
    public Status withSeq(long newSeq) {
        return new Status(symbol, venue, state, reason, venueTsNanos, recvTsNanos, newSeq, venues);
    }
}
