package dev.tickplant.ingest.htx;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The HTX venue simulator: where it listens and how it behaves.
 *
 * @param host interface to bind, normally {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one (read it back with {@link HtxSimulatorVerticle#actualPort()})
 * @param updatesPerSecond pushes per subscribed topic per second
 * @param tradeProbability chance that an update step also prints a trade (0..1)
 * @param seed seed of the synthetic market
 * @param pingInterval how often {@code {"ping":n}} goes to each connection (HTX: 5 s)
 * @param maxMissedPings a connection that left this many pings in a row unanswered is closed (HTX: 2)
 * @param maxRequestsPerSecond client messages per connection per rolling second beyond which requests are refused
 * @param priceOffsetTicks ticks subtracted from every synthetic price, so that venues differ slightly
 */
public record HtxSimulatorConfig(
        String host,
        int port,
        double updatesPerSecond,
        double tradeProbability,
        long seed,
        Duration pingInterval,
        int maxMissedPings,
        int maxRequestsPerSecond,
        int priceOffsetTicks) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 0;
    public static final double DEFAULT_UPDATES_PER_SECOND = 4;
    public static final double DEFAULT_TRADE_PROBABILITY = 0.3;
    public static final long DEFAULT_SEED = 45;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_MISSED_PINGS = 2;
    public static final int DEFAULT_MAX_REQUESTS_PER_SECOND = 20;
    public static final int DEFAULT_PRICE_OFFSET_TICKS = 2;

    public HtxSimulatorConfig {
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
        if (pingInterval == null || pingInterval.isZero() || pingInterval.isNegative()) {
            throw new IllegalArgumentException("simulator.pingInterval must be positive");
        }
        if (maxMissedPings < 1 || maxRequestsPerSecond < 1 || priceOffsetTicks < 0) {
            throw new IllegalArgumentException(
                    "simulator.maxMissedPings and maxRequestsPerSecond must be positive, priceOffsetTicks >= 0");
        }
    }

    /**
     * Parses a simulator config. Keys: {@code host}, {@code port}, {@code updatesPerSecond},
     * {@code tradeProbability}, {@code seed}, {@code pingIntervalMs}, {@code maxMissedPings},
     * {@code maxRequestsPerSecond}, {@code priceOffsetTicks}; missing keys take the {@code DEFAULT_*} values.
     */
    public static HtxSimulatorConfig fromJson(JsonObject json) {
        try {
            return new HtxSimulatorConfig(
                    json.getString("host", DEFAULT_HOST),
                    json.getInteger("port", DEFAULT_PORT),
                    json.getDouble("updatesPerSecond", DEFAULT_UPDATES_PER_SECOND),
                    json.getDouble("tradeProbability", DEFAULT_TRADE_PROBABILITY),
                    json.getLong("seed", DEFAULT_SEED),
                    Duration.ofMillis(json.getLong("pingIntervalMs", DEFAULT_PING_INTERVAL.toMillis())),
                    json.getInteger("maxMissedPings", DEFAULT_MAX_MISSED_PINGS),
                    json.getInteger("maxRequestsPerSecond", DEFAULT_MAX_REQUESTS_PER_SECOND),
                    json.getInteger("priceOffsetTicks", DEFAULT_PRICE_OFFSET_TICKS));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("simulator config has a value of the wrong type: " + e.getMessage(), e);
        }
    }
}
