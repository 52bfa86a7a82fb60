package dev.tickplant.common.symbol;

import java.util.Locale;
import java.util.Map;

/** Canonical venue ids (lower case) and the other names users call them by. */
public final class VenueNames {
    private static final Map<String, String> ALIASES = Map.of("huobi", "htx");

    private VenueNames() {}

    /** The canonical id for a venue name: lower case, with known aliases ({@code huobi} is {@code htx}) mapped. */
    public static String canonical(String venue) {
        String lower = venue.trim().toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(lower, lower);
    }
}
