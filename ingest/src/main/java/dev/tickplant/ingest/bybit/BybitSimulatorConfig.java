package dev.tickplant.ingest.bybit;

import dev.tickplant.ingest.ws.ConfigValues;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The Bybit venue simulator: where it listens and how it behaves.
 *
 * @param host interface to bind, normally {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one (read it back with {@link BybitSimulatorVerticle#actualPort()})
 * @param updatesPerSecond book steps per subscribed symbol per second
 * @param tradeProbability chance that a step also prints a trade (0..1)
 * @param seed seed of the synthetic market
 * @param priceOffsetTicks ticks subtracted from every synthetic price, so venues differ slightly
 * @param maxRequestsPerSecond subscribe/unsubscribe requests per connection in any second; more are refused
 * @param idleTimeout a connection that sent nothing (no ping) for this long is closed
 */
public record BybitSimulatorConfig(
        String host,
        int port,
        double updatesPerSecond,
        double tradeProbability,
        long seed,
        long priceOffsetTicks,
        int maxRequestsPerSecond,
        Duration idleTimeout) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 0;
    public static final double DEFAULT_UPDATES_PER_SECOND = 10;
    public static final double DEFAULT_TRADE_PROBABILITY = 0.3;
    public static final long DEFAULT_SEED = 13;
    public static final long DEFAULT_PRICE_OFFSET_TICKS = 1;
    public static final int DEFAULT_MAX_REQUESTS_PER_SECOND = 10;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

    public BybitSimulatorConfig {
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
        if (maxRequestsPerSecond < 1 || idleTimeout.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("simulator limits must be positive");
        }
    }

    /** All defaults. */
    public static BybitSimulatorConfig defaults() {
        return fromJson(new JsonObject());
    }

    /**
     * Keys: {@code host}, {@code port}, {@code updatesPerSecond}, {@code tradeProbability}, {@code seed},
     * {@code priceOffsetTicks}, {@code maxRequestsPerSecond}, {@code idleTimeoutMs}; missing keys take the
     * {@code DEFAULT_*} values.
     */
    public static BybitSimulatorConfig fromJson(JsonObject json) {
        try {
            return new BybitSimulatorConfig(
                    json.getString("host", DEFAULT_HOST),
                    json.getInteger("port", DEFAULT_PORT),
                    json.getDouble("updatesPerSecond", DEFAULT_UPDATES_PER_SECOND),
                    json.getDouble("tradeProbability", DEFAULT_TRADE_PROBABILITY),
                    json.getLong("seed", DEFAULT_SEED),
                    json.getLong("priceOffsetTicks", DEFAULT_PRICE_OFFSET_TICKS),
                    json.getInteger("maxRequestsPerSecond", DEFAULT_MAX_REQUESTS_PER_SECOND),
                    ConfigValues.millis(json, "idleTimeoutMs", DEFAULT_IDLE_TIMEOUT));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("simulator config has a value of the wrong type: " + e.getMessage(), e);
        }
    }
}
