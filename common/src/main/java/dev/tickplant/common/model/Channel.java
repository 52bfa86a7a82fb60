package dev.tickplant.common.model;

import java.util.Locale;

/** A kind of market-data stream. Each (channel, symbol) has its own {@code seq}. */
public enum Channel {
    /** Best bid/ask with sizes and last price. */
    TICK,
    /** Individual trades. */
    TRADE,
    /** Order book levels. */
    DEPTH,
    /** Venue and symbol status changes. */
    STATUS;

    /** Lower-case name used in addresses and on the client wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
