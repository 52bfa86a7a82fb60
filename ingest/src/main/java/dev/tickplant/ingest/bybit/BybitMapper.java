package dev.tickplant.ingest.bybit;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.ingest.VenueDecimal;
import dev.tickplant.ingest.bybit.BybitFrames.Level;
import dev.tickplant.ingest.bybit.BybitFrames.OrderbookPush;
import dev.tickplant.ingest.bybit.BybitFrames.TradeData;
import java.util.ArrayList;
import java.util.List;

/**
 * Bybit records to common events: prices exact at the instrument's price scale, sizes rounded half-up to its size
 * scale, millisecond times as nanos.
 *
 * <p>Stateless. Methods throw {@link NumberFormatException} on decimals that do not fit.
 */
public final class BybitMapper {
    static final String VENUE = "bybit";

    private BybitMapper() {}

    /** A trade; {@code S} is the taker side (unknown without it). */
    public static Trade trade(Instrument i, TradeData t, long recvNanos) {
        Side side = "Buy".equals(t.side()) ? Side.BUY : "Sell".equals(t.side()) ? Side.SELL : Side.UNKNOWN;
        return new Trade(i.symbol(), VENUE, t.tradeId(), price(t.price(), i), size(t.size(), i), i.priceScale(),
                i.sizeScale(), side, 0, nanos(t.timeMs(), recvNanos), recvNanos, 0);
    }

    /** A book message; {@code venueSeq} is {@code u}, a delta follows {@code prevUpdateId}. */
    public static BookUpdate book(Instrument i, OrderbookPush p, long prevUpdateId, long recvNanos) {
        return new BookUpdate(i.symbol(), VENUE, p.snapshot(), levels(p.bids(), i), levels(p.asks(), i),
                i.priceScale(), i.sizeScale(), 0, p.updateId(), p.snapshot() ? -1 : prevUpdateId,
                BookUpdate.NO_CHECKSUM, nanos(p.tsMs(), recvNanos), recvNanos, 0);
    }

    static List<BookLevel> levels(List<Level> levels, Instrument i) {
        List<BookLevel> out = new ArrayList<>(levels.size());
        for (Level l : levels) {
            out.add(new BookLevel(price(l.price(), i), size(l.size(), i)));
        }
        return out;
    }

    /** Bybit's millisecond time as nanos; without one, the receive time. */
    static long nanos(long tsMs, long recvNanos) {
        return tsMs > 0 ? tsMs * 1_000_000L : recvNanos;
    }

    static long price(String text, Instrument i) {
        return VenueDecimal.price(text, i.priceScale());
    }

    static long size(String text, Instrument i) {
        return VenueDecimal.size(text, i.sizeScale());
    }
}
