package dev.tickplant.common.model;

import java.util.List;
import java.util.Objects;

/**
 * One venue's share of a consolidated (merged) book: its levels at the prices the merged book shows.
 *
 * @param bids best first
 * @param asks best first
 */
public record VenueDepth(String venue, List<BookLevel> bids, List<BookLevel> asks) {
    public VenueDepth {
        Objects.requireNonNull(venue, "venue");
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }
}
