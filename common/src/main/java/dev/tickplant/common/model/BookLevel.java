package dev.tickplant.common.model;

/** One price level: price and size mantissas. In a delta, size 0 removes the level. */
public record BookLevel(long price, long size) {
    public BookLevel {
        if (price <= 0 || size < 0) {
            throw new IllegalArgumentException("bad level " + price + "/" + size);
        }
    }
}
