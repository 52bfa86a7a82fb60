package dev.tickplant.ingest.kraken;

import dev.tickplant.ingest.kraken.KrakenFrames.Level;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * One symbol's order book as Kraken sent it, prices and quantities kept as the venue's literal text, so that the
 * v2 book checksum can be verified exactly. Levels are ordered by numeric price; a level whose quantity is zero is
 * removed, and after each message the book is truncated to the subscribed depth, as Kraken's guide prescribes.
 *
 * <p>Not thread-safe; confined to the owning connector's event loop.
 *
 * @see <a href="https://docs.kraken.com/api/docs/guides/spot-ws-book-v2">Spot WebSocket v2 book checksum</a>
 */
public final class KrakenBook {
    private final int depth;
    private final TreeMap<BigDecimal, Level> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<BigDecimal, Level> asks = new TreeMap<>();

    /** @param depth the subscribed depth; the book keeps at most this many levels per side */
    public KrakenBook(int depth) {
        this.depth = depth;
    }

    /** Replaces the book with a snapshot. */
    public void replace(List<Level> newBids, List<Level> newAsks) {
        bids.clear();
        asks.clear();
        apply(newBids, newAsks);
    }

    /**
     * Applies an update (or snapshot content) level by level and truncates to the depth.
     *
     * @return the levels that fell out of the subscribed depth, bids then asks (the venue sends no delete for them)
     */
    public List<List<Level>> apply(List<Level> bidUpdates, List<Level> askUpdates) {
        applySide(bids, bidUpdates);
        applySide(asks, askUpdates);
        return List.of(truncate(bids), truncate(asks));
    }

    /** Current bids, best (highest) first. */
    public List<Level> bids() {
        return new ArrayList<>(bids.values());
    }

    /** Current asks, best (lowest) first. */
    public List<Level> asks() {
        return new ArrayList<>(asks.values());
    }

    /** The CRC32 of this book's top 10 levels per side, as Kraken computes it. */
    public long checksum() {
        return checksum(bids(), asks());
    }

    /**
     * Kraken's v2 book checksum: for the top 10 asks (low to high) and then the top 10 bids (high to low), the price
     * and the quantity with the decimal point and leading zeros removed, concatenated; CRC32 of that, unsigned.
     *
     * @param bestBids bids, best first; decimals as the venue's text
     * @param bestAsks asks, best first
     */
    public static long checksum(List<Level> bestBids, List<Level> bestAsks) {
        StringBuilder sb = new StringBuilder(512);
        append(sb, bestAsks);
        append(sb, bestBids);
        CRC32 crc = new CRC32();
        crc.update(sb.toString().getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    private static void append(StringBuilder sb, List<Level> levels) {
        for (int i = 0; i < Math.min(10, levels.size()); i++) {
            Level l = levels.get(i);
            appendDigits(sb, l.price());
            appendDigits(sb, l.qty());
        }
    }

    private static void appendDigits(StringBuilder sb, String decimal) {
        String text = decimal;
        if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
            // Exponent notation carries no trailing-zero information; its plain form is the best available text.
            text = new BigDecimal(text).toPlainString();
        }
        boolean leading = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                continue;
            }
            if (leading && c == '0') {
                continue;
            }
            leading = false;
            sb.append(c);
        }
    }

    private static void applySide(TreeMap<BigDecimal, Level> side, List<Level> updates) {
        for (Level l : updates) {
            BigDecimal price = new BigDecimal(l.price());
            if (new BigDecimal(l.qty()).signum() == 0) {
                side.remove(price);
            } else {
                side.put(price, l);
            }
        }
    }

    private List<Level> truncate(TreeMap<BigDecimal, Level> side) {
        List<Level> dropped = new ArrayList<>();
        while (side.size() > depth) {
            Map.Entry<BigDecimal, Level> worst = side.pollLastEntry();
            dropped.add(worst.getValue());
        }
        return dropped;
    }
}
