package dev.tickplant.normalizer.book;

import java.util.Locale;

/**
 * How a venue sequences its book deltas, and therefore how a gap is recognised. Field meanings refer to
 * {@link dev.tickplant.common.model.BookUpdate}: {@code firstVenueSeq} (first id covered), {@code venueSeq} (last id
 * covered) and {@code prevVenueSeq} (the id this message follows, -1 when absent).
 */
public enum SequenceRule {
    /**
     * Binance diff depth: a snapshot carries {@code lastUpdateId}; deltas older than it ({@code u <= lastUpdateId})
     * are dropped; the first applied delta must bridge it ({@code U <= lastUpdateId + 1 <= u}); every later one must
     * follow on ({@code U == previous u + 1}, or {@code pu == previous u} when the futures stream gives {@code pu}).
     */
    BINANCE,
    /**
     * OKX books: each delta's {@code prevSeqId} equals the previous message's {@code seqId}; a delta without them
     * ({@code prevVenueSeq} -1: older feeds, recordings) was validated by its connector's checksum check and is
     * ordered by venue time.
     */
    OKX,
    /** Bybit orderbook: {@code u == previous u + 1}; a snapshot with {@code u == 1} is a venue-side reset. */
    BYBIT,
    /**
     * Kraken, Coinbase, HTX, AllTick: gaps and checksums are validated upstream by the connector, or every message is
     * a full snapshot. Here a delta is checked only when it links to its predecessor ({@code prevVenueSeq >= 0}), and
     * anything not newer than what was applied is dropped as a duplicate.
     */
    UPSTREAM_VALIDATED;

    /** The rule set of a venue id. */
    public static SequenceRule forVenue(String venue) {
        switch (venue.toLowerCase(Locale.ROOT)) {
            case "binance":
            case "binanceus":
                return BINANCE;
            case "okx":
                return OKX;
            case "bybit":
                return BYBIT;
            default:
                return UPSTREAM_VALIDATED;
        }
    }
}
