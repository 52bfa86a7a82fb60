package dev.tickplant.common.model;

import java.util.List;
import java.util.Objects;

/**
 * The latest normalized state of one symbol, as the normalizer serves it for snapshots on subscribe. Each part is
 * null when nothing has been seen yet; each carries the {@code seq} of its channel, so live updates with a
 * higher {@code seq} follow it without gap or duplicate.
 *
 * @param recentTrades the last trades of the view, oldest first, ending with {@code lastTrade} (bounded by the
 *     normalizer); empty when none was seen
 */
public record SymbolSnapshot(String symbol, Quote tick, Trade lastTrade, BookUpdate book, Status status,
        List<Trade> recentTrades) {
    public SymbolSnapshot {
        Objects.requireNonNull(symbol, "symbol");
        recentTrades = List.copyOf(recentTrades);
    }

    /** A snapshot whose only known trade is {@code lastTrade}. */
    public SymbolSnapshot(String symbol, Quote tick, Trade lastTrade, BookUpdate book, Status status) {
        this(symbol, tick, lastTrade, book, status, lastTrade == null ? List.of() : List.of(lastTrade));
    }
}
