package dev.tickplant.ingest.binance;

import dev.tickplant.ingest.ws.ConfigValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The Binance spot public market-data feed.
 *
 * @param feedId id of this feed in logs, metrics and batch sources
 * @param wsUri combined-stream endpoint, e.g. {@code wss://stream.binance.com:9443/stream}; streams are added with
 *     {@code SUBSCRIBE} on the live connection, payloads arrive wrapped as {@code {"stream":…,"data":…}}
 * @param restUri REST base for the depth snapshot, e.g. {@code https://api.binance.com}
 * @param alwaysOn canonical symbols subscribed regardless of demand
 * @param tradeStream {@code trade} or {@code aggTrade}
 * @param depthSpeedMs diff depth update speed: 100 ({@code @depth@100ms}) or 1000 ({@code @depth})
 * @param snapshotLimit {@code limit} of the REST depth snapshot (1..5000)
 * @param maxMessagesPerSecond refill rate of the per-connection token bucket (capacity 1) for SUBSCRIBE/UNSUBSCRIBE;
 *     any one-second window then carries at most this plus one, within Binance's 5 incoming messages per second
 *     (pings and pongs included)
 * @param maxStreamsPerConnection streams per connection; beyond it symbols go to another connection (Binance: 1024)
 * @param heartbeatTimeout a connection with subscriptions on which nothing arrived for this long is re-made
 * @param resyncMinInterval a book is re-fetched from REST at most this often (gap, resync request or retry)
 * @param reconnectMin first reconnect delay
 * @param reconnectMax cap of the reconnect delay
 * @param healthyAfter a connection up this long resets the reconnect backoff
 * @param maxBatchEvents events per batch that trigger an immediate send to the normalizer
 * @param recordFile when set, every raw frame received, and every REST depth snapshot, is appended to this recording
 *     (see {@code FrameRecorder}); null records nothing
 */
public record BinanceConfig(
        String feedId,
        URI wsUri,
        URI restUri,
        List<String> alwaysOn,
        String tradeStream,
        int depthSpeedMs,
        int snapshotLimit,
        int maxMessagesPerSecond,
        int maxStreamsPerConnection,
        Duration heartbeatTimeout,
        Duration resyncMinInterval,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration healthyAfter,
        int maxBatchEvents,
        String recordFile) {
    public static final String DEFAULT_FEED_ID = "binance";
    public static final String DEFAULT_WS_URI = "wss://stream.binance.com:9443/stream";
    public static final String DEFAULT_REST_URI = "https://api.binance.com";
    public static final String DEFAULT_TRADE_STREAM = "trade";
    public static final int DEFAULT_DEPTH_SPEED_MS = 100;
    public static final int DEFAULT_SNAPSHOT_LIMIT = 1000;
    /**
     * Binance counts pings, pongs and control messages against 5 per second. The bucket holds one token and refills
     * at this rate, so any one-second window sees at most this plus one control message: 4, leaving room for a pong.
     */
    public static final int DEFAULT_MAX_MESSAGES_PER_SECOND = 3;
    public static final int DEFAULT_MAX_STREAMS_PER_CONNECTION = 1024;
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RESYNC_MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEALTHY_AFTER = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BATCH_EVENTS = 256;

    public BinanceConfig {
        if (feedId == null || feedId.isBlank()) {
            throw new IllegalArgumentException("binance.feedId must not be blank");
        }
        requireScheme(wsUri, "wsUri", "ws", "wss");
        requireScheme(restUri, "restUri", "http", "https");
        alwaysOn = List.copyOf(alwaysOn);
        if (!"trade".equals(tradeStream) && !"aggTrade".equals(tradeStream)) {
            throw new IllegalArgumentException("binance.tradeStream must be trade or aggTrade: " + tradeStream);
        }
        if (depthSpeedMs != 100 && depthSpeedMs != 1000) {
            throw new IllegalArgumentException("binance.depthSpeedMs must be 100 or 1000: " + depthSpeedMs);
        }
        if (snapshotLimit < 1 || snapshotLimit > 5000) {
            throw new IllegalArgumentException("binance.snapshotLimit must be within 1..5000");
        }
        if (maxMessagesPerSecond < 1 || maxMessagesPerSecond > 4) {
            throw new IllegalArgumentException("binance.maxMessagesPerSecond must be within 1..4 (venue limit 5)");
        }
        if (maxStreamsPerConnection < BinanceFrames.STREAMS_PER_SYMBOL || maxStreamsPerConnection > 1024) {
            throw new IllegalArgumentException("binance.maxStreamsPerConnection must be within "
                    + BinanceFrames.STREAMS_PER_SYMBOL + "..1024");
        }
        ConfigValues.positive(heartbeatTimeout, "binance.heartbeatTimeout");
        ConfigValues.positive(resyncMinInterval, "binance.resyncMinInterval");
        ConfigValues.positive(reconnectMin, "binance.reconnectMin");
        ConfigValues.positive(reconnectMax, "binance.reconnectMax");
        if (reconnectMin.compareTo(reconnectMax) > 0) {
            throw new IllegalArgumentException("binance.reconnectMin exceeds reconnectMax");
        }
        ConfigValues.positive(healthyAfter, "binance.healthyAfter");
        if (maxBatchEvents < 1) {
            throw new IllegalArgumentException("binance.maxBatchEvents must be positive");
        }
    }

    /**
     * Parses a feed config. Keys: {@code feedId}, {@code wsUri}, {@code restUri}, {@code alwaysOn},
     * {@code tradeStream}, {@code depthSpeedMs}, {@code snapshotLimit}, {@code maxMessagesPerSecond},
     * {@code maxStreamsPerConnection}, {@code heartbeatTimeoutMs}, {@code resyncMinIntervalMs},
     * {@code reconnectMinMs}, {@code reconnectMaxMs}, {@code healthyAfterMs}, {@code maxBatchEvents}, {@code recordFile}. Missing keys
     * take the {@code DEFAULT_*} values.
     *
     * @throws IllegalArgumentException naming the offending key
     */
    public static BinanceConfig fromJson(JsonObject json) {
        try {
            return new BinanceConfig(
                    json.getString("feedId", DEFAULT_FEED_ID),
                    URI.create(json.getString("wsUri", DEFAULT_WS_URI)),
                    URI.create(json.getString("restUri", DEFAULT_REST_URI)),
                    ConfigValues.strings("binance.alwaysOn", json.getJsonArray("alwaysOn", new JsonArray())),
                    json.getString("tradeStream", DEFAULT_TRADE_STREAM),
                    json.getInteger("depthSpeedMs", DEFAULT_DEPTH_SPEED_MS),
                    json.getInteger("snapshotLimit", DEFAULT_SNAPSHOT_LIMIT),
                    json.getInteger("maxMessagesPerSecond", DEFAULT_MAX_MESSAGES_PER_SECOND),
                    json.getInteger("maxStreamsPerConnection", DEFAULT_MAX_STREAMS_PER_CONNECTION),
                    ConfigValues.millis(json, "heartbeatTimeoutMs", DEFAULT_HEARTBEAT_TIMEOUT),
                    ConfigValues.millis(json, "resyncMinIntervalMs", DEFAULT_RESYNC_MIN_INTERVAL),
                    ConfigValues.millis(json, "reconnectMinMs", DEFAULT_RECONNECT_MIN),
                    ConfigValues.millis(json, "reconnectMaxMs", DEFAULT_RECONNECT_MAX),
                    ConfigValues.millis(json, "healthyAfterMs", DEFAULT_HEALTHY_AFTER),
                    json.getInteger("maxBatchEvents", DEFAULT_MAX_BATCH_EVENTS),
                    json.getString("recordFile"));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("binance config has a value of the wrong type: " + e.getMessage(), e);
        }
    }

    private static void requireScheme(URI uri, String name, String plain, String secure) {
        if (uri == null || uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals(plain) || uri.getScheme().equals(secure))) {
            throw new IllegalArgumentException(
                    "binance." + name + " must be an absolute " + plain + ":// or " + secure + ":// URI: " + uri);
        }
    }
}
