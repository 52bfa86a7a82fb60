package dev.tickplant.ingest.okx;

import io.vertx.core.json.JsonObject;

/**
 * The OKX venue simulator: where it listens and how it behaves.
 *
 * @param host interface to bind, normally {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one (read it back with {@link OkxSimulatorVerticle#actualPort()})
 * @param updatesPerSecond book steps per subscribed instrument per second
 * @param tradeProbability chance that a step also prints a trade (0..1)
 * @param seed seed of the synthetic market
 * @param priceOffsetTicks ticks added to every synthetic price, so venues differ slightly
 * @param maxRequestsPerSecond subscribe/unsubscribe requests per connection in any second; more get error 60014
 * @param zeroChecksums send {@code "checksum":0} on every book message, as the live venue does since OKX deprecated
 *     the field, instead of the documented CRC32
 * @param oneSidedQuotes send every {@code tickers} and {@code bbo-tbt} message without a bid, as OKX does for a side
 *     without orders ({@code "bidPx":"","bidSz":""} on tickers, {@code "bids":[]} on bbo-tbt)
 * @param seqlessBooks send {@code books} messages without {@code seqId}/{@code prevSeqId}, as older feeds and
 *     recordings do; the checksum then carries the validation
 */
public record OkxSimulatorConfig(
        String host,
        int port,
        double updatesPerSecond,
        double tradeProbability,
        long seed,
        long priceOffsetTicks,
        int maxRequestsPerSecond,
        boolean zeroChecksums,
        boolean oneSidedQuotes,
        boolean seqlessBooks) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 0;
    public static final double DEFAULT_UPDATES_PER_SECOND = 10;
    public static final double DEFAULT_TRADE_PROBABILITY = 0.3;
    public static final long DEFAULT_SEED = 11;
    public static final long DEFAULT_PRICE_OFFSET_TICKS = 2;
    public static final int DEFAULT_MAX_REQUESTS_PER_SECOND = 3;

    public OkxSimulatorConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("simulator.host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("simulator.port out of range: " + port);
        }
        if (!(updatesPerSecond > 0 && updatesPerSecond <= 1000)) {
            throw new IllegalArgumentException("simulator.updatesPerSecond must be within (0, 1000]");
        }
        if (!(tradeProbability >= 0 && tradeProbability <= 1)) {
            throw new IllegalArgumentException("simulator.tradeProbability must be within [0, 1]");
        }
        if (maxRequestsPerSecond < 1) {
            throw new IllegalArgumentException("simulator.maxRequestsPerSecond must be positive");
        }
    }

    /** All defaults. */
    public static OkxSimulatorConfig defaults() {
        return fromJson(new JsonObject());
    }

    /**
     * Keys: {@code host}, {@code port}, {@code updatesPerSecond}, {@code tradeProbability}, {@code seed},
     * {@code priceOffsetTicks}, {@code maxRequestsPerSecond}, {@code zeroChecksums}, {@code oneSidedQuotes},
     * {@code seqlessBooks}; missing keys take the {@code DEFAULT_*} values.
     */
    public static OkxSimulatorConfig fromJson(JsonObject json) {
        try {
            return new OkxSimulatorConfig(
                    json.getString("host", DEFAULT_HOST),
                    json.getInteger("port", DEFAULT_PORT),
                    json.getDouble("updatesPerSecond", DEFAULT_UPDATES_PER_SECOND),
                    json.getDouble("tradeProbability", DEFAULT_TRADE_PROBABILITY),
                    json.getLong("seed", DEFAULT_SEED),
                    json.getLong("priceOffsetTicks", DEFAULT_PRICE_OFFSET_TICKS),
                    json.getInteger("maxRequestsPerSecond", DEFAULT_MAX_REQUESTS_PER_SECOND),
                    json.getBoolean("zeroChecksums", false),
                    json.getBoolean("oneSidedQuotes", false),
                    json.getBoolean("seqlessBooks", false));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("simulator config has a value of the wrong type: " + e.getMessage(), e);
        }
    }
}
