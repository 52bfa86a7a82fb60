package dev.tickplant.ingest.coinbase;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.VenueDecimal;
import dev.tickplant.ingest.coinbase.CoinbaseFrames.Change;
import dev.tickplant.ingest.coinbase.CoinbaseFrames.Match;
import dev.tickplant.ingest.coinbase.CoinbaseFrames.Ticker;
import dev.tickplant.ingest.ws.FeedUniverse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Coinbase records → common events: canonical symbols, exact price mantissas, sizes rounded to the instrument's
 * size scale, RFC 3339 times as epoch nanos.
 *
 * <p>Stateless apart from the immutable universe; thread-safe.
 */
public final class CoinbaseMapper {
    /** Venue id in events. */
    public static final String VENUE = "coinbase";

    /** The outcome of mapping one record. */
    public sealed interface Mapped {
        /** The event. */
        record Ok(MarketEvent event) implements Mapped {}

        /** Why the record was dropped. */
        record Rejected(Reject reason, String detail) implements Mapped {}
    }

    private final FeedUniverse universe;

    public CoinbaseMapper(FeedUniverse universe) {
        this.universe = universe;
    }

    /** Ticker → quote with the trade price as last price; {@code venueSeq} is the product sequence. */
    public Mapped quote(Ticker t, long recvNanos) {
        Instrument i = universe.byCode(t.productId());
        if (i == null) {
            return new Mapped.Rejected(Reject.PARSE_UNKNOWN_SYMBOL, t.productId());
        }
        try {
            // An absent or empty side is an empty side; price is the venue's last trade price.
            long bid = VenueDecimal.sidePrice(t.bestBid(), i.priceScale());
            long ask = VenueDecimal.sidePrice(t.bestAsk(), i.priceScale());
            return new Mapped.Ok(new Quote(i.symbol(), VENUE, bid, VenueDecimal.sideSize(bid, t.bestBidSize(),
                    i.sizeScale()), ask, VenueDecimal.sideSize(ask, t.bestAskSize(), i.sizeScale()),
                    VenueDecimal.lastPrice(t.price(), i.priceScale()), i.priceScale(), i.sizeScale(), t.sequence(),
                    nanos(t.time(), recvNanos), recvNanos, 0));
        } catch (IllegalArgumentException e) {
            return new Mapped.Rejected(Reject.MAP_BAD_DECIMAL, t.productId() + ": " + e.getMessage());
        }
    }

    /** Match → trade. Coinbase's {@code side} is the maker's; the aggressor is the other side. */
    public Mapped trade(Match m, long recvNanos) {
        Instrument i = universe.byCode(m.productId());
        if (i == null) {
            return new Mapped.Rejected(Reject.PARSE_UNKNOWN_SYMBOL, m.productId());
        }
        Side aggressor = "sell".equals(m.side()) ? Side.BUY : "buy".equals(m.side()) ? Side.SELL : Side.UNKNOWN;
        try {
            return new Mapped.Ok(new Trade(i.symbol(), VENUE, m.tradeId(), VenueDecimal.price(m.price(),
                    i.priceScale()), VenueDecimal.size(m.size(), i.sizeScale()), i.priceScale(), i.sizeScale(),
                    aggressor,
                    m.sequence(), nanos(m.time(), recvNanos), recvNanos, 0));
        } catch (IllegalArgumentException e) {
            return new Mapped.Rejected(Reject.MAP_BAD_DECIMAL, m.productId() + ": " + e.getMessage());
        }
    }

    /** Level2 snapshot or update → book update. The level2 channel has neither sequence numbers nor checksums. */
    public Mapped book(Instrument i, boolean snapshot, List<Change> changes, String time, long recvNanos) {
        try {
            List<BookLevel> bids = new ArrayList<>();
            List<BookLevel> asks = new ArrayList<>();
            for (Change c : changes) {
                BookLevel l = new BookLevel(VenueDecimal.price(c.price(), i.priceScale()),
                        VenueDecimal.size(c.size(), i.sizeScale()));
                ("buy".equals(c.side()) ? bids : asks).add(l);
            }
            return new Mapped.Ok(new BookUpdate(i.symbol(), VENUE, snapshot, bids, asks, i.priceScale(),
                    i.sizeScale(), 0, 0, -1, BookUpdate.NO_CHECKSUM, nanos(time, recvNanos), recvNanos, 0));
        } catch (IllegalArgumentException e) {
            return new Mapped.Rejected(Reject.MAP_BAD_DECIMAL, i.symbol() + ": " + e.getMessage());
        }
    }

    static long nanos(String rfc3339, long fallback) {
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
