package dev.tickplant.ingest.binance;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.ingest.VenueDecimal;
import dev.tickplant.ingest.binance.BinanceFrames.BookTicker;
import dev.tickplant.ingest.binance.BinanceFrames.DepthSnapshot;
import dev.tickplant.ingest.binance.BinanceFrames.DepthUpdate;
import dev.tickplant.ingest.binance.BinanceFrames.Level;
import dev.tickplant.ingest.binance.BinanceFrames.TradeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Binance records to common events. Prices parse exactly at the instrument's price scale (a price off the grid is
 * an error), sizes round half-up to its size scale. Times: Binance gives epoch milliseconds.
 *
 * <p>Stateless and thread-safe. Methods throw {@link NumberFormatException} on decimals that do not fit.
 */
public final class BinanceMapper {
    static final String VENUE = "binance";

    private BinanceMapper() {}

    /**
     * A bookTicker as a quote; {@code venueSeq} is the book update id {@code u}. An absent or zero side is empty.
     * The bookTicker stream carries no last price: that comes from the trades.
     */
    public static Quote quote(Instrument i, BookTicker t, long recvNanos) {
        long bid = VenueDecimal.sidePrice(t.bidPrice(), i.priceScale());
        long ask = VenueDecimal.sidePrice(t.askPrice(), i.priceScale());
        return new Quote(i.symbol(), VENUE, bid, VenueDecimal.sideSize(bid, t.bidQty(), i.sizeScale()), ask,
                VenueDecimal.sideSize(ask, t.askQty(), i.sizeScale()), 0, i.priceScale(), i.sizeScale(),
                t.updateId(), recvNanos, recvNanos, 0);
    }

    /**
     * A trade or aggregate trade; {@code m=true} (buyer is maker) means the seller was the aggressor, no {@code m}
     * an unknown side. Time: {@code T}, else {@code E}, else the receive time. An id beyond a long keeps its text and
     * has no {@code venueSeq}.
     */
    public static Trade trade(Instrument i, TradeEvent t, long recvNanos) {
        Side side = t.buyerIsMaker() == null ? Side.UNKNOWN : t.buyerIsMaker() ? Side.SELL : Side.BUY;
        long timeMs = t.tradeTimeMs() > 0 ? t.tradeTimeMs() : t.eventTimeMs();
        return new Trade(i.symbol(), VENUE, t.tradeId(), price(t.price(), i), size(t.qty(), i), i.priceScale(),
                i.sizeScale(), side, numericId(t.tradeId()), timeMs > 0 ? timeMs * 1_000_000L : recvNanos, recvNanos,
                0);
    }

    private static long numericId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A REST snapshot; {@code venueSeq} is {@code lastUpdateId}. */
    public static BookUpdate snapshot(Instrument i, DepthSnapshot s, long recvNanos) {
        return new BookUpdate(i.symbol(), VENUE, true, levels(s.bids(), i), levels(s.asks(), i), i.priceScale(),
                i.sizeScale(), 0, s.lastUpdateId(), -1, BookUpdate.NO_CHECKSUM, recvNanos, recvNanos, 0);
    }

    /** A diff event applied after update id {@code prevUpdateId}: {@code U}, {@code u} and the previous id. */
    public static BookUpdate delta(Instrument i, DepthUpdate d, long prevUpdateId, long recvNanos) {
        return new BookUpdate(i.symbol(), VENUE, false, levels(d.bids(), i), levels(d.asks(), i), i.priceScale(),
                i.sizeScale(), d.firstUpdateId(), d.finalUpdateId(), prevUpdateId, BookUpdate.NO_CHECKSUM,
                d.eventTimeMs() > 0 ? d.eventTimeMs() * 1_000_000L : recvNanos, recvNanos, 0);
    }

    static List<BookLevel> levels(List<Level> levels, Instrument i) {
        List<BookLevel> out = new ArrayList<>(levels.size());
        for (Level l : levels) {
            out.add(new BookLevel(price(l.price(), i), size(l.size(), i)));
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
