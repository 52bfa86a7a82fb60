package dev.tickplant.common.model;

import java.util.Objects;

/**
 * One venue's state within a consolidated view's status (see {@link Status#venues()}).
 *
 * @param reason human-readable detail, never null
 */
public record VenueStatus(String venue, StatusState state, String reason) {
    public VenueStatus {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }
}
