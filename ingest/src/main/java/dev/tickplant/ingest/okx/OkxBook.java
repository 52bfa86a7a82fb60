package dev.tickplant.ingest.okx;

import dev.tickplant.ingest.okx.OkxFrames.Level;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * One OKX order book as the venue's decimal text, to verify the venue's checksum: CRC32 over the best 25 bids and
 * asks interleaved as {@code bidPx:bidSz:askPx:askSz:…} (a side that runs out is simply left out), using the exact
 * strings received, taken as a signed 32-bit integer. Levels are keyed by numeric price so that {@code "3366"} and
 * {@code "3366.0"} are the same level; the text kept is the latest received.
 *
 * <p>Not thread-safe; confined to the connector's event loop (the simulator keeps its own instance).
 *
 * @see <a href="https://www.okx.com/docs-v5/en/#order-book-trading-market-data-ws-order-book-channel">OKX checksum</a>
 */
public final class OkxBook {
    /** Levels per side that enter the checksum. */
    public static final int CHECKSUM_LEVELS = 25;

    private final TreeMap<BigDecimal, Level> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<BigDecimal, Level> asks = new TreeMap<>();

    /** Replaces the book. */
    public void snapshot(Collection<Level> newBids, Collection<Level> newAsks) {
        bids.clear();
        asks.clear();
        update(newBids, newAsks);
    }

    /** Applies changed levels; size zero removes a level. */
    public void update(Collection<Level> changedBids, Collection<Level> changedAsks) {
        apply(bids, changedBids);
        apply(asks, changedAsks);
    }

    private static void apply(TreeMap<BigDecimal, Level> side, Collection<Level> levels) {
        for (Level l : levels) {
            BigDecimal price = new BigDecimal(l.price());
            if (new BigDecimal(l.size()).signum() == 0) {
                side.remove(price);
            } else {
                side.put(price, l);
            }
        }
    }

    /** Best bids first. */
    public List<Level> bids() {
        return new ArrayList<>(bids.values());
    }

    /** Best asks first. */
    public List<Level> asks() {
        return new ArrayList<>(asks.values());
    }

    /** The venue's checksum of this book. */
    public int checksum() {
        return checksum(bids(), asks());
    }

    /** OKX's checksum of the given sides (best first). */
    public static int checksum(List<Level> bids, List<Level> asks) {
        return crc32(checksumText(bids, asks));
    }

    /** The text the checksum is computed over. */
    public static String checksumText(List<Level> bids, List<Level> asks) {
        StringBuilder sb = new StringBuilder(1024);
        Iterator<Level> b = bids.iterator();
        Iterator<Level> a = asks.iterator();
        for (int i = 0; i < CHECKSUM_LEVELS && (b.hasNext() || a.hasNext()); i++) {
            if (b.hasNext()) {
                Level l = b.next();
                append(sb, l);
            }
            if (a.hasNext()) {
                Level l = a.next();
                append(sb, l);
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, Level l) {
        if (sb.length() > 0) {
            sb.append(':');
        }
        sb.append(l.price()).append(':').append(l.size());
    }

    /** CRC32 of the UTF-8 text, as a signed 32-bit integer. */
    public static int crc32(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
