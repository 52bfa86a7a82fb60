package dev.tickplant.common.model;

import java.util.Objects;

/**
 * One trade print. Price is a mantissa at {@code priceScale}, size at {@code sizeScale}.
 *
 * @param tradeId the venue's trade id as text: some venues' ids exceed a long
 * @param venueSeq the venue's sequence number, or 0 when the venue gives none
 */
public record Trade(
        String symbol,
        String venue,
        String tradeId,
        long price,
        long size,
        int priceScale,
        int sizeScale,
        Side side,
        long venueSeq,
        long venueTsNanos,
        long recvTsNanos,
        long seq)
        implements MarketEvent {
    public Trade {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(tradeId, "tradeId");
        Objects.requireNonNull(side, "side");
        if (price <= 0 || size < 0) {
            throw new IllegalArgumentException("bad trade price/size " + price + "/" + size + " for " + symbol);
        }
    }

    @Override
    public Channel channel() {
        return Channel.TRADE;
    }

    /** This trade with a normalizer sequence number. */
    public Trade withSeq(long newSeq) {
        return new Trade(symbol, venue, tradeId, price, size, priceScale, sizeScale, side, venueSeq, venueTsNanos,
                recvTsNanos, newSeq);
    }
}
