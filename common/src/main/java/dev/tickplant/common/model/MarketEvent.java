package dev.tickplant.common.model;

/**
 * An event about one instrument from one venue. Before normalization {@link #seq()} is 0; the normalizer stamps
 * a per-(channel, symbol) sequence that increases by exactly 1, so a consumer can tell a gap from a restart.
 *
 * <p>Times are epoch nanoseconds: {@link #venueTsNanos()} as the venue reported it, {@link #recvTsNanos()} when
 * ingest read the frame.
 */
public sealed interface MarketEvent permits Quote, Trade, BookUpdate, Status {
    /** Canonical symbol ({@code AAPL.US}); venue-qualified views are derived from {@link #venue()}. */
    String symbol();

    /** Canonical venue id, or {@code "consolidated"} for cross-venue views. */
    String venue();

    /** Venue event time, epoch nanoseconds. */
    long venueTsNanos();

    /** Ingest receive time, epoch nanoseconds. */
    long recvTsNanos();

    /** Per-(channel, symbol) sequence after normalization; 0 before. */
    long seq();

    /** The channel this event is published on. */
    Channel channel();
}
