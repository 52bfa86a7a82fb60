package dev.tickplant.ingest.coinbase;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The Coinbase Exchange venue simulator: where it listens and how it behaves.
 *
 * @param host interface to bind, normally {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one (read it back with {@link CoinbaseSimulatorVerticle#actualPort()})
 * @param updatesPerSecond level2 updates per subscribed product per second
 * @param tradeProbability chance that an update step also prints a trade (0..1)
 * @param seed seed of the synthetic market
 * @param heartbeatInterval heartbeat period per product subscribed to {@code heartbeat} (Coinbase: 1 s)
 * @param subscribeTimeout a connection that has not subscribed within this is closed (Coinbase: 5 s)
 * @param maxRequestsPerSecond client messages per connection per rolling second beyond which an error is returned
 * @param priceOffsetTicks ticks added to every synthetic price, so that venues differ slightly
 */
public record CoinbaseSimulatorConfig(
        String host,
        int port,
        double updatesPerSecond,
        double tradeProbability,
        long seed,
        Duration heartbeatInterval,
        Duration subscribeTimeout,
        int maxRequestsPerSecond,
        int priceOffsetTicks) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 0;
    public static final double DEFAULT_UPDATES_PER_SECOND = 4;
    public static final double DEFAULT_TRADE_PROBABILITY = 0.3;
    public static final long DEFAULT_SEED = 43;
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_REQUESTS_PER_SECOND = 20;
    public static final int DEFAULT_PRICE_OFFSET_TICKS = 1;

    public CoinbaseSimulatorConfig {
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
        if (heartbeatInterval == null || heartbeatInterval.isZero() || heartbeatInterval.isNegative()
                || subscribeTimeout == null || subscribeTimeout.isZero() || subscribeTimeout.isNegative()) {
            throw new IllegalArgumentException("simulator.heartbeatInterval and subscribeTimeout must be positive");
        }
        if (maxRequestsPerSecond < 1 || priceOffsetTicks < 0) {
            throw new IllegalArgumentException("simulator.maxRequestsPerSecond must be positive, priceOffsetTicks >= 0");
        }
    }

    /**
     * Parses a simulator config. Keys: {@code host}, {@code port}, {@code updatesPerSecond},
     * {@code tradeProbability}, {@code seed}, {@code heartbeatIntervalMs}, {@code subscribeTimeoutMs},
     * {@code maxRequestsPerSecond}, {@code priceOffsetTicks}; missing keys take the {@code DEFAULT_*} values.
     */
    public static CoinbaseSimulatorConfig fromJson(JsonObject json) {
        try {
            return new CoinbaseSimulatorConfig(
                    json.getString("host", DEFAULT_HOST),
                    json.getInteger("port", DEFAULT_PORT),
                    json.getDouble("updatesPerSecond", DEFAULT_UPDATES_PER_SECOND),
                    json.getDouble("tradeProbability", DEFAULT_TRADE_PROBABILITY),
                    json.getLong("seed", DEFAULT_SEED),
                    Duration.ofMillis(json.getLong("heartbeatIntervalMs", DEFAULT_HEARTBEAT_INTERVAL.toMillis())),
                    Duration.ofMillis(json.getLong("subscribeTimeoutMs", DEFAULT_SUBSCRIBE_TIMEOUT.toMillis())),
                    json.getInteger("maxRequestsPerSecond", DEFAULT_MAX_REQUESTS_PER_SECOND),
                    json.getInteger("priceOffsetTicks", DEFAULT_PRICE_OFFSET_TICKS));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("simulator config has a value of the wrong type: " + e.getMessage(), e);
        }
    }
}
