package dev.tickplant.common.bus;

import dev.tickplant.common.model.Channel;
import java.util.Locale;

/**
 * Every event-bus address, in one place. Grammar (docs/ARCHITECTURE.md, section 3, which lists every address with
 * its sender, receiver, delivery mode and body): dotted, lower case, stage first; market data is
 * {@code md.<channel>.<symbol>}. Nobody writes an address literal outside this class.
 */
public final class Addresses {
    /** Gateway nodes publish their {@link dev.tickplant.common.model.Demand} here; every ingest node listens. */
    public static final String INGEST_DEMAND = "tp.ingest.demand";

    /**
     * A connector that starts (or takes a feed over from a dead node) publishes here (empty body) so that every
     * gateway announces its demand at once instead of at its next periodic announcement.
     */
    public static final String INGEST_DEMAND_REQUEST = "tp.ingest.demand-request";

    /**
     * Every gateway instance publishes its open connections per API key here, as {@link
     * dev.tickplant.common.model.KeyConnectionCounts}; every gateway instance listens, to hold each key's connection
     * limit across the cluster.
     */
    public static final String GATEWAY_KEY_CONNECTIONS = "tp.gateway.key-connections";

    /**
     * The normalizer asks ingest for a fresh order book snapshot here (publish; body: {@code SYMBOL@venue}). The
     * connector that serves that venue re-fetches or re-subscribes the book and emits a snapshot {@code BookUpdate}.
     */
    public static final String INGEST_RESYNC = "tp.ingest.resync";

    /** Prefix of the per-partition ingest → normalizer addresses; body: {@code EventBatch}. */
    public static final String NORMALIZER_PREFIX = "tp.norm.";

    /** Prefix of the per-partition snapshot request/reply addresses; body: symbol key, reply: SymbolSnapshot. */
    public static final String SNAPSHOT_PREFIX = "tp.snapshot.";

    /** Prefix of market-data fan-out addresses. */
    public static final String MARKET_DATA_PREFIX = "md.";

    private Addresses() {}

    /** Where ingest sends the events of one normalizer partition. */
    public static String normalizer(int partition) {
        return NORMALIZER_PREFIX + partition;
    }

    /** Where a gateway asks the owner of a partition for a symbol's latest state. */
    public static String snapshot(int partition) {
        return SNAPSHOT_PREFIX + partition;
    }

    /**
     * Market data of one channel for one symbol key: a canonical symbol, or {@code SYMBOL@venue} for a
     * venue-qualified view, e.g. {@code md.tick.aapl.us}, {@code md.trade.btcusdt@binance}.
     */
    public static String marketData(Channel channel, String symbolKey) {
        return MARKET_DATA_PREFIX + channel.wireName() + "." + symbolKey.toLowerCase(Locale.ROOT);
    }
}
