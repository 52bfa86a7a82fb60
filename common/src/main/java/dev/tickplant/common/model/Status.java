package dev.tickplant.common.model;

import java.util.Objects;

/**
 * A status change for one symbol on one venue.
 *
 * @param reason human-readable detail, never null
 */
public record Status(String symbol, String venue, StatusState state, String reason, long venueTsNanos,
        long recvTsNanos, long seq) implements MarketEvent {
    public Status {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Channel channel() {
        return Channel.STATUS;
    }

    /** This status with a normalizer sequence number. */
    public Status withSeq(long newSeq) {
        return new Status(symbol, venue, state, reason, venueTsNanos, recvTsNanos, newSeq);
    }
}
