package dev.tickplant.common.model;

/** Aggressor side of a trade. The wire byte is fixed: codecs depend on it. */
public enum Side {
    BUY((byte) 1),
    SELL((byte) 2),
    UNKNOWN((byte) 0);

    private final byte wire;

    Side(byte wire) {
        this.wire = wire;
    }

    /** One-byte wire form. */
    public byte wire() {
        return wire;
    }

    /** Inverse of {@link #wire()}. */
    public static Side fromWire(byte b) {
        return switch (b) {
            case 1 -> BUY;
            case 2 -> SELL;
            case 0 -> UNKNOWN;
            default -> throw new IllegalArgumentException("unknown side byte " + b);
        };
    }
}
