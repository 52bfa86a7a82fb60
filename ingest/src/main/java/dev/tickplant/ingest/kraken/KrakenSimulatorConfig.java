package dev.tickplant.ingest.kraken;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The Kraken v2 venue simulator: where it listens and how it behaves.
 *
 * @param host interface to bind, normally {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one (read it back with {@link KrakenSimulatorVerticle#actualPort()})
 * @param updatesPerSecond book/ticker updates per subscribed symbol per second
 * @param tradeProbability chance that an update step also prints a trade (0..1)
 * @param seed seed of the synthetic market
 * @param heartbeatInterval how often {@code {"channel":"heartbeat"}} goes to a connection with subscriptions
 * @param maxRequestsPerSecond client messages per connection per rolling second beyond which requests are refused
 *     with an error (and counted, see {@link KrakenSimulatorVerticle#rateLimited()})
 * @param priceOffsetTicks ticks added to every synthetic price, so that venues differ slightly
 * @param oneSidedTickers leave {@code bid} and {@code bid_qty} out of every ticker, as for a pair without bids
 */
public record KrakenSimulatorConfig(
        String host,
        int port,
        double updatesPerSecond,
        double tradeProbability,
        long seed,
        Duration heartbeatInterval,
        int maxRequestsPerSecond,
        int priceOffsetTicks,
        boolean oneSidedTickers) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 0;
    public static final double DEFAULT_UPDATES_PER_SECOND = 4;
    public static final double DEFAULT_TRADE_PROBABILITY = 0.3;
    public static final long DEFAULT_SEED = 44;
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_REQUESTS_PER_SECOND = 20;
    public static final int DEFAULT_PRICE_OFFSET_TICKS = 3;

    public KrakenSimulatorConfig {
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
        if (heartbeatInterval == null || heartbeatInterval.isZero() || heartbeatInterval.isNegative()) {
            throw new IllegalArgumentException("simulator.heartbeatInterval must be positive");
        }
        if (maxRequestsPerSecond < 1) {
            throw new IllegalArgumentException("simulator.maxRequestsPerSecond must be positive");
        }
        if (priceOffsetTicks < 0) {
            throw new IllegalArgumentException("simulator.priceOffsetTicks must not be negative");
        }
    }

    /**
     * Parses a simulator config. Keys: {@code host}, {@code port}, {@code updatesPerSecond},
     * {@code tradeProbability}, {@code seed}, {@code heartbeatIntervalMs}, {@code maxRequestsPerSecond},
     * {@code priceOffsetTicks}, {@code oneSidedTickers}; missing keys take the {@code DEFAULT_*} values.
     */
    public static KrakenSimulatorConfig fromJson(JsonObject json) {
        try {
            return new KrakenSimulatorConfig(
                    json.getString("host", DEFAULT_HOST),
                    json.getInteger("port", DEFAULT_PORT),
                    json.getDouble("updatesPerSecond", DEFAULT_UPDATES_PER_SECOND),
                    json.getDouble("tradeProbability", DEFAULT_TRADE_PROBABILITY),
                    json.getLong("seed", DEFAULT_SEED),
                    Duration.ofMillis(json.getLong("heartbeatIntervalMs", DEFAULT_HEARTBEAT_INTERVAL.toMillis())),
                    json.getInteger("maxRequestsPerSecond", DEFAULT_MAX_REQUESTS_PER_SECOND),
                    json.getInteger("priceOffsetTicks", DEFAULT_PRICE_OFFSET_TICKS),
                    json.getBoolean("oneSidedTickers", false));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("simulator config has a value of the wrong type: " + e.getMessage(), e);
        }
    }
}
