package dev.tickplant.ingest.alltick;

import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.ingest.ws.ConfigValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One AllTick feed: one endpoint, one persistent connection. AllTick serves US/HK stocks on
 * {@value #STOCK_PATH} and FX, metals and crypto on {@value #FX_CRYPTO_PATH}, so a deployment runs one connector
 * per endpoint, each with its own config.
 *
 * @param feedId id of this feed, in logs, metrics and batch sources (e.g. {@code alltick-stock})
 * @param wsUri endpoint without the token, e.g. {@code ws://127.0.0.1:9100/quote-b-ws-api}
 * @param token API token, appended as {@code ?token=}; masked in {@link #toString()}
 * @param assetClasses asset classes this endpoint carries; symbols of other classes are never requested here
 * @param alwaysOn canonical symbols subscribed regardless of demand
 * @param depthLevel order book levels requested and kept per side
 * @param subscribeTrades whether to subscribe to trade pushes (22004) besides order books (22002)
 * @param heartbeatInterval how often to send 22000 (AllTick: every 10 s; the server drops us after 30 s)
 * @param heartbeatTimeout drop and reconnect when nothing at all was received for this long
 * @param minRequestInterval minimum spacing of subscription requests on one connection (AllTick: 1 per second)
 * @param reconnectMin first reconnect delay
 * @param reconnectMax cap of the reconnect delay
 * @param healthyAfter a connection up this long resets the reconnect backoff
 * @param staleAfter a subscribed symbol without data for this long is re-subscribed on the live connection
 * @param maxBatchEvents events per batch that trigger an immediate send to the normalizer
 * @param recordFile when set, every raw frame received is appended to this recording (see {@code FrameRecorder})
 */
public record AllTickConfig(
        String feedId,
        URI wsUri,
        String token,
        Set<AssetClass> assetClasses,
        List<String> alwaysOn,
        int depthLevel,
        boolean subscribeTrades,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Duration minRequestInterval,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration healthyAfter,
        Duration staleAfter,
        int maxBatchEvents,
        String recordFile) {
    /** Endpoint path for US, HK and A-share stocks. */
    public static final String STOCK_PATH = "/quote-stock-b-ws-api";
    /** Endpoint path for FX, precious metals, crypto and commodities. */
    public static final String FX_CRYPTO_PATH = "/quote-b-ws-api";

    public static final String DEFAULT_FEED_ID = "alltick";
    public static final String DEFAULT_WS_URI = "wss://quote.alltick.co" + FX_CRYPTO_PATH;
    public static final int DEFAULT_DEPTH_LEVEL = 5;
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);
    /** AllTick allows one request per second; the margin absorbs network jitter, since the venue counts on receipt. */
    public static final Duration DEFAULT_MIN_REQUEST_INTERVAL = Duration.ofMillis(1100);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEALTHY_AFTER = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_BATCH_EVENTS = 256;

    public AllTickConfig {
        requireText(feedId, "feedId");
        if (wsUri == null || wsUri.getScheme() == null || wsUri.getHost() == null) {
            throw new IllegalArgumentException("alltick.wsUri must be an absolute ws:// or wss:// URI: " + wsUri);
        }
        if (!wsUri.getScheme().equals("ws") && !wsUri.getScheme().equals("wss")) {
            throw new IllegalArgumentException("alltick.wsUri scheme must be ws or wss: " + wsUri);
        }
        if (wsUri.getRawQuery() != null) {
            throw new IllegalArgumentException("alltick.wsUri must not carry a query; give the token as 'token'");
        }
        token = token == null ? "" : token;
        assetClasses = Set.copyOf(assetClasses);
        if (assetClasses.isEmpty()) {
            throw new IllegalArgumentException("alltick.assetClasses must not be empty");
        }
        alwaysOn = List.copyOf(alwaysOn);
        if (depthLevel < 1 || depthLevel > 10) {
            throw new IllegalArgumentException("alltick.depthLevel must be within 1..10: " + depthLevel);
        }
        ConfigValues.positive(heartbeatInterval, "alltick.heartbeatInterval");
        ConfigValues.positive(heartbeatTimeout, "alltick.heartbeatTimeout");
        if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("alltick.heartbeatTimeout must exceed heartbeatInterval");
        }
        if (minRequestInterval == null || minRequestInterval.isNegative()) {
            throw new IllegalArgumentException("alltick.minRequestInterval must not be negative");
        }
        ConfigValues.positive(reconnectMin, "alltick.reconnectMin");
        ConfigValues.positive(reconnectMax, "alltick.reconnectMax");
        if (reconnectMin.compareTo(reconnectMax) > 0) {
            throw new IllegalArgumentException(
                    "alltick.reconnectMin " + reconnectMin + " > reconnectMax " + reconnectMax);
        }
        ConfigValues.positive(healthyAfter, "alltick.healthyAfter");
        ConfigValues.positive(staleAfter, "alltick.staleAfter");
        if (maxBatchEvents < 1) {
            throw new IllegalArgumentException("alltick.maxBatchEvents must be positive");
        }
    }

    /**
     * Parses a feed config. Keys: {@code feedId}, {@code wsUri}, {@code token}, {@code assetClasses} (array of
     * wire names; default from the URI path: stocks for {@value #STOCK_PATH}, FX/metal/crypto otherwise),
     * {@code alwaysOn} (array of canonical symbols), {@code depthLevel}, {@code subscribeTrades},
     * {@code heartbeatIntervalMs}, {@code heartbeatTimeoutMs}, {@code minRequestIntervalMs},
     * {@code reconnectMinMs}, {@code reconnectMaxMs}, {@code healthyAfterMs}, {@code staleAfterMs},
     * {@code maxBatchEvents}, {@code recordFile}. Missing keys take the {@code DEFAULT_*} values.
     *
     * @throws IllegalArgumentException naming the offending key
     */
    public static AllTickConfig fromJson(JsonObject json) {
        try {
            URI uri = URI.create(json.getString("wsUri", DEFAULT_WS_URI));
            Set<AssetClass> classes = json.containsKey("assetClasses")
                    ? parseClasses(json.getJsonArray("assetClasses"))
                    : defaultClasses(uri);
            return new AllTickConfig(
                    json.getString("feedId", DEFAULT_FEED_ID),
                    uri,
                    json.getString("token", ""),
                    classes,
                    ConfigValues.strings("alltick.alwaysOn", json.getJsonArray("alwaysOn", new JsonArray())),
                    json.getInteger("depthLevel", DEFAULT_DEPTH_LEVEL),
                    json.getBoolean("subscribeTrades", true),
                    ConfigValues.millis(json, "heartbeatIntervalMs", DEFAULT_HEARTBEAT_INTERVAL),
                    ConfigValues.millis(json, "heartbeatTimeoutMs", DEFAULT_HEARTBEAT_TIMEOUT),
                    ConfigValues.millis(json, "minRequestIntervalMs", DEFAULT_MIN_REQUEST_INTERVAL),
                    ConfigValues.millis(json, "reconnectMinMs", DEFAULT_RECONNECT_MIN),
                    ConfigValues.millis(json, "reconnectMaxMs", DEFAULT_RECONNECT_MAX),
                    ConfigValues.millis(json, "healthyAfterMs", DEFAULT_HEALTHY_AFTER),
                    ConfigValues.millis(json, "staleAfterMs", DEFAULT_STALE_AFTER),
                    json.getInteger("maxBatchEvents", DEFAULT_MAX_BATCH_EVENTS),
                    json.getString("recordFile"));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("alltick config has a value of the wrong type: " + e.getMessage(), e);
        }
    }

    /** The asset classes AllTick serves on the endpoint of {@code uri}. */
    public static Set<AssetClass> defaultClasses(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        return path.endsWith(STOCK_PATH)
                ? EnumSet.of(AssetClass.US_STOCK, AssetClass.HK_STOCK)
                : EnumSet.of(AssetClass.FX, AssetClass.METAL, AssetClass.CRYPTO);
    }

    /** The URI to connect to, token included. */
    public String connectUri() {
        return wsUri + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AllTickConfig[feedId=" + feedId + ", wsUri=" + wsUri + ", token=" + (token.isEmpty() ? "" : "***")
                + ", assetClasses=" + assetClasses + ", alwaysOn=" + alwaysOn + ", depthLevel=" + depthLevel
                + ", subscribeTrades=" + subscribeTrades + ", heartbeatInterval=" + heartbeatInterval
                + ", heartbeatTimeout=" + heartbeatTimeout + ", minRequestInterval=" + minRequestInterval
                + ", reconnectMin=" + reconnectMin + ", reconnectMax=" + reconnectMax + ", healthyAfter="
                + healthyAfter + ", staleAfter=" + staleAfter + ", maxBatchEvents=" + maxBatchEvents + "]";
    }

    private static Set<AssetClass> parseClasses(JsonArray array) {
        Set<AssetClass> classes = EnumSet.noneOf(AssetClass.class);
        for (String s : ConfigValues.strings("alltick.assetClasses", array)) {
            classes.add(AssetClass.fromWireName(s));
        }
        return classes;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("alltick." + name + " must not be blank");
        }
    }
}
