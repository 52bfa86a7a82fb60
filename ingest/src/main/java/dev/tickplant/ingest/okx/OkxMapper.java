package dev.tickplant.ingest.okx;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.ingest.VenueDecimal;
import dev.tickplant.ingest.okx.OkxFrames.BookData;
import dev.tickplant.ingest.okx.OkxFrames.Level;
import dev.tickplant.ingest.okx.OkxFrames.TickerData;
import dev.tickplant.ingest.okx.OkxFrames.TradeData;
import java.util.ArrayList;
import java.util.List;

/**
 * OKX records to common events: prices exact at the instrument's price scale, sizes rounded half-up to its size
 * scale, OKX's millisecond {@code ts} as nanos.
 *
 * <p>Stateless. Methods throw {@link NumberFormatException} (an {@link IllegalArgumentException}) on decimals that do
 * not fit.
 */
public final class OkxMapper {
    static final String VENUE = "okx";

    private OkxMapper() {}

    /** A {@code bbo-tbt} message as a quote; {@code venueSeq} is its {@code seqId} (0 without one). */
    public static Quote bbo(Instrument i, BookData d, long recvNanos) {
        Level bid = d.bids().isEmpty() ? null : d.bids().get(0);
        Level ask = d.asks().isEmpty() ? null : d.asks().get(0);
        long bidPx = bid == null ? 0 : VenueDecimal.sidePrice(bid.price(), i.priceScale());
        long askPx = ask == null ? 0 : VenueDecimal.sidePrice(ask.price(), i.priceScale());
        return new Quote(i.symbol(), VENUE, bidPx, bid == null ? 0 : VenueDecimal.sideSize(bidPx, bid.size(),
                i.sizeScale()), askPx, ask == null ? 0 : VenueDecimal.sideSize(askPx, ask.size(), i.sizeScale()), 0,
                i.priceScale(), i.sizeScale(), d.hasSeqId() ? d.seqId() : 0, nanos(d.tsMs(), recvNanos), recvNanos,
                0);
    }

    /**
     * A {@code tickers} message as a quote with the venue's last trade price ({@code last}); a side OKX sends as
     * {@code ""} (or leaves out) is an empty side, a missing {@code last} is 0 (unknown).
     */
    public static Quote ticker(Instrument i, TickerData t, long recvNanos) {
        long bidPx = VenueDecimal.sidePrice(t.bidPx(), i.priceScale());
        long askPx = VenueDecimal.sidePrice(t.askPx(), i.priceScale());
        return new Quote(i.symbol(), VENUE, bidPx, VenueDecimal.sideSize(bidPx, t.bidSz(), i.sizeScale()), askPx,
                VenueDecimal.sideSize(askPx, t.askSz(), i.sizeScale()),
                VenueDecimal.lastPrice(t.last(), i.priceScale()), i.priceScale(), i.sizeScale(), 0,
                nanos(t.tsMs(), recvNanos), recvNanos, 0);
    }

    /** A trade; {@code side} is the taker's (unknown when the message has none). */
    public static Trade trade(Instrument i, TradeData t, long recvNanos) {
        Side side = "buy".equals(t.side()) ? Side.BUY : "sell".equals(t.side()) ? Side.SELL : Side.UNKNOWN;
        return new Trade(i.symbol(), VENUE, t.tradeId(), price(t.px(), i), size(t.sz(), i), i.priceScale(),
                i.sizeScale(), side, 0, nanos(t.tsMs(), recvNanos), recvNanos, 0);
    }

    /**
     * A {@code books} message: snapshot or update with {@code seqId}, {@code prevSeqId} and {@code checksum} when the
     * message carries them; without a chain {@code venueSeq} is 0 and {@code prevVenueSeq} -1.
     */
    public static BookUpdate book(Instrument i, boolean snapshot, BookData d, long recvNanos) {
        return new BookUpdate(i.symbol(), VENUE, snapshot, levels(d.bids(), i), levels(d.asks(), i), i.priceScale(),
                i.sizeScale(), 0, d.hasSeqId() ? d.seqId() : 0, snapshot || !d.chained() ? -1 : d.prevSeqId(),
                d.hasChecksum() ? d.checksum() : BookUpdate.NO_CHECKSUM, nanos(d.tsMs(), recvNanos), recvNanos, 0);
    }

    private static List<BookLevel> levels(List<Level> levels, Instrument i) {
        List<BookLevel> out = new ArrayList<>(levels.size());
        for (Level l : levels) {
            out.add(new BookLevel(price(l.price(), i), size(l.size(), i)));
        }
        return out;
    }

    /** OKX's millisecond {@code ts} as nanos; a message without one has the receive time. */
    private static long nanos(long tsMs, long recvNanos) {
        return tsMs > 0 ? tsMs * 1_000_000L : recvNanos;
    }

    private static long price(String text, Instrument i) {
        return VenueDecimal.price(text, i.priceScale());
    }

    private static long size(String text, Instrument i) {
        return VenueDecimal.size(text, i.sizeScale());
    }
}
