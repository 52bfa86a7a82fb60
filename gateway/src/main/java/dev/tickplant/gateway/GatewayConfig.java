package dev.tickplant.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of the client-facing WebSocket gateway, parsed once at boot by {@link #fromJson(JsonObject)}.
 *
 * <p>JSON keys (all optional): {@code host}, {@code port} (0 = pick a free port), {@code apiKeys} (array of
 * strings), {@code authTimeoutMs}, {@code maxFrameBytes} (largest client message the protocol accepts; larger ones
 * get {@code MESSAGE_TOO_LARGE}), {@code wsMaxMessageBytes} (transport limit of Vert.x, above which the connection
 * is closed; must be at least {@code maxFrameBytes}), {@code pingIntervalMs}, {@code pongTimeoutMs}, {@code
 * demandIntervalMs}, {@code demandTtlMs}, {@code demandCoalesceMs}, {@code maxSubscriptionsPerConnection}, {@code
 * slowConsumerTimeoutMs}, {@code snapshotTimeoutMs}, {@code snapshotRetryMinMs}, {@code snapshotRetryMaxMs},
 * {@code maxAuthFailures}, {@code closingTimeoutMs}, {@code apiKeysFile} (path of a JSON file {@code {"keys":[...]}}
 * of salted-hash entries, see {@link HashedKey}), {@code hashedApiKeys} (the same entries inline), {@code
 * apiKeyDefaults} (the {@link Entitlements} of the plain keys; unrestricted when absent), {@code batchMaxMessages},
 * {@code batchLingerMs}. Keys in the {@code
 * TICKPLANT_API_KEYS} environment variable (comma-separated) are added to {@code apiKeys}. The default plain key
 * {@code demo} applies only when neither {@code apiKeys} nor any hashed key is configured.
 *
 * @param host interface to bind
 * @param port TCP port; 0 picks a free one (see {@link GatewayVerticle#actualPort()}); {@link #SHARED_FREE_PORT}
 *     picks one free port that every gateway instance of the same Vert.x instance listening with it shares
 * @param apiKeys accepted plain API keys (ids {@code key-1}, ... in this order); may be empty only when
 *     {@code hashedApiKeys} is not
 * @param authTimeout how long a connection may stay unauthenticated before it is closed
 * @param maxFrameBytes largest client text message, in UTF-8 bytes, that is parsed
 * @param wsMaxMessageBytes Vert.x WebSocket frame and message size limit
 * @param pingInterval how often WebSocket ping frames go to every client
 * @param pongTimeout how long a client may leave a ping unanswered before it is closed
 * @param demandInterval how often the demand set is re-announced even when unchanged
 * @param demandTtl time-to-live carried by each demand announcement
 * @param demandCoalesce delay that batches demand changes into one announcement
 * @param maxSubscriptionsPerConnection subscription limit per connection
 * @param slowConsumerTimeout how long a client's write queue may stay full before it is closed with 1008
 * @param snapshotTimeout timeout of one snapshot request
 * @param snapshotRetryMin first retry delay of a failed snapshot request
 * @param snapshotRetryMax cap of the exponential snapshot retry delay
 * @param maxAuthFailures failed auth attempts after which the connection is closed
 * @param closingTimeout how long the server waits for the client's close frame after sending its own before it
 *     drops the TCP connection (whole seconds, at least 1; a slow consumer's close frame is stuck behind its data)
 * @param anonymousQuote whether the ticks-only endpoint {@code /quote} accepts clients without an API key (programs
 *     written for aggregator APIs, like seed 004's, send no key); with false it needs {@code ?token=KEY}
 * @param hashedApiKeys keys stored as salted hashes, with their entitlements (ids unique)
 * @param apiKeyDefaults entitlements of the plain {@code apiKeys} (and of anonymous {@code /quote} clients)
 * @param batchMaxMessages for clients in batched mode: messages per frame at most
 * @param batchLinger for clients in batched mode: how long the first message of a frame may wait for company; zero
 *     (the default) writes each frame at the end of the event-loop turn, with whatever that turn produced
 */
public record GatewayConfig(
        String host,
        int port,
        List<String> apiKeys,
        Duration authTimeout,
        int maxFrameBytes,
        int wsMaxMessageBytes,
        Duration pingInterval,
        Duration pongTimeout,
        Duration demandInterval,
        Duration demandTtl,
        Duration demandCoalesce,
        int maxSubscriptionsPerConnection,
        Duration slowConsumerTimeout,
        Duration snapshotTimeout,
        Duration snapshotRetryMin,
        Duration snapshotRetryMax,
        int maxAuthFailures,
        Duration closingTimeout,
        boolean anonymousQuote,
        List<HashedKey> hashedApiKeys,
        Entitlements apiKeyDefaults,
        int batchMaxMessages,
        Duration batchLinger) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    /**
     * A port value meaning "one free port shared by all instances": Vert.x binds the first server listening on a
     * negative port to a free port and lets every later server with the same negative port share it.
     */
    public static final int SHARED_FREE_PORT = -1;
    public static final List<String> DEFAULT_API_KEYS = List.of("demo");
    public static final String API_KEYS_ENV = "TICKPLANT_API_KEYS";
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    public static final int DEFAULT_WS_MAX_MESSAGE_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
    public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DEMAND_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DEMAND_TTL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_DEMAND_COALESCE = Duration.ofMillis(20);
    public static final int DEFAULT_MAX_SUBSCRIPTIONS = 1000;
    public static final Duration DEFAULT_SLOW_CONSUMER_TIMEOUT = Duration.ofSeconds(10);
    /**
     * A normalizer answers within milliseconds; a request that waits longer went to a node that just died (right
     * after a failover the dead node's registration can linger for a moment, and a request sent there is only
     * noticed by its timeout), so the timeout bounds how long a failover keeps a client waiting.
     */
    public static final Duration DEFAULT_SNAPSHOT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SNAPSHOT_RETRY_MIN = Duration.ofMillis(100);
    public static final Duration DEFAULT_SNAPSHOT_RETRY_MAX = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_AUTH_FAILURES = 10;
    public static final Duration DEFAULT_CLOSING_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_BATCH_MAX_MESSAGES = 200;
    public static final Duration DEFAULT_BATCH_LINGER = Duration.ZERO;

    public GatewayConfig {
        apiKeys = List.copyOf(apiKeys);
        hashedApiKeys = List.copyOf(hashedApiKeys);
        Objects.requireNonNull(apiKeyDefaults, "apiKeyDefaults");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("gateway.host must not be empty");
        }
        if (port < SHARED_FREE_PORT || port > 65535) {
            throw new IllegalArgumentException("gateway.port out of range: " + port);
        }
        if (apiKeys.isEmpty() && hashedApiKeys.isEmpty() || apiKeys.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("gateway.apiKeys must be non-empty and contain no blank key");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < apiKeys.size(); i++) {
            ids.add(ApiKeys.plainKeyId(i));
        }
        for (HashedKey k : hashedApiKeys) {
            if (!ids.add(k.id())) {
                throw new IllegalArgumentException("gateway: duplicate API key id '" + k.id() + "' (plain keys use "
                        + "key-1, key-2, ...)");
            }
        }
        positive("authTimeoutMs", authTimeout);
        positive("pingIntervalMs", pingInterval);
        positive("pongTimeoutMs", pongTimeout);
        positive("demandIntervalMs", demandInterval);
        positive("demandTtlMs", demandTtl);
        positive("slowConsumerTimeoutMs", slowConsumerTimeout);
        positive("snapshotTimeoutMs", snapshotTimeout);
        positive("snapshotRetryMinMs", snapshotRetryMin);
        positive("snapshotRetryMaxMs", snapshotRetryMax);
        positive("closingTimeoutMs", closingTimeout);
        if (demandCoalesce.isNegative()) {
            throw new IllegalArgumentException("gateway.demandCoalesceMs must not be negative");
        }
        if (demandTtl.compareTo(demandInterval) <= 0) {
            // A TTL no longer than the re-announce interval would let ingest forget a live gateway between beats.
            throw new IllegalArgumentException("gateway.demandTtlMs " + demandTtl + " must exceed demandIntervalMs "
                    + demandInterval);
        }
        if (snapshotRetryMin.compareTo(snapshotRetryMax) > 0) {
            throw new IllegalArgumentException("gateway.snapshotRetryMinMs exceeds snapshotRetryMaxMs");
        }
        if (maxFrameBytes <= 0 || wsMaxMessageBytes < maxFrameBytes) {
            throw new IllegalArgumentException("gateway.maxFrameBytes must be positive and at most wsMaxMessageBytes: "
                    + maxFrameBytes + "/" + wsMaxMessageBytes);
        }
        if (maxSubscriptionsPerConnection <= 0) {
            throw new IllegalArgumentException("gateway.maxSubscriptionsPerConnection must be positive");
        }
        if (maxAuthFailures <= 0) {
            throw new IllegalArgumentException("gateway.maxAuthFailures must be positive");
        }
        if (batchMaxMessages <= 0) {
            throw new IllegalArgumentException("gateway.batchMaxMessages must be positive");
        }
        if (batchLinger.isNegative()) {
            throw new IllegalArgumentException("gateway.batchLingerMs must not be negative: " + batchLinger);
        }
    }

    /** All defaults, with the environment's extra API keys. */
    public static GatewayConfig defaults() {
        return fromJson(new JsonObject());
    }

    /** Parses {@code json}, adding API keys from the process environment's {@value #API_KEYS_ENV}. */
    public static GatewayConfig fromJson(JsonObject json) {
        return fromJson(json, System.getenv());
    }

    /**
     * Parses {@code json}, adding API keys from {@code env}'s {@value #API_KEYS_ENV} (comma-separated).
     *
     * @throws IllegalArgumentException naming the offending key when a value is invalid
     */
    public static GatewayConfig fromJson(JsonObject json, Map<String, String> env) {
        List<HashedKey> hashed = new ArrayList<>();
        Object inline = json.getValue("hashedApiKeys");
        if (inline != null) {
            hashed.addAll(hashedKeys(inline, "gateway.hashedApiKeys"));
        }
        String file = json.getString("apiKeysFile");
        if (file != null) {
            hashed.addAll(readKeysFile(Path.of(file)));
        }
        Set<String> keys = new LinkedHashSet<>();
        Object configured = json.getValue("apiKeys");
        if (configured == null) {
            if (hashed.isEmpty()) {
                keys.addAll(DEFAULT_API_KEYS);
            }
        } else if (configured instanceof JsonArray array) {
            for (Object k : array) {
                if (!(k instanceof String s)) {
                    throw new IllegalArgumentException("gateway.apiKeys must contain strings only");
                }
                keys.add(s.trim());
            }
        } else {
            throw new IllegalArgumentException("gateway.apiKeys must be an array of strings");
        }
        String fromEnv = env.get(API_KEYS_ENV);
        if (fromEnv != null) {
            for (String k : fromEnv.split(",")) {
                if (!k.isBlank()) {
                    keys.add(k.trim());
                }
            }
        }
        return new GatewayConfig(
                json.getString("host", DEFAULT_HOST),
                json.getInteger("port", DEFAULT_PORT),
                new ArrayList<>(keys),
                millis(json, "authTimeoutMs", DEFAULT_AUTH_TIMEOUT),
                json.getInteger("maxFrameBytes", DEFAULT_MAX_FRAME_BYTES),
                json.getInteger("wsMaxMessageBytes", DEFAULT_WS_MAX_MESSAGE_BYTES),
                millis(json, "pingIntervalMs", DEFAULT_PING_INTERVAL),
                millis(json, "pongTimeoutMs", DEFAULT_PONG_TIMEOUT),
                millis(json, "demandIntervalMs", DEFAULT_DEMAND_INTERVAL),
                millis(json, "demandTtlMs", DEFAULT_DEMAND_TTL),
                millis(json, "demandCoalesceMs", DEFAULT_DEMAND_COALESCE),
                json.getInteger("maxSubscriptionsPerConnection", DEFAULT_MAX_SUBSCRIPTIONS),
                millis(json, "slowConsumerTimeoutMs", DEFAULT_SLOW_CONSUMER_TIMEOUT),
                millis(json, "snapshotTimeoutMs", DEFAULT_SNAPSHOT_TIMEOUT),
                millis(json, "snapshotRetryMinMs", DEFAULT_SNAPSHOT_RETRY_MIN),
                millis(json, "snapshotRetryMaxMs", DEFAULT_SNAPSHOT_RETRY_MAX),
                json.getInteger("maxAuthFailures", DEFAULT_MAX_AUTH_FAILURES),
                millis(json, "closingTimeoutMs", DEFAULT_CLOSING_TIMEOUT),
                json.getBoolean("anonymousQuote", false),
                hashed,
                Entitlements.fromJson(json.getJsonObject("apiKeyDefaults", new JsonObject()),
                        "gateway.apiKeyDefaults"),
                json.getInteger("batchMaxMessages", DEFAULT_BATCH_MAX_MESSAGES),
                millis(json, "batchLingerMs", DEFAULT_BATCH_LINGER));
    }

    /**
     * Reads a keys file: {@code {"keys":[{"id","salt","sha256",...entitlements}]}}. Blocking file I/O, done once at
     * boot while the config is parsed.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or an entry is invalid
     */
    static List<HashedKey> readKeysFile(Path path) {
        JsonObject doc;
        try {
            doc = new JsonObject(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("gateway.apiKeysFile " + path + " is not a readable JSON object: "
                    + e.getMessage(), e);
        }
        Object keys = doc.getValue("keys");
        if (keys == null) {
            throw new IllegalArgumentException("gateway.apiKeysFile " + path + ": missing 'keys' array");
        }
        return hashedKeys(keys, path + " keys");
    }

    private static List<HashedKey> hashedKeys(Object value, String where) {
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException(where + " must be an array of key objects");
        }
        List<HashedKey> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject entry)) {
                throw new IllegalArgumentException(where + "[" + i + "] must be an object");
            }
            out.add(HashedKey.fromJson(entry, where + "[" + i + "]"));
        }
        return out;
    }

    /** A copy listening on another port (tests use 0). */
    public GatewayConfig withPort(int newPort) {
        return new GatewayConfig(host, newPort, apiKeys, authTimeout, maxFrameBytes, wsMaxMessageBytes,
                pingInterval, pongTimeout, demandInterval, demandTtl, demandCoalesce, maxSubscriptionsPerConnection,
                slowConsumerTimeout, snapshotTimeout, snapshotRetryMin, snapshotRetryMax, maxAuthFailures,
                closingTimeout, anonymousQuote, hashedApiKeys, apiKeyDefaults, batchMaxMessages, batchLinger);
    }

    /** Masks the API keys, so the config can be logged at startup. */
    @Override
    public String toString() {
        return "GatewayConfig[host=" + host + ", port=" + port + ", apiKeys=<" + apiKeys.size() + " masked>"
                + ", authTimeout=" + authTimeout + ", maxFrameBytes=" + maxFrameBytes + ", wsMaxMessageBytes="
                + wsMaxMessageBytes + ", pingInterval=" + pingInterval + ", pongTimeout=" + pongTimeout
                + ", demandInterval=" + demandInterval + ", demandTtl=" + demandTtl + ", demandCoalesce="
                + demandCoalesce + ", maxSubscriptionsPerConnection=" + maxSubscriptionsPerConnection
                + ", slowConsumerTimeout=" + slowConsumerTimeout + ", snapshotTimeout=" + snapshotTimeout
                + ", snapshotRetry=" + snapshotRetryMin + ".." + snapshotRetryMax + ", maxAuthFailures="
                + maxAuthFailures + ", closingTimeout=" + closingTimeout + ", anonymousQuote=" + anonymousQuote
                + ", hashedApiKeys=" + hashedApiKeys.stream().map(HashedKey::id).toList() + ", apiKeyDefaults="
                + apiKeyDefaults + ", batchMaxMessages=" + batchMaxMessages + ", batchLinger=" + batchLinger + "]";
    }

    private static Duration millis(JsonObject json, String key, Duration fallback) {
        Long value = json.getLong(key);
        return value == null ? fallback : Duration.ofMillis(value);
    }

    private static void positive(String key, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("gateway." + key + " must be positive: " + d);
        }
    }
}
