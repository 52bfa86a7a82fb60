package dev.tickplant.ingest.okx;

import dev.tickplant.common.decimal.FixedPoint;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.Instrument;
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

    /** A {@code bbo-tbt} message as a quote; {@code venueSeq} is its {@code seqId}. */
    public static Quote bbo(Instrument i, BookData d, long recvNanos) {
        Level bid = d.bids().isEmpty() ? null : d.bids().get(0);
        Level ask = d.asks().isEmpty() ? null : d.asks().get(0);
        return new Quote(i.symbol(), VENUE, bid == null ? 0 : price(bid.price(), i), bid == null ? 0
                : size(bid.size(), i), ask == null ? 0 : price(ask.price(), i), ask == null ? 0 : size(ask.size(), i),
                0, i.priceScale(), i.sizeScale(), d.seqId(), d.tsMs() * 1_000_000L, recvNanos, 0);
    }

    /** A {@code tickers} message as a quote with the last trade price. */
    public static Quote ticker(Instrument i, TickerData t, long recvNanos) {
        return new Quote(i.symbol(), VENUE, price(t.bidPx(), i), size(t.bidSz(), i), price(t.askPx(), i),
                size(t.askSz(), i), t.last().isEmpty() ? 0 : price(t.last(), i), i.priceScale(), i.sizeScale(), 0,
                t.tsMs() * 1_000_000L, recvNanos, 0);
    }

    /** A trade; {@code side} is the taker's. */
    public static Trade trade(Instrument i, TradeData t, long recvNanos) {
        return new Trade(i.symbol(), VENUE, t.tradeId(), price(t.px(), i), size(t.sz(), i), i.priceScale(),
                i.sizeScale(), "buy".equals(t.side()) ? Side.BUY : Side.SELL, 0, t.tsMs() * 1_000_000L, recvNanos,
                0);
    }

    /** A {@code books} message: snapshot or update with {@code seqId}, {@code prevSeqId} and {@code checksum}. */
    public static BookUpdate book(Instrument i, boolean snapshot, BookData d, long recvNanos) {
        return new BookUpdate(i.symbol(), VENUE, snapshot, levels(d.bids(), i), levels(d.asks(), i), i.priceScale(),
                i.sizeScale(), 0, d.seqId(), snapshot ? -1 : d.prevSeqId(),
                d.hasChecksum() ? d.checksum() : BookUpdate.NO_CHECKSUM, d.tsMs() * 1_000_000L,
                recvNanos, 0);
    }

    private static List<BookLevel> levels(List<Level> levels, Instrument i) {
        List<BookLevel> out = new ArrayList<>(levels.size());
        for (Level l : levels) {
            out.add(new BookLevel(price(l.price(), i), size(l.size(), i)));
        }
        return out;
    }

    private static long price(String text, Instrument i) {
        return FixedPoint.parse(text, i.priceScale());
    }

    private static long size(String text, Instrument i) {
        return FixedPoint.parseRounded(text, i.sizeScale());
    }
}
