package dev.tickplant.ingest.binance;

import dev.tickplant.ingest.ws.ConfigValues;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The Binance venue simulator: where it listens and how it behaves. One port serves both the combined-stream
 * WebSocket ({@code /stream}) and the REST depth snapshot ({@code GET /api/v3/depth}).
 *
 * @param host interface to bind, normally {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one (read it back with {@link BinanceSimulatorVerticle#actualPort()})
 * @param updatesPerSecond book steps per subscribed symbol per second
 * @param tradeProbability chance that a step also prints a trade (0..1)
 * @param seed seed of the synthetic market
 * @param priceOffsetTicks ticks added to every synthetic price, so venues differ slightly
 * @param pingInterval how often the server sends a WebSocket ping (Binance: every 20 s)
 * @param pongTimeout a connection without a pong for this long is closed (Binance: 1 minute)
 * @param maxIncomingPerSecond incoming messages (text, ping, pong) per connection in any second; more closes it
 * @param maxStreamsPerConnection streams one connection may hold (Binance: 1024)
 * @param maxConnectionAge connections are closed after this long (Binance: 24 h)
 */
public record BinanceSimulatorConfig(
        String host,
        int port,
        double updatesPerSecond,
        double tradeProbability,
        long seed,
        long priceOffsetTicks,
        Duration pingInterval,
        Duration pongTimeout,
        int maxIncomingPerSecond,
        int maxStreamsPerConnection,
        Duration maxConnectionAge) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 0;
    public static final double DEFAULT_UPDATES_PER_SECOND = 10;
    public static final double DEFAULT_TRADE_PROBABILITY = 0.3;
    public static final long DEFAULT_SEED = 7;
    public static final long DEFAULT_PRICE_OFFSET_TICKS = 1;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
    public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofMinutes(1);
    public static final int DEFAULT_MAX_INCOMING_PER_SECOND = 5;
    public static final int DEFAULT_MAX_STREAMS_PER_CONNECTION = 1024;
    public static final Duration DEFAULT_MAX_CONNECTION_AGE = Duration.ofHours(24);

    public BinanceSimulatorConfig {
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
        if (pingInterval.isZero() || pingInterval.isNegative() || pongTimeout.isZero() || pongTimeout.isNegative()
                || maxConnectionAge.isZero() || maxConnectionAge.isNegative()) {
            throw new IllegalArgumentException("simulator durations must be positive");
        }
        if (maxIncomingPerSecond < 1 || maxStreamsPerConnection < 1) {
            throw new IllegalArgumentException("simulator limits must be positive");
        }
    }

    /** All defaults. */
    public static BinanceSimulatorConfig defaults() {
        return fromJson(new JsonObject());
    }

    /**
     * Keys: {@code host}, {@code port}, {@code updatesPerSecond}, {@code tradeProbability}, {@code seed},
     * {@code priceOffsetTicks}, {@code pingIntervalMs}, {@code pongTimeoutMs}, {@code maxIncomingPerSecond},
     * {@code maxStreamsPerConnection}, {@code maxConnectionAgeMs}; missing keys take the {@code DEFAULT_*} values.
     */
    public static BinanceSimulatorConfig fromJson(JsonObject json) {
        try {
            return new BinanceSimulatorConfig(
                    json.getString("host", DEFAULT_HOST),
                    json.getInteger("port", DEFAULT_PORT),
                    json.getDouble("updatesPerSecond", DEFAULT_UPDATES_PER_SECOND),
                    json.getDouble("tradeProbability", DEFAULT_TRADE_PROBABILITY),
                    json.getLong("seed", DEFAULT_SEED),
                    json.getLong("priceOffsetTicks", DEFAULT_PRICE_OFFSET_TICKS),
                    ConfigValues.millis(json, "pingIntervalMs", DEFAULT_PING_INTERVAL),
                    ConfigValues.millis(json, "pongTimeoutMs", DEFAULT_PONG_TIMEOUT),
                    json.getInteger("maxIncomingPerSecond", DEFAULT_MAX_INCOMING_PER_SECOND),
                    json.getInteger("maxStreamsPerConnection", DEFAULT_MAX_STREAMS_PER_CONNECTION),
                    ConfigValues.millis(json, "maxConnectionAgeMs", DEFAULT_MAX_CONNECTION_AGE));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("simulator config has a value of the wrong type: " + e.getMessage(), e);
        }
    }
}
