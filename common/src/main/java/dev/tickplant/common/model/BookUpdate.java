package dev.tickplant.common.model;

import java.util.List;
import java.util.Objects;

/**
 * An order book snapshot (replaces the book) or delta (changes levels; size 0 removes a level), with the venue's
 * sequencing fields so the normalizer can detect gaps.
 *
 * @param bids best first (highest price first)
 * @param asks best first (lowest price first)
 * @param firstVenueSeq first venue update id covered by this message (Binance {@code U}), or 0
 * @param venueSeq last venue update id covered by this message (Binance {@code u}, OKX {@code seqId}), or 0
 * @param prevVenueSeq the venue update id this message follows (OKX {@code prevSeqId}), or -1 when not given
 * @param checksum the venue's checksum over the resulting book, or {@link #NO_CHECKSUM}
 * @param venueDepths in a consolidated (merged) book, each venue's levels at the merged book's prices; else empty
 * @param crossed a consolidated (merged) book whose best bid is above its best ask because its venues disagree;
 *     a single venue's book is never crossed (the normalizer resyncs it instead)
 */
public record BookUpdate(
        String symbol,
        String venue,
        boolean snapshot,
        List<BookLevel> bids,
        List<BookLevel> asks,
        int priceScale,
        int sizeScale,
        long firstVenueSeq,
        long venueSeq,
        long prevVenueSeq,
        long checksum,
        long venueTsNanos,
        long recvTsNanos,
        long seq,
        List<VenueDepth> venueDepths,
        boolean crossed)
        implements MarketEvent {
    /** Marks a book update without a venue checksum. */
    public static final long NO_CHECKSUM = Long.MIN_VALUE;

    public BookUpdate {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(venue, "venue");
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
        venueDepths = venueDepths == null ? List.of() : List.copyOf(venueDepths);
    }

    /** A book that is not crossed across venues. */
    public BookUpdate(String symbol, String venue, boolean snapshot, List<BookLevel> bids, List<BookLevel> asks,
            int priceScale, int sizeScale, long firstVenueSeq, long venueSeq, long prevVenueSeq, long checksum,
            long venueTsNanos, long recvTsNanos, long seq, List<VenueDepth> venueDepths) {
        this(symbol, venue, snapshot, bids, asks, priceScale, sizeScale, firstVenueSeq, venueSeq, prevVenueSeq,
                checksum, venueTsNanos, recvTsNanos, seq, venueDepths, false);
    }

    /** A single-venue snapshot or delta, without a per-venue breakdown. */
    public BookUpdate(String symbol, String venue, boolean snapshot, List<BookLevel> bids, List<BookLevel> asks,
            int priceScale, int sizeScale, long firstVenueSeq, long venueSeq, long prevVenueSeq, long checksum,
            long venueTsNanos, long recvTsNanos, long seq) {
        this(symbol, venue, snapshot, bids, asks, priceScale, sizeScale, firstVenueSeq, venueSeq, prevVenueSeq,
                checksum, venueTsNanos, recvTsNanos, seq, List.of());
    }

    @Override
    public Channel channel() {
        return Channel.DEPTH;
    }

    /** This update with a normalizer sequence number. */
    public BookUpdate withSeq(long newSeq) {
        return new BookUpdate(symbol, venue, snapshot, bids, asks, priceScale, sizeScale, firstVenueSeq, venueSeq,
                prevVenueSeq, checksum, venueTsNanos, recvTsNanos, newSeq, venueDepths, crossed);
    }
}
