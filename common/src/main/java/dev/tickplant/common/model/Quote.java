package dev.tickplant.common.model;

import java.util.Objects;

/**
 * Best bid and ask with sizes, plus the last trade price when the normalizer knows one. Prices are mantissas at
 * {@code priceScale}, sizes at {@code sizeScale}. A side without a price has price 0 and size 0.
 *
 * @param lastPrice last trade price (mantissa), or 0 when unknown
 * @param venueSeq the venue's own sequence number for this update, or 0 when the venue gives none
 * @param bidVenue venue the best bid comes from; equals {@code venue} except in a consolidated view
 * @param askVenue venue the best ask comes from; equals {@code venue} except in a consolidated view
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
        String askVenue)
        implements MarketEvent {
    public Quote {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(venue, "venue");
        bidVenue = bidVenue == null ? venue : bidVenue;
        askVenue = askVenue == null ? venue : askVenue;
        if (bidPrice < 0 || askPrice < 0 || bidSize < 0 || askSize < 0) {
            throw new IllegalArgumentException("negative price or size in quote for " + symbol);
        }
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
                venueSeq, venueTsNanos, recvTsNanos, newSeq, bidVenue, askVenue);
    }

    /** This quote with a last trade price. */
    public Quote withLastPrice(long newLastPrice) {
        return new Quote(symbol, venue, bidPrice, bidSize, askPrice, askSize, newLastPrice, priceScale, sizeScale,
                venueSeq, venueTsNanos, recvTsNanos, seq, bidVenue, askVenue);
    }

    /** True when both sides are present and bid is below or at ask. */
    public boolean twoSided() {
        return bidPrice > 0 && askPrice > 0;
    }
}
