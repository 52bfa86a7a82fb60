package dev.tickplant.common.model;

import java.util.Locale;

/** The health of a venue feed or of one symbol on it. The ordinal is not the wire form; {@link #wire()} is. */
public enum StatusState {
    /** Data is flowing and trustworthy. */
    LIVE((byte) 1),
    /** No data for longer than the symbol's staleness threshold while its market is open. */
    STALE((byte) 2),
    /** A book is being rebuilt from a fresh snapshot. */
    RESYNCING((byte) 3),
    /** The instrument's market is closed by its session calendar. */
    CLOSED((byte) 4),
    /** The upstream connection is down; a reconnect is under way. */
    DISCONNECTED((byte) 5),
    /** The venue rejected the symbol. */
    REJECTED((byte) 6);

    private final byte wire;

    StatusState(byte wire) {
        this.wire = wire;
    }

    /** One-byte wire form. */
    public byte wire() {
        return wire;
    }

    /** Lower-case name for the client wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Inverse of {@link #wire()}. */
    public static StatusState fromWire(byte b) {
        for (StatusState s : values()) {
            if (s.wire == b) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status byte " + b);
    }
}
