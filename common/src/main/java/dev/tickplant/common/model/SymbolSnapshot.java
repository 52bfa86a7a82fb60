package dev.tickplant.common.model;

import java.util.Objects;

/**
 * The latest normalized state of one symbol, as the normalizer serves it for snapshots on subscribe. Each part is
 * null when nothing has been seen yet; each carries the {@code seq} of its channel, so live updates with a
 * higher {@code seq} follow it without gap or duplicate.
 */
public record SymbolSnapshot(String symbol, Quote tick, Trade lastTrade, BookUpdate book, Status status) {
    public SymbolSnapshot {
        Objects.requireNonNull(symbol, "symbol");
    }
}
