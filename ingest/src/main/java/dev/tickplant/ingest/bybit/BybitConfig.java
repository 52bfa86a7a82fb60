package dev.tickplant.ingest.bybit;

import dev.tickplant.ingest.ws.ConfigValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The Bybit v5 spot public market-data feed.
 *
 * @param feedId id of this feed in logs, metrics and batch sources
 * @param wsUri spot public endpoint, e.g. {@code wss://stream.bybit.com/v5/public/spot}
 * @param alwaysOn canonical symbols subscribed regardless of demand
 * @param depth order book depth: 1, 50, 200 or 1000 ({@code orderbook.<depth>.<symbol>})
 * @param subscribeTickers whether to subscribe {@code tickers.<symbol>} (spot tickers carry the last price, not the
 *     best bid/ask, which comes from the order book)
 * @param requestsPerSecond refill rate of the per-connection token bucket (capacity 1) for subscribe/unsubscribe
 * @param pingInterval how often {@code {"op":"ping"}} is sent (Bybit recommends every 20 s)
 * @param pongTimeout drop and reconnect when nothing arrives for this long after a ping
 * @param resyncMinInterval a book is re-subscribed at most this often per symbol
 * @param reconnectMin first reconnect delay
 * @param reconnectMax cap of the reconnect delay
 * @param healthyAfter a connection up this long resets the reconnect backoff
 * @param maxBatchEvents events per batch that trigger an immediate send to the normalizer
 * @param recordFile when set, every raw frame received is appended to this recording (see {@code FrameRecorder});
 *     null records nothing
 */
public record BybitConfig(
        String feedId,
        URI wsUri,
        List<String> alwaysOn,
        int depth,
        boolean subscribeTickers,
        double requestsPerSecond,
        Duration pingInterval,
        Duration pongTimeout,
        Duration resyncMinInterval,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration healthyAfter,
        int maxBatchEvents,
        String recordFile) {
    public static final String DEFAULT_FEED_ID = "bybit";
    public static final String DEFAULT_WS_URI = "wss://stream.bybit.com/v5/public/spot";
    public static final int DEFAULT_DEPTH = 50;
    public static final double DEFAULT_REQUESTS_PER_SECOND = 5;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
    public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RESYNC_MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEALTHY_AFTER = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BATCH_EVENTS = 256;

    public BybitConfig {
        if (feedId == null || feedId.isBlank()) {
            throw new IllegalArgumentException("bybit.feedId must not be blank");
        }
        ConfigValues.webSocketUri(wsUri, "bybit.wsUri");
        alwaysOn = List.copyOf(alwaysOn);
        if (depth != 1 && depth != 50 && depth != 200 && depth != 1000) {
            throw new IllegalArgumentException("bybit.depth must be 1, 50, 200 or 1000: " + depth);
        }
        if (!(requestsPerSecond > 0 && requestsPerSecond <= 50)) {
            throw new IllegalArgumentException("bybit.requestsPerSecond must be within (0, 50]");
        }
        for (Duration d : List.of(pingInterval, pongTimeout, resyncMinInterval, reconnectMin, reconnectMax,
                healthyAfter)) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("bybit durations must be positive");
            }
        }
        if (reconnectMin.compareTo(reconnectMax) > 0) {
            throw new IllegalArgumentException("bybit.reconnectMin exceeds reconnectMax");
        }
        if (maxBatchEvents < 1) {
            throw new IllegalArgumentException("bybit.maxBatchEvents must be positive");
        }
    }

    /**
     * Keys: {@code feedId}, {@code wsUri}, {@code alwaysOn}, {@code depth}, {@code subscribeTickers},
     * {@code requestsPerSecond}, {@code pingIntervalMs}, {@code pongTimeoutMs}, {@code resyncMinIntervalMs},
     * {@code reconnectMinMs}, {@code reconnectMaxMs}, {@code healthyAfterMs}, {@code maxBatchEvents}, {@code recordFile}; missing keys
     * take the {@code DEFAULT_*} values.
     *
     * @throws IllegalArgumentException naming the offending key
     */
    public static BybitConfig fromJson(JsonObject json) {
        try {
            return new BybitConfig(
                    json.getString("feedId", DEFAULT_FEED_ID),
                    URI.create(json.getString("wsUri", DEFAULT_WS_URI)),
                    ConfigValues.strings("bybit.alwaysOn", json.getJsonArray("alwaysOn", new JsonArray())),
                    json.getInteger("depth", DEFAULT_DEPTH),
                    json.getBoolean("subscribeTickers", true),
                    json.getDouble("requestsPerSecond", DEFAULT_REQUESTS_PER_SECOND),
                    ConfigValues.millis(json, "pingIntervalMs", DEFAULT_PING_INTERVAL),
                    ConfigValues.millis(json, "pongTimeoutMs", DEFAULT_PONG_TIMEOUT),
                    ConfigValues.millis(json, "resyncMinIntervalMs", DEFAULT_RESYNC_MIN_INTERVAL),
                    ConfigValues.millis(json, "reconnectMinMs", DEFAULT_RECONNECT_MIN),
                    ConfigValues.millis(json, "reconnectMaxMs", DEFAULT_RECONNECT_MAX),
                    ConfigValues.millis(json, "healthyAfterMs", DEFAULT_HEALTHY_AFTER),
                    json.getInteger("maxBatchEvents", DEFAULT_MAX_BATCH_EVENTS),
                    json.getString("recordFile"));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("bybit config has a value of the wrong type: " + e.getMessage(), e);
        }
    }
}
