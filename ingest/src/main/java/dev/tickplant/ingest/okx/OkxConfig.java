package dev.tickplant.ingest.okx;

import dev.tickplant.ingest.ws.ConfigValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The OKX v5 public market-data feed.
 *
 * @param feedId id of this feed in logs, metrics and batch sources
 * @param wsUri public endpoint, e.g. {@code wss://ws.okx.com:8443/ws/v5/public}
 * @param alwaysOn canonical symbols subscribed regardless of demand
 * @param quoteChannel {@code bbo-tbt} (tick-by-tick best bid/offer) or {@code tickers}
 * @param bookChannel order book channel with sequence ids and checksum: {@code books} (400 levels) or
 *     {@code books-l2-tbt}
 * @param requestsPerSecond refill rate of the per-connection token bucket (capacity 1) for subscribe/unsubscribe
 *     (OKX: 3 requests per second)
 * @param pingAfter send the text {@code ping} when nothing arrived for this long (OKX: under 30 s)
 * @param pongTimeout drop and reconnect when nothing (not even {@code pong}) arrives this long after a ping
 * @param resyncMinInterval a book is re-subscribed at most this often per symbol
 * @param reconnectMin first reconnect delay
 * @param reconnectMax cap of the reconnect delay
 * @param healthyAfter a connection up this long resets the reconnect backoff
 * @param maxBatchEvents events per batch that trigger an immediate send to the normalizer
 * @param recordFile when set, every raw frame received is appended to this recording (see {@code FrameRecorder});
 *     null records nothing
 */
public record OkxConfig(
        String feedId,
        URI wsUri,
        List<String> alwaysOn,
        String quoteChannel,
        String bookChannel,
        double requestsPerSecond,
        Duration pingAfter,
        Duration pongTimeout,
        Duration resyncMinInterval,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration healthyAfter,
        int maxBatchEvents,
        String recordFile) {
    public static final String DEFAULT_FEED_ID = "okx";
    public static final String DEFAULT_WS_URI = "wss://ws.okx.com:8443/ws/v5/public";
    public static final String DEFAULT_QUOTE_CHANNEL = "bbo-tbt";
    public static final String DEFAULT_BOOK_CHANNEL = "books";
    /** OKX allows 3 subscription requests per second; a one-token bucket at 2/s sends at most 3 in any second. */
    public static final double DEFAULT_REQUESTS_PER_SECOND = 2;
    public static final Duration DEFAULT_PING_AFTER = Duration.ofSeconds(20);
    public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RESYNC_MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEALTHY_AFTER = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BATCH_EVENTS = 256;

    public OkxConfig {
        if (feedId == null || feedId.isBlank()) {
            throw new IllegalArgumentException("okx.feedId must not be blank");
        }
        ConfigValues.webSocketUri(wsUri, "okx.wsUri");
        alwaysOn = List.copyOf(alwaysOn);
        if (!"bbo-tbt".equals(quoteChannel) && !"tickers".equals(quoteChannel)) {
            throw new IllegalArgumentException("okx.quoteChannel must be bbo-tbt or tickers: " + quoteChannel);
        }
        if (!"books".equals(bookChannel) && !"books-l2-tbt".equals(bookChannel)) {
            throw new IllegalArgumentException("okx.bookChannel must be books or books-l2-tbt: " + bookChannel);
        }
        if (!(requestsPerSecond > 0 && requestsPerSecond <= 2)) {
            throw new IllegalArgumentException("okx.requestsPerSecond must be within (0, 2] (venue limit 3)");
        }
        for (Duration d : List.of(pingAfter, pongTimeout, resyncMinInterval, reconnectMin, reconnectMax,
                healthyAfter)) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("okx durations must be positive");
            }
        }
        if (reconnectMin.compareTo(reconnectMax) > 0) {
            throw new IllegalArgumentException("okx.reconnectMin exceeds reconnectMax");
        }
        if (maxBatchEvents < 1) {
            throw new IllegalArgumentException("okx.maxBatchEvents must be positive");
        }
    }

    /**
     * Keys: {@code feedId}, {@code wsUri}, {@code alwaysOn}, {@code quoteChannel}, {@code bookChannel},
     * {@code requestsPerSecond}, {@code pingAfterMs}, {@code pongTimeoutMs}, {@code resyncMinIntervalMs},
     * {@code reconnectMinMs}, {@code reconnectMaxMs}, {@code healthyAfterMs}, {@code maxBatchEvents}, {@code recordFile}; missing keys
     * take the {@code DEFAULT_*} values.
     *
     * @throws IllegalArgumentException naming the offending key
     */
    public static OkxConfig fromJson(JsonObject json) {
        try {
            return new OkxConfig(
                    json.getString("feedId", DEFAULT_FEED_ID),
                    URI.create(json.getString("wsUri", DEFAULT_WS_URI)),
                    ConfigValues.strings("okx.alwaysOn", json.getJsonArray("alwaysOn", new JsonArray())),
                    json.getString("quoteChannel", DEFAULT_QUOTE_CHANNEL),
                    json.getString("bookChannel", DEFAULT_BOOK_CHANNEL),
                    json.getDouble("requestsPerSecond", DEFAULT_REQUESTS_PER_SECOND),
                    ConfigValues.millis(json, "pingAfterMs", DEFAULT_PING_AFTER),
                    ConfigValues.millis(json, "pongTimeoutMs", DEFAULT_PONG_TIMEOUT),
                    ConfigValues.millis(json, "resyncMinIntervalMs", DEFAULT_RESYNC_MIN_INTERVAL),
                    ConfigValues.millis(json, "reconnectMinMs", DEFAULT_RECONNECT_MIN),
                    ConfigValues.millis(json, "reconnectMaxMs", DEFAULT_RECONNECT_MAX),
                    ConfigValues.millis(json, "healthyAfterMs", DEFAULT_HEALTHY_AFTER),
                    json.getInteger("maxBatchEvents", DEFAULT_MAX_BATCH_EVENTS),
                    json.getString("recordFile"));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("okx config has a value of the wrong type: " + e.getMessage(), e);
        }
    }
}
