package dev.tickplant.ingest.htx;

import dev.tickplant.ingest.ws.ConfigValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The HTX (Huobi) spot market WebSocket feed.
 *
 * @param feedId id of this feed in logs, metrics and batch sources
 * @param wsUri endpoint, e.g. {@code wss://api.huobi.pro/ws} or {@code ws://127.0.0.1:9104/ws}
 * @param alwaysOn canonical symbols subscribed regardless of demand
 * @param subscribeTrades whether to subscribe to {@code market.$symbol.trade.detail}
 * @param bookLevels levels per side forwarded from each {@code depth.step0} snapshot (the venue sends 150)
 * @param heartbeatTimeout drop and reconnect when nothing at all arrived for this long (the venue pings every 5 s)
 * @param controlBurst token bucket capacity for sub/unsub/pong messages on one connection
 * @param controlPerSecond token bucket refill rate
 * @param resyncMinInterval a symbol's book is re-subscribed at most once per this interval
 * @param reconnectMin first reconnect delay
 * @param reconnectMax cap of the reconnect delay
 * @param healthyAfter a connection up this long resets the reconnect backoff
 * @param maxBatchEvents events per batch that trigger an immediate send to the normalizer
 * @param recordFile when set, every raw frame received is appended to this recording (see {@code FrameRecorder}),
 *     the gzipped binary frames byte for byte; null records nothing
 */
public record HtxConfig(
        String feedId,
        URI wsUri,
        List<String> alwaysOn,
        boolean subscribeTrades,
        int bookLevels,
        Duration heartbeatTimeout,
        int controlBurst,
        double controlPerSecond,
        Duration resyncMinInterval,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration healthyAfter,
        int maxBatchEvents,
        String recordFile) {
    public static final String DEFAULT_FEED_ID = "htx";
    public static final String DEFAULT_WS_URI = "wss://api.huobi.pro/ws";
    public static final int DEFAULT_BOOK_LEVELS = 20;
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_CONTROL_BURST = 10;
    public static final double DEFAULT_CONTROL_PER_SECOND = 5;
    public static final Duration DEFAULT_RESYNC_MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEALTHY_AFTER = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BATCH_EVENTS = 256;

    public HtxConfig {
        if (feedId == null || feedId.isBlank()) {
            throw new IllegalArgumentException("htx.feedId must not be blank");
        }
        ConfigValues.webSocketUri(wsUri, "htx.wsUri");
        alwaysOn = List.copyOf(alwaysOn);
        if (bookLevels < 1 || bookLevels > 150) {
            throw new IllegalArgumentException("htx.bookLevels must be within 1..150: " + bookLevels);
        }
        ConfigValues.positive(heartbeatTimeout, "htx.heartbeatTimeout");
        if (controlBurst < 1 || !(controlPerSecond > 0)) {
            throw new IllegalArgumentException("htx.controlBurst must be >= 1 and controlPerSecond > 0");
        }
        ConfigValues.positive(resyncMinInterval, "htx.resyncMinInterval");
        ConfigValues.positive(reconnectMin, "htx.reconnectMin");
        ConfigValues.positive(reconnectMax, "htx.reconnectMax");
        if (reconnectMin.compareTo(reconnectMax) > 0) {
            throw new IllegalArgumentException("htx.reconnectMin exceeds reconnectMax");
        }
        ConfigValues.positive(healthyAfter, "htx.healthyAfter");
        if (maxBatchEvents < 1) {
            throw new IllegalArgumentException("htx.maxBatchEvents must be positive");
        }
    }

    /**
     * Parses a feed config. Keys: {@code feedId}, {@code wsUri}, {@code alwaysOn}, {@code subscribeTrades},
     * {@code bookLevels}, {@code heartbeatTimeoutMs}, {@code controlBurst}, {@code controlPerSecond},
     * {@code resyncMinIntervalMs}, {@code reconnectMinMs}, {@code reconnectMaxMs}, {@code healthyAfterMs},
     * {@code maxBatchEvents}, {@code recordFile}; missing keys take the {@code DEFAULT_*} values
     * ({@code subscribeTrades} true).
     *
     * @throws IllegalArgumentException naming the offending key
     */
    public static HtxConfig fromJson(JsonObject json) {
        try {
            return new HtxConfig(
                    json.getString("feedId", DEFAULT_FEED_ID),
                    URI.create(json.getString("wsUri", DEFAULT_WS_URI)),
                    ConfigValues.strings("htx.alwaysOn", json.getJsonArray("alwaysOn", new JsonArray())),
                    json.getBoolean("subscribeTrades", true),
                    json.getInteger("bookLevels", DEFAULT_BOOK_LEVELS),
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
            throw new IllegalArgumentException("htx config has a value of the wrong type: " + e.getMessage(), e);
        }
    }
}
