package dev.tickplant.ingest.alltick;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The AllTick venue simulator: where it listens and how it behaves.
 *
 * @param host interface to bind, normally {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one (read it back with {@link AllTickSimulatorVerticle#actualPort()})
 * @param token the only token accepted in {@code ?token=}
 * @param updatesPerSecond order book pushes per subscribed code per second
 * @param tradeProbability chance that a book update is accompanied by a trade push (0..1)
 * @param seed seed of the synthetic market
 * @param heartbeatTimeout a connection without a 22000 heartbeat for this long is closed (AllTick: 30 s)
 * @param minRequestInterval subscription requests closer together than this on one connection get ret 429
 * @param alwaysOpen true (the default demo): every instrument is pushed around the clock, ignoring its session
 *     calendar (the normalizer then reports "market closed by calendar, data still flowing"); false: an instrument is
 *     pushed only while its market is open by the registry's calendar
 */
public record AllTickSimulatorConfig(
        String host,
        int port,
        String token,
        double updatesPerSecond,
        double tradeProbability,
        long seed,
        Duration heartbeatTimeout,
        Duration minRequestInterval,
        boolean alwaysOpen) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 0;
    public static final String DEFAULT_TOKEN = "tickplant-sim";
    public static final double DEFAULT_UPDATES_PER_SECOND = 4;
    public static final double DEFAULT_TRADE_PROBABILITY = 0.3;
    public static final long DEFAULT_SEED = 42;
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MIN_REQUEST_INTERVAL = Duration.ofSeconds(1);
    public static final boolean DEFAULT_ALWAYS_OPEN = true;

    public AllTickSimulatorConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("simulator.host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("simulator.port out of range: " + port);
        }
        token = token == null ? "" : token;
        if (!(updatesPerSecond > 0 && updatesPerSecond <= 1000)) {
            throw new IllegalArgumentException("simulator.updatesPerSecond must be within (0, 1000]");
        }
        if (!(tradeProbability >= 0 && tradeProbability <= 1)) {
            throw new IllegalArgumentException("simulator.tradeProbability must be within [0, 1]");
        }
        if (heartbeatTimeout == null || heartbeatTimeout.isZero() || heartbeatTimeout.isNegative()) {
            throw new IllegalArgumentException("simulator.heartbeatTimeout must be positive");
        }
        if (minRequestInterval == null || minRequestInterval.isNegative()) {
            throw new IllegalArgumentException("simulator.minRequestInterval must not be negative");
        }
    }

    /** The settings without {@code alwaysOpen}, which defaults to {@link #DEFAULT_ALWAYS_OPEN}. */
    public AllTickSimulatorConfig(String host, int port, String token, double updatesPerSecond,
            double tradeProbability, long seed, Duration heartbeatTimeout, Duration minRequestInterval) {
        this(host, port, token, updatesPerSecond, tradeProbability, seed, heartbeatTimeout, minRequestInterval,
                DEFAULT_ALWAYS_OPEN);
    }

    /** All defaults: loopback, a free port, the default token. */
    public static AllTickSimulatorConfig defaults() {
        return fromJson(new JsonObject());
    }

    /**
     * Parses a simulator config. Keys: {@code host}, {@code port}, {@code token}, {@code updatesPerSecond},
     * {@code tradeProbability}, {@code seed}, {@code heartbeatTimeoutMs}, {@code minRequestIntervalMs},
     * {@code alwaysOpen}; missing
     * keys take the {@code DEFAULT_*} values.
     */
    public static AllTickSimulatorConfig fromJson(JsonObject json) {
        try {
            return new AllTickSimulatorConfig(
                    json.getString("host", DEFAULT_HOST),
                    json.getInteger("port", DEFAULT_PORT),
                    json.getString("token", DEFAULT_TOKEN),
                    json.getDouble("updatesPerSecond", DEFAULT_UPDATES_PER_SECOND),
                    json.getDouble("tradeProbability", DEFAULT_TRADE_PROBABILITY),
                    json.getLong("seed", DEFAULT_SEED),
                    Duration.ofMillis(json.getLong("heartbeatTimeoutMs", DEFAULT_HEARTBEAT_TIMEOUT.toMillis())),
                    Duration.ofMillis(json.getLong("minRequestIntervalMs", DEFAULT_MIN_REQUEST_INTERVAL.toMillis())),
                    json.getBoolean("alwaysOpen", DEFAULT_ALWAYS_OPEN));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("simulator config has a value of the wrong type: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "AllTickSimulatorConfig[host=" + host + ", port=" + port + ", token=***, updatesPerSecond="
                + updatesPerSecond + ", tradeProbability=" + tradeProbability + ", seed=" + seed
                + ", heartbeatTimeout=" + heartbeatTimeout + ", minRequestInterval=" + minRequestInterval
                + ", alwaysOpen=" + alwaysOpen + "]";
    }
}
