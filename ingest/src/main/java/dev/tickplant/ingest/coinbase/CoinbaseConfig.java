package dev.tickplant.ingest.coinbase;

import dev.tickplant.ingest.ws.ConfigValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The Coinbase Exchange WebSocket market data feed.
 *
 * @param feedId id of this feed in logs, metrics and batch sources
 * @param wsUri endpoint, e.g. {@code wss://ws-feed.exchange.coinbase.com} or {@code ws://127.0.0.1:9103}
 * @param alwaysOn canonical symbols subscribed regardless of demand
 * @param level2Channel {@code level2_batch} (public) or {@code level2} (Coinbase requires authentication for it)
 * @param subscribeTrades whether to subscribe to {@code matches}
 * @param strictSequence treat a product sequence that advances by more than one between the messages received as
 *     a gap (and resync the book); right for a venue that sends every sequenced message of a product, as the
 *     simulator does, wrong for the real feed, whose sequences also count messages of channels not subscribed
 * @param heartbeatTimeout drop and reconnect when nothing at all arrived for this long (heartbeats come every second)
 * @param controlBurst token bucket capacity for subscribe/unsubscribe messages on one connection
 * @param controlPerSecond token bucket refill rate
 * @param resyncMinInterval a product's book is resynchronised at most once per this interval
 * @param reconnectMin first reconnect delay
 * @param reconnectMax cap of the reconnect delay
 * @param healthyAfter a connection up this long resets the reconnect backoff
 * @param maxBatchEvents events per batch that trigger an immediate send to the normalizer
 * @param recordFile when set, every raw frame received is appended to this recording (see {@code FrameRecorder})
 */
public record CoinbaseConfig(
        String feedId,
        URI wsUri,
        List<String> alwaysOn,
        String level2Channel,
        boolean subscribeTrades,
        boolean strictSequence,
        Duration heartbeatTimeout,
        int controlBurst,
        double controlPerSecond,
        Duration resyncMinInterval,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration healthyAfter,
        int maxBatchEvents,
        String recordFile) {
    public static final String DEFAULT_FEED_ID = "coinbase";
    public static final String DEFAULT_WS_URI = "wss://ws-feed.exchange.coinbase.com";
    public static final String DEFAULT_LEVEL2_CHANNEL = CoinbaseFrames.CHANNEL_LEVEL2_BATCH;
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_CONTROL_BURST = 5;
    public static final double DEFAULT_CONTROL_PER_SECOND = 5;
    public static final Duration DEFAULT_RESYNC_MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEALTHY_AFTER = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BATCH_EVENTS = 256;

    public CoinbaseConfig {
        if (feedId == null || feedId.isBlank()) {
            throw new IllegalArgumentException("coinbase.feedId must not be blank");
        }
        ConfigValues.webSocketUri(wsUri, "coinbase.wsUri");
        alwaysOn = List.copyOf(alwaysOn);
        if (!CoinbaseFrames.CHANNEL_LEVEL2.equals(level2Channel)
                && !CoinbaseFrames.CHANNEL_LEVEL2_BATCH.equals(level2Channel)) {
            throw new IllegalArgumentException("coinbase.level2Channel must be level2 or level2_batch");
        }
        ConfigValues.positive(heartbeatTimeout, "coinbase.heartbeatTimeout");
        if (controlBurst < 1 || !(controlPerSecond > 0)) {
            throw new IllegalArgumentException("coinbase.controlBurst must be >= 1 and controlPerSecond > 0");
        }
        ConfigValues.positive(resyncMinInterval, "coinbase.resyncMinInterval");
        ConfigValues.positive(reconnectMin, "coinbase.reconnectMin");
        ConfigValues.positive(reconnectMax, "coinbase.reconnectMax");
        if (reconnectMin.compareTo(reconnectMax) > 0) {
            throw new IllegalArgumentException("coinbase.reconnectMin exceeds reconnectMax");
        }
        ConfigValues.positive(healthyAfter, "coinbase.healthyAfter");
        if (maxBatchEvents < 1) {
            throw new IllegalArgumentException("coinbase.maxBatchEvents must be positive");
        }
    }

    /**
     * Parses a feed config. Keys: {@code feedId}, {@code wsUri}, {@code alwaysOn}, {@code level2Channel},
     * {@code subscribeTrades}, {@code strictSequence}, {@code heartbeatTimeoutMs}, {@code controlBurst},
     * {@code controlPerSecond}, {@code resyncMinIntervalMs}, {@code reconnectMinMs}, {@code reconnectMaxMs},
     * {@code healthyAfterMs}, {@code maxBatchEvents}; missing keys take the {@code DEFAULT_*} values
     * ({@code subscribeTrades} true, {@code strictSequence} false).
     *
     * @throws IllegalArgumentException naming the offending key
     */
    public static CoinbaseConfig fromJson(JsonObject json) {
        try {
            return new CoinbaseConfig(
                    json.getString("feedId", DEFAULT_FEED_ID),
                    URI.create(json.getString("wsUri", DEFAULT_WS_URI)),
                    ConfigValues.strings("coinbase.alwaysOn", json.getJsonArray("alwaysOn", new JsonArray())),
                    json.getString("level2Channel", DEFAULT_LEVEL2_CHANNEL),
                    json.getBoolean("subscribeTrades", true),
                    json.getBoolean("strictSequence", false),
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
            throw new IllegalArgumentException("coinbase config has a value of the wrong type: " + e.getMessage(), e);
        }
    }
}
