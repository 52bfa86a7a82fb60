package dev.tickplant.common.model;

import java.util.Objects;

/**
 * Best bid and ask with sizes, plus the venue's last trade price when known. Prices are mantissas at
 * {@code priceScale}, sizes at {@code sizeScale}. A side without a price has price 0 and size 0 (an empty side: a
 * one-sided market is a valid quote).
 *
 * @param lastPrice last trade price (mantissa), or 0 when unknown: from ingest the last price the venue's quote
 *     message carries (a ticker's {@code last}); after normalization the most recent one by venue time from quotes
 *     and trades
 * @param venueSeq the venue's own sequence number for this update, or 0 when the venue gives none
 * @param bidVenue venue the best bid comes from; equals {@code venue} except in a consolidated view
 * @param askVenue venue the best ask comes from; equals {@code venue} except in a consolidated view
 * @param lastTsNanos venue time of {@code lastPrice}, epoch nanos; 0 without a last price. Given as 0 with a last
 *     price it is taken to be {@code venueTsNanos} (the quote message carried it)
 * @param crossed a consolidated quote whose best bid (from one venue) is above its best ask (from another): the
 *     venues disagree. A single venue's crossed quote is dropped by the normalizer, never flagged
 */
public record Quote(
        String symbol,
        String venue,
        long bidPrice,
        long bidSize,
        long askPrice,
        long askSize,
        long lastPrice,
        int priceScale,
        int sizeScale,
        long venueSeq,
        long venueTsNanos,
        long recvTsNanos,
        long seq,
        String bidVenue,
        String askVenue,
        long lastTsNanos,
        boolean crossed)
        implements MarketEvent {
    public Quote {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(venue, "venue");
        bidVenue = bidVenue == null ? venue : bidVenue;
        askVenue = askVenue == null ? venue : askVenue;
        if (bidPrice < 0 || askPrice < 0 || bidSize < 0 || askSize < 0 || lastPrice < 0) {
            throw new IllegalArgumentException("negative price or size in quote for " + symbol);
        }
        if (lastPrice == 0) {
            lastTsNanos = 0;
        } else if (lastTsNanos == 0) {
            lastTsNanos = venueTsNanos;
        }
    }

    /** A quote that is not crossed across venues. */
    public Quote(String symbol, String venue, long bidPrice, long bidSize, long askPrice, long askSize,
            long lastPrice, int priceScale, int sizeScale, long venueSeq, long venueTsNanos, long recvTsNanos,
            long seq, String bidVenue, String askVenue, long lastTsNanos) {
        this(symbol, venue, bidPrice, bidSize, askPrice, askSize, lastPrice, priceScale, sizeScale, venueSeq,
                venueTsNanos, recvTsNanos, seq, bidVenue, askVenue, lastTsNanos, false);
    }

    /** A quote whose last price, if any, was carried by the quote message itself (its time is the quote's). */
    public Quote(String symbol, String venue, long bidPrice, long bidSize, long askPrice, long askSize,
            long lastPrice, int priceScale, int sizeScale, long venueSeq, long venueTsNanos, long recvTsNanos,
            long seq, String bidVenue, String askVenue) {
        this(symbol, venue, bidPrice, bidSize, askPrice, askSize, lastPrice, priceScale, sizeScale, venueSeq,
                venueTsNanos, recvTsNanos, seq, bidVenue, askVenue, 0);
    }

    /** A single-venue quote: both sides come from {@code venue}. */
    public Quote(String symbol, String venue, long bidPrice, long bidSize, long askPrice, long askSize,
            long lastPrice, int priceScale, int sizeScale, long venueSeq, long venueTsNanos, long recvTsNanos,
            long seq) {
        this(symbol, venue, bidPrice, bidSize, askPrice, askSize, lastPrice, priceScale, sizeScale, venueSeq,
                venueTsNanos, recvTsNanos, seq, venue, venue);
    }

    @Override
    public Channel channel() {
        return Channel.TICK;
    }

    /** This quote with a normalizer sequence number. */
    public Quote withSeq(long newSeq) {
        return new Quote(symbol, venue, bidPrice, bidSize, askPrice, askSize, lastPrice, priceScale, sizeScale,
                venueSeq, venueTsNanos, recvTsNanos, newSeq, bidVenue, askVenue, lastTsNanos, crossed);
    }

    /** This quote with a last trade price stamped with the quote's own venue time. */
    public Quote withLastPrice(long newLastPrice) {
        return withLast(newLastPrice, venueTsNanos);
    }

    /** This quote with a last trade price seen at venue time {@code newLastTsNanos} (0 price: none). */
    public Quote withLast(long newLastPrice, long newLastTsNanos) {
        return new Quote(symbol, venue, bidPrice, bidSize, askPrice, askSize, newLastPrice, priceScale, sizeScale,
                venueSeq, venueTsNanos, recvTsNanos, seq, bidVenue, askVenue, newLastPrice == 0 ? 0 : newLastTsNanos,
                crossed);
    }

    /** True when both sides are present. */
    public boolean twoSided() {
        return bidPrice > 0 && askPrice > 0;
    }

    /**
     * The mid price rounded half-up to the price scale, or 0 unless both sides are present. Half-up on
     * non-negative mantissas; the sum of two prices cannot overflow at sane scales.
     */
    public long midPrice() {
        return twoSided() ? (bidPrice + askPrice + 1) / 2 : 0;
    }
}
