package dev.tickplant.ingest.alltick;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.time.Clocks;
import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.VenueDecimal;
import dev.tickplant.ingest.alltick.AllTickFrames.DepthPush;
import dev.tickplant.ingest.alltick.AllTickFrames.Level;
import dev.tickplant.ingest.alltick.AllTickFrames.TradePush;
import dev.tickplant.ingest.ws.FeedUniverse;
import java.util.ArrayList;
import java.util.List;

/**
 * AllTick pushes to canonical events. A 22999 order book push becomes a {@link BookUpdate} snapshot of the top
 * {@code depthLevel} levels (AllTick sends the whole visible book every time, so there are no deltas to sequence)
 * plus a {@link Quote} of the best bid and ask; a 22998 trade push becomes a {@link Trade} whose id is the push's
 * {@code seq}. Prices must sit exactly on the instrument's scale; sizes are rounded to it, because venues often send
 * more precision than the lot size.
 *
 * <p>Stateless apart from its immutable configuration; thread-safe.
 */
public final class AllTickMapper {
    /** The outcome of mapping one push. */
    public sealed interface Mapped {
        /** The canonical events, in the order they should be sent. */
        record Ok(List<MarketEvent> events) implements Mapped {
            public Ok {
                events = List.copyOf(events);
            }
        }

        /** The push could not be mapped. */
        record Rejected(Reject reason, String detail) implements Mapped {}
    }

    private final FeedUniverse universe;
    private final int depthLevel;

    /**
     * @param universe the instruments of this feed (codes are looked up as the registry lists them on the venue)
     * @param depthLevel how many levels per side a book update keeps
     */
    public AllTickMapper(FeedUniverse universe, int depthLevel) {
        if (depthLevel <= 0) {
            throw new IllegalArgumentException("depthLevel must be positive");
        }
        this.universe = universe;
        this.depthLevel = depthLevel;
    }

    /** Maps an order book push received at {@code recvTsNanos} (epoch). */
    public Mapped map(DepthPush push, long recvTsNanos) {
        Instrument instrument = universe.byCode(push.code());
        if (instrument == null) {
            return new Mapped.Rejected(Reject.PARSE_UNKNOWN_SYMBOL, "unknown code " + push.code());
        }
        List<BookLevel> bids;
        List<BookLevel> asks;
        try {
            bids = levels(push.bids(), instrument);
            asks = levels(push.asks(), instrument);
        } catch (NumberFormatException | ArithmeticException e) {
            return new Mapped.Rejected(Reject.MAP_BAD_DECIMAL, push.code() + ": " + e.getMessage());
        }
        // An empty side (or an empty book: no orders at all) is what the venue shows: it is passed on as such.
        long venueSeq = numericSeq(push.seq());
        long venueTs = venueTsNanos(push.tickTimeMs(), recvTsNanos);
        String symbol = instrument.symbol();
        String venue = universe.venue();
        BookUpdate book = new BookUpdate(symbol, venue, true, bids, asks, instrument.priceScale(),
                instrument.sizeScale(), 0, venueSeq, -1, BookUpdate.NO_CHECKSUM, venueTs, recvTsNanos, 0);
        BookLevel bestBid = bids.isEmpty() ? null : bids.get(0);
        BookLevel bestAsk = asks.isEmpty() ? null : asks.get(0);
        Quote quote = new Quote(symbol, venue, bestBid == null ? 0 : bestBid.price(),
                bestBid == null ? 0 : bestBid.size(), bestAsk == null ? 0 : bestAsk.price(),
                bestAsk == null ? 0 : bestAsk.size(), 0, instrument.priceScale(), instrument.sizeScale(), venueSeq,
                venueTs, recvTsNanos, 0);
        return new Mapped.Ok(List.of(book, quote));
    }

    /** Maps a trade push received at {@code recvTsNanos} (epoch). */
    public Mapped map(TradePush push, long recvTsNanos) {
        Instrument instrument = universe.byCode(push.code());
        if (instrument == null) {
            return new Mapped.Rejected(Reject.PARSE_UNKNOWN_SYMBOL, "unknown code " + push.code());
        }
        long price;
        long size;
        try {
            price = VenueDecimal.price(push.price(), instrument.priceScale());
            size = VenueDecimal.size(push.volume(), instrument.sizeScale());
        } catch (NumberFormatException | ArithmeticException e) {
            return new Mapped.Rejected(Reject.MAP_BAD_DECIMAL, push.code() + ": " + e.getMessage());
        }
        if (price <= 0 || size < 0) {
            return new Mapped.Rejected(Reject.MAP_EMPTY, push.code() + ": non-positive trade price");
        }
        Trade trade = new Trade(instrument.symbol(), universe.venue(), push.seq(), price, size,
                instrument.priceScale(), instrument.sizeScale(), side(push.tradeDirection()), numericSeq(push.seq()),
                venueTsNanos(push.tickTimeMs(), recvTsNanos), recvTsNanos, 0);
        return new Mapped.Ok(List.of(trade));
    }

    private List<BookLevel> levels(List<Level> levels, Instrument instrument) {
        List<BookLevel> out = new ArrayList<>(Math.min(levels.size(), depthLevel));
        for (Level l : levels) {
            if (out.size() == depthLevel) {
                break;
            }
            long price = VenueDecimal.price(l.price(), instrument.priceScale());
            long size = VenueDecimal.size(l.volume(), instrument.sizeScale());
            // An empty side is padded by some venues with zero prices; it is not a level.
            if (price <= 0 || size < 0) {
                continue;
            }
            out.add(new BookLevel(price, size));
        }
        return out;
    }

    private static Side side(int direction) {
        switch (direction) {
            case 1:
                return Side.BUY;
            case 2:
                return Side.SELL;
            default:
                return Side.UNKNOWN;
        }
    }

    /** AllTick's seq is a decimal string; one that is not a number (or overflows) carries no ordering: 0. */
    private static long numericSeq(String seq) {
        try {
            return Long.parseLong(seq);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** tick_time is epoch milliseconds; a missing or absurd value falls back to the receive time. */
    private static long venueTsNanos(long tickTimeMs, long recvTsNanos) {
        if (tickTimeMs <= 0 || tickTimeMs > Long.MAX_VALUE / 1_000_000L) {
            return recvTsNanos;
        }
        return Clocks.millisToNanos(tickTimeMs);
    }
}
