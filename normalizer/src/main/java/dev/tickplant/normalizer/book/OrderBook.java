package dev.tickplant.normalizer.book;

import dev.tickplant.common.model.BookLevel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One venue's L2 book for one symbol: price mantissa to size mantissa per side, best first. A delta level with size
 * 0 removes the price. Not thread-safe; confined to the owning normalizer.
 */
public final class OrderBook {
    private final TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, Long> asks = new TreeMap<>();

    /** Replaces the whole book (a snapshot). Levels of size 0 are kept, so {@link #violation()} reports them. */
    public void replace(List<BookLevel> newBids, List<BookLevel> newAsks) {
        bids.clear();
        asks.clear();
        for (BookLevel l : newBids) {
            bids.put(l.price(), l.size());
        }
        for (BookLevel l : newAsks) {
            asks.put(l.price(), l.size());
        }
    }

    /** Applies changed levels (a delta): size 0 removes the price, anything else sets it. */
    public void apply(List<BookLevel> bidChanges, List<BookLevel> askChanges) {
        applySide(bids, bidChanges);
        applySide(asks, askChanges);
    }

    private static void applySide(TreeMap<Long, Long> side, List<BookLevel> changes) {
        for (BookLevel l : changes) {
            if (l.size() == 0) {
                side.remove(l.price());
            } else {
                side.put(l.price(), l.size());
            }
        }
    }

    /** Empties the book. */
    public void clear() {
        bids.clear();
        asks.clear();
    }

    /**
     * Checks the invariants: every size positive, levels strictly sorted best first (the maps guarantee that), and
     * best bid strictly below best ask.
     *
     * @return null when the book is consistent, else what is wrong
     */
    public String violation() {
        for (Map.Entry<Long, Long> e : bids.entrySet()) {
            if (e.getValue() <= 0) {
                return "bid level " + e.getKey() + " has size " + e.getValue();
            }
        }
        for (Map.Entry<Long, Long> e : asks.entrySet()) {
            if (e.getValue() <= 0) {
                return "ask level " + e.getKey() + " has size " + e.getValue();
            }
        }
        if (!bids.isEmpty() && !asks.isEmpty() && bids.firstKey() >= asks.firstKey()) {
            return "crossed book: best bid " + bids.firstKey() + " >= best ask " + asks.firstKey();
        }
        return null;
    }

    /** Best bid price, or 0 when the side is empty. */
    public long bestBid() {
        return bids.isEmpty() ? 0 : bids.firstKey();
    }

    /** Size at the best bid, or 0. */
    public long bestBidSize() {
        return bids.isEmpty() ? 0 : bids.firstEntry().getValue();
    }

    /** Best ask price, or 0 when the side is empty. */
    public long bestAsk() {
        return asks.isEmpty() ? 0 : asks.firstKey();
    }

    /** Size at the best ask, or 0. */
    public long bestAskSize() {
        return asks.isEmpty() ? 0 : asks.firstEntry().getValue();
    }

    /** Up to {@code max} bid levels, best (highest) first. */
    public List<BookLevel> bids(int max) {
        return top(bids, max);
    }

    /** Up to {@code max} ask levels, best (lowest) first. */
    public List<BookLevel> asks(int max) {
        return top(asks, max);
    }

    /** Number of bid levels. */
    public int bidDepth() {
        return bids.size();
    }

    /** Number of ask levels. */
    public int askDepth() {
        return asks.size();
    }

    private static List<BookLevel> top(TreeMap<Long, Long> side, int max) {
        List<BookLevel> out = new ArrayList<>(Math.min(max, side.size()));
        for (Map.Entry<Long, Long> e : side.entrySet()) {
            if (out.size() >= max) {
                break;
            }
            out.add(new BookLevel(e.getKey(), e.getValue()));
        }
        return out;
    }
}
