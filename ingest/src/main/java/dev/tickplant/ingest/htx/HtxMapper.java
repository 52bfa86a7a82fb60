package dev.tickplant.ingest.htx;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.VenueDecimal;
import dev.tickplant.ingest.htx.HtxFrames.Bbo;
import dev.tickplant.ingest.htx.HtxFrames.Depth;
import dev.tickplant.ingest.htx.HtxFrames.Level;
import dev.tickplant.ingest.htx.HtxFrames.TradeItem;
import dev.tickplant.ingest.ws.FeedUniverse;
import java.util.ArrayList;
import java.util.List;

/**
 * HTX records → common events: canonical symbols, exact price mantissas, sizes rounded to the instrument's size
 * scale, millisecond times as epoch nanos. HTX writes decimals as JSON numbers, occasionally in exponent form
 * ({@code 1.0E-4}); those are turned into plain decimals first.
 *
 * <p>Stateless apart from the immutable universe; thread-safe.
 */
public final class HtxMapper {
    /** Venue id in events. */
    public static final String VENUE = "htx";

    /** The outcome of mapping one record. */
    public sealed interface Mapped {
        /** The event. */
        record Ok(MarketEvent event) implements Mapped {}

        /** Why the record was dropped. */
        record Rejected(Reject reason, String detail) implements Mapped {}
    }

    private final FeedUniverse universe;
    private final int maxLevels;

    /** @param maxLevels levels per side kept from each depth snapshot */
    public HtxMapper(FeedUniverse universe, int maxLevels) {
        this.universe = universe;
        this.maxLevels = maxLevels;
    }

    /** BBO → quote; {@code venueSeq} is the order book {@code seqId}. */
    public Mapped quote(Bbo b, long recvNanos) {
        Instrument i = universe.byCode(b.symbol());
        if (i == null) {
            return new Mapped.Rejected(Reject.PARSE_UNKNOWN_SYMBOL, b.symbol());
        }
        try {
            // A side left out (or 0) is an empty side. The bbo channel carries no last price: trades do.
            long bid = VenueDecimal.sidePrice(b.bid(), i.priceScale());
            long ask = VenueDecimal.sidePrice(b.ask(), i.priceScale());
            return new Mapped.Ok(new Quote(i.symbol(), VENUE, bid, VenueDecimal.sideSize(bid, b.bidSize(),
                    i.sizeScale()), ask, VenueDecimal.sideSize(ask, b.askSize(), i.sizeScale()), 0, i.priceScale(),
                    i.sizeScale(), b.seqId(), b.quoteTimeMs() > 0 ? b.quoteTimeMs() * 1_000_000L : recvNanos,
                    recvNanos, 0));
        } catch (IllegalArgumentException e) {
            return new Mapped.Rejected(Reject.MAP_BAD_DECIMAL, b.symbol() + ": " + e.getMessage());
        }
    }

    /** One trade print → trade; {@code direction} is the taker's side; the id stays text. */
    public Mapped trade(String symbol, TradeItem t, long recvNanos) {
        Instrument i = universe.byCode(symbol);
        if (i == null) {
            return new Mapped.Rejected(Reject.PARSE_UNKNOWN_SYMBOL, symbol);
        }
        try {
            return new Mapped.Ok(new Trade(i.symbol(), VENUE, t.tradeId(), price(t.price(), i), size(t.amount(), i),
                    i.priceScale(), i.sizeScale(), "buy".equals(t.direction()) ? Side.BUY
                            : "sell".equals(t.direction()) ? Side.SELL : Side.UNKNOWN, 0,
                    t.tsMs() > 0 ? t.tsMs() * 1_000_000L : recvNanos, recvNanos, 0));
        } catch (IllegalArgumentException e) {
            return new Mapped.Rejected(Reject.MAP_BAD_DECIMAL, symbol + ": " + e.getMessage());
        }
    }

    /** A depth push is a full snapshot of the top of the book: a snapshot book update with the version. */
    public Mapped book(Depth d, long recvNanos) {
        Instrument i = universe.byCode(d.symbol());
        if (i == null) {
            return new Mapped.Rejected(Reject.PARSE_UNKNOWN_SYMBOL, d.symbol());
        }
        try {
            return new Mapped.Ok(new BookUpdate(i.symbol(), VENUE, true, levels(d.bids(), i), levels(d.asks(), i),
                    i.priceScale(), i.sizeScale(), 0, d.version(), -1, BookUpdate.NO_CHECKSUM,
                    d.tsMs() == 0 ? recvNanos : d.tsMs() * 1_000_000L, recvNanos, 0));
        } catch (IllegalArgumentException e) {
            return new Mapped.Rejected(Reject.MAP_BAD_DECIMAL, d.symbol() + ": " + e.getMessage());
        }
    }

    private List<BookLevel> levels(List<Level> levels, Instrument i) {
        List<BookLevel> out = new ArrayList<>(Math.min(maxLevels, levels.size()));
        for (int n = 0; n < levels.size() && n < maxLevels; n++) {
            out.add(new BookLevel(price(levels.get(n).price(), i), size(levels.get(n).size(), i)));
        }
        return out;
    }

    private static long price(String text, Instrument i) {
        return VenueDecimal.price(text, i.priceScale());
    }

    private static long size(String text, Instrument i) {
        return VenueDecimal.size(text, i.sizeScale());
    }
}
