package dev.tickplant.ingest.kraken;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.VenueDecimal;
import dev.tickplant.ingest.kraken.KrakenFrames.Level;
import dev.tickplant.ingest.kraken.KrakenFrames.Ticker;
import dev.tickplant.ingest.kraken.KrakenFrames.Trade;
import dev.tickplant.ingest.ws.FeedUniverse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Kraken records → common events: canonical symbol from the registry, prices as exact mantissas at the
 * instrument's price scale, sizes rounded to its size scale, RFC 3339 timestamps as epoch nanos.
 *
 * <p>Stateless apart from the immutable universe; thread-safe.
 */
public final class KrakenMapper {
    /** Venue id in events. */
    public static final String VENUE = "kraken";

    /** The outcome of mapping one record. */
    public sealed interface Mapped {
        /** The event. */
        record Ok(MarketEvent event) implements Mapped {}

        /** Why the record was dropped. */
        record Rejected(Reject reason, String detail) implements Mapped {}
    }

    private final FeedUniverse universe;

    public KrakenMapper(FeedUniverse universe) {
        this.universe = universe;
    }

    /** Ticker → best bid/ask quote with the last trade price. */
    public Mapped quote(Ticker t, long recvNanos) {
        Instrument i = universe.byCode(t.symbol());
        if (i == null) {
            return unknown(t.symbol());
        }
        try {
            // A side Kraken leaves out (or sends as 0) is an empty side; the last price is the ticker's "last".
            long bid = VenueDecimal.sidePrice(t.bid(), i.priceScale());
            long ask = VenueDecimal.sidePrice(t.ask(), i.priceScale());
            return new Mapped.Ok(new Quote(i.symbol(), VENUE, bid, VenueDecimal.sideSize(bid, t.bidQty(),
                    i.sizeScale()), ask, VenueDecimal.sideSize(ask, t.askQty(), i.sizeScale()),
                    VenueDecimal.lastPrice(t.last(), i.priceScale()), i.priceScale(), i.sizeScale(), 0,
                    nanos(t.timestamp(), recvNanos), recvNanos, 0));
        } catch (IllegalArgumentException e) {
            return new Mapped.Rejected(Reject.MAP_BAD_DECIMAL, t.symbol() + ": " + e.getMessage());
        }
    }

    /** Trade → trade; the aggressor is the venue's taker {@code side}. */
    public Mapped trade(Trade t, long recvNanos) {
        Instrument i = universe.byCode(t.symbol());
        if (i == null) {
            return unknown(t.symbol());
        }
        Side side = "buy".equals(t.side()) ? Side.BUY : "sell".equals(t.side()) ? Side.SELL : Side.UNKNOWN;
        try {
            return new Mapped.Ok(new dev.tickplant.common.model.Trade(i.symbol(), VENUE, t.tradeId(),
                    VenueDecimal.price(t.price(), i.priceScale()), VenueDecimal.size(t.qty(), i.sizeScale()),
                    i.priceScale(), i.sizeScale(), side, 0, nanos(t.timestamp(), recvNanos), recvNanos, 0));
        } catch (IllegalArgumentException e) {
            return new Mapped.Rejected(Reject.MAP_BAD_DECIMAL, t.symbol() + ": " + e.getMessage());
        }
    }

    /**
     * Book levels → a {@link BookUpdate}. Kraken's v2 book has no sequence numbers: {@code venueSeq} is 0 and
     * {@code prevVenueSeq} -1; the checksum travels along.
     */
    public Mapped book(Instrument i, boolean snapshot, List<Level> bids, List<Level> asks, long checksum,
            String timestamp, long recvNanos) {
        try {
            return new Mapped.Ok(new BookUpdate(i.symbol(), VENUE, snapshot, levels(i, bids), levels(i, asks),
                    i.priceScale(), i.sizeScale(), 0, 0, -1, checksum == KrakenFrames.Book.NO_CHECKSUM
                            ? BookUpdate.NO_CHECKSUM : checksum, nanos(timestamp, recvNanos), recvNanos, 0));
        } catch (IllegalArgumentException e) {
            return new Mapped.Rejected(Reject.MAP_BAD_DECIMAL, i.symbol() + ": " + e.getMessage());
        }
    }

    /** True when every price and quantity of the levels is a decimal this instrument can hold. */
    public static boolean valid(Instrument i, List<Level> levels) {
        try {
            levels(i, levels);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<BookLevel> levels(Instrument i, List<Level> levels) {
        List<BookLevel> out = new ArrayList<>(levels.size());
        for (Level l : levels) {
            out.add(new BookLevel(VenueDecimal.price(l.price(), i.priceScale()),
                    VenueDecimal.size(l.qty(), i.sizeScale())));
        }
        return out;
    }

    private static Mapped unknown(String code) {
        return new Mapped.Rejected(Reject.PARSE_UNKNOWN_SYMBOL, code);
    }

    private static long nanos(String rfc3339, long fallback) {
        if (rfc3339 == null) {
            return fallback;
        }
        try {
            Instant t = Instant.parse(rfc3339);
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
