package dev.tickplant.ingest.kraken;

import dev.tickplant.ingest.ws.ConfigValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The Kraken Spot WebSocket v2 feed.
 *
 * @param feedId id of this feed in logs, metrics and batch sources
 * @param wsUri endpoint, e.g. {@code wss://ws.kraken.com/v2} or {@code ws://127.0.0.1:9102/v2}
 * @param alwaysOn canonical symbols subscribed regardless of demand
 * @param bookDepth book depth requested (Kraken accepts 10, 25, 100, 500, 1000)
 * @param subscribeTrades whether to subscribe to the {@code trade} channel
 * @param pingInterval how often to send {@code {"method":"ping"}}
 * @param heartbeatTimeout drop and reconnect when nothing at all arrived for this long (Kraken sends a heartbeat
 *     about once a second while subscribed)
 * @param controlBurst token bucket capacity for control messages (subscribe, unsubscribe, ping) on one connection
 * @param controlPerSecond token bucket refill rate
 * @param resyncMinInterval a symbol's book is resynchronised at most once per this interval
 * @param reconnectMin first reconnect delay
 * @param reconnectMax cap of the reconnect delay
 * @param healthyAfter a connection up this long resets the reconnect backoff
 * @param maxBatchEvents events per batch that trigger an immediate send to the normalizer
 * @param recordFile when set, every raw frame received is appended to this recording (see {@code FrameRecorder})
 */
public record KrakenConfig(
        String feedId,
        URI wsUri,
        List<String> alwaysOn,
        int bookDepth,
        boolean subscribeTrades,
        Duration pingInterval,
        Duration heartbeatTimeout,
        int controlBurst,
        double controlPerSecond,
        Duration resyncMinInterval,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration healthyAfter,
        int maxBatchEvents,
        String recordFile) {
    public static final String DEFAULT_FEED_ID = "kraken";
    public static final String DEFAULT_WS_URI = "wss://ws.kraken.com/v2";
    public static final int DEFAULT_BOOK_DEPTH = 10;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_CONTROL_BURST = 5;
    public static final double DEFAULT_CONTROL_PER_SECOND = 2;
    public static final Duration DEFAULT_RESYNC_MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEALTHY_AFTER = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BATCH_EVENTS = 256;
    private static final Set<Integer> DEPTHS = Set.of(10, 25, 100, 500, 1000);

    public KrakenConfig {
        if (feedId == null || feedId.isBlank()) {
            throw new IllegalArgumentException("kraken.feedId must not be blank");
        }
        ConfigValues.webSocketUri(wsUri, "kraken.wsUri");
        alwaysOn = List.copyOf(alwaysOn);
        if (!DEPTHS.contains(bookDepth)) {
            throw new IllegalArgumentException("kraken.bookDepth must be one of " + DEPTHS + ": " + bookDepth);
        }
        ConfigValues.positive(pingInterval, "kraken.pingInterval");
        ConfigValues.positive(heartbeatTimeout, "kraken.heartbeatTimeout");
        if (controlBurst < 1 || !(controlPerSecond > 0)) {
            throw new IllegalArgumentException("kraken.controlBurst must be >= 1 and controlPerSecond > 0");
        }
        ConfigValues.positive(resyncMinInterval, "kraken.resyncMinInterval");
        ConfigValues.positive(reconnectMin, "kraken.reconnectMin");
        ConfigValues.positive(reconnectMax, "kraken.reconnectMax");
        if (reconnectMin.compareTo(reconnectMax) > 0) {
            throw new IllegalArgumentException("kraken.reconnectMin exceeds reconnectMax");
        }
        ConfigValues.positive(healthyAfter, "kraken.healthyAfter");
        if (maxBatchEvents < 1) {
            throw new IllegalArgumentException("kraken.maxBatchEvents must be positive");
        }
    }

    /**
     * Parses a feed config. Keys: {@code feedId}, {@code wsUri}, {@code alwaysOn} (array of canonical symbols),
     * {@code bookDepth}, {@code subscribeTrades}, {@code pingIntervalMs}, {@code heartbeatTimeoutMs},
     * {@code controlBurst}, {@code controlPerSecond}, {@code resyncMinIntervalMs}, {@code reconnectMinMs},
     * {@code reconnectMaxMs}, {@code healthyAfterMs}, {@code maxBatchEvents}; missing keys take the
     * {@code DEFAULT_*} values.
     *
     * @throws IllegalArgumentException naming the offending key
     */
    public static KrakenConfig fromJson(JsonObject json) {
        try {
            return new KrakenConfig(
                    json.getString("feedId", DEFAULT_FEED_ID),
                    URI.create(json.getString("wsUri", DEFAULT_WS_URI)),
                    ConfigValues.strings("kraken.alwaysOn", json.getJsonArray("alwaysOn", new JsonArray())),
                    json.getInteger("bookDepth", DEFAULT_BOOK_DEPTH),
                    json.getBoolean("subscribeTrades", true),
                    ConfigValues.millis(json, "pingIntervalMs", DEFAULT_PING_INTERVAL),
                    ConfigValues.millis(json, "heartbeatTimeoutMs", DEFAULT_HEARTBEAT_TIMEOUT),
                    json.getInteger("controlBurst", DEFAULT_CONTROL_BURST),
                    json.getDouble("controlPerSecond", DEFAULT_CONTROL_PER_SECOND),
                    ConfigValues.millis(json, "resyncMinIntervalMs", DEFAULT_RESYNC_MIN_INTERVAL),
                    ConfigValues.millis(json, "reconnectMinMs", DEFAULT_RECONNECT_MIN),
                    ConfigValues.millis(json, "reconnectMaxMs", DEFAULT_RECONNECT_MAX),
                    ConfigValues.millis(json, "healthyAfterMs", DEFAULT_HEALTHY_AFTER),
                    json.getInteger("maxBatchEvents", DEFAULT_MAX_BATCH_EVENTS),
                    json.getString("recordFile"));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("kraken config has a value of the wrong type: " + e.getMessage(), e);
        }
    }
}
