package dev.tickplant.gateway;

import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one API key may do. Market data: an instrument is entitled when its asset class is in {@code assetClasses} or
 * its canonical symbol is in {@code symbols}; when both are empty, everything is. Limits are 0 for "no limit".
 *
 * <p>JSON form (every field optional): {@code {"assetClasses":["fx"],"symbols":["AAPL.US"],"maxConnections":2,
 * "maxSubscriptions":50,"maxMessagesPerSecond":10}}.
 *
 * @param assetClasses asset classes whose every instrument is entitled
 * @param symbols canonical symbols ({@code AAPL.US}, {@code EURUSD}) entitled in addition
 * @param maxConnections concurrent connections of the key across all gateway instances of the cluster (WebSocket,
 *     native and AllTick endpoints), 0 = no limit
 * @param maxSubscriptions subscriptions per connection, counted across channels, 0 = only the gateway-wide limit
 * @param maxMessagesPerSecond client messages per second per connection (token bucket of that size), 0 = no limit
 */
public record Entitlements(Set<AssetClass> assetClasses, Set<String> symbols, int maxConnections,
        int maxSubscriptions, int maxMessagesPerSecond) {
    /** Everything, without limits. */
    public static final Entitlements UNRESTRICTED = new Entitlements(Set.of(), Set.of(), 0, 0, 0);

    public Entitlements {
        assetClasses = assetClasses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(assetClasses));
        symbols = Set.copyOf(symbols);
        if (maxConnections < 0 || maxSubscriptions < 0 || maxMessagesPerSecond < 0) {
            throw new IllegalArgumentException("entitlement limits must not be negative: maxConnections="
                    + maxConnections + " maxSubscriptions=" + maxSubscriptions + " maxMessagesPerSecond="
                    + maxMessagesPerSecond);
        }
    }

    /** True when the key may receive {@code instrument}'s market data. */
    public boolean entitles(Instrument instrument) {
        if (assetClasses.isEmpty() && symbols.isEmpty()) {
            return true;
        }
        return assetClasses.contains(instrument.assetClass()) || symbols.contains(instrument.symbol());
    }

    /** True when no asset class or symbol restriction applies. */
    public boolean allMarketData() {
        return assetClasses.isEmpty() && symbols.isEmpty();
    }

    /** Wire names of the entitled asset classes, sorted by the enum order; all of them when unrestricted. */
    public List<String> assetClassNames() {
        List<String> out = new ArrayList<>();
        for (AssetClass c : AssetClass.values()) {
            if (allMarketData() || assetClasses.contains(c)) {
                out.add(c.wireName());
            }
        }
        return out;
    }

    /** The extra symbols, sorted. */
    public List<String> symbolList() {
        return symbols.stream().sorted().toList();
    }

    /** "asset classes fx; symbols AAPL.US", for error messages. */
    public String describe() {
        if (allMarketData()) {
            return "all market data";
        }
        List<String> parts = new ArrayList<>();
        if (!assetClasses.isEmpty()) {
            parts.add("asset classes " + String.join(", ", assetClassNames()));
        }
        if (!symbols.isEmpty()) {
            parts.add("symbols " + String.join(", ", symbolList()));
        }
        return String.join("; ", parts);
    }

    /**
     * Parses the JSON form.
     *
     * @param where names the config location in error messages, e.g. {@code gateway.apiKeyDefaults}
     * @throws IllegalArgumentException naming {@code where} and the field for an invalid value
     */
    public static Entitlements fromJson(JsonObject json, String where) {
        Set<AssetClass> classes = new LinkedHashSet<>();
        for (String name : strings(json, "assetClasses", where)) {
            try {
                classes.add(AssetClass.fromWireName(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ".assetClasses: " + e.getMessage(), e);
            }
        }
        Set<String> symbols = new LinkedHashSet<>();
        for (String s : strings(json, "symbols", where)) {
            symbols.add(s.trim());
        }
        return new Entitlements(classes, symbols, count(json, "maxConnections", where),
                count(json, "maxSubscriptions", where), count(json, "maxMessagesPerSecond", where));
    }

    /** The JSON form, as {@link #fromJson(JsonObject, String)} reads it; limits of 0 are omitted. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        if (!assetClasses.isEmpty()) {
            json.put("assetClasses", new JsonArray(assetClassNames()));
        }
        if (!symbols.isEmpty()) {
            json.put("symbols", new JsonArray(symbolList()));
        }
        putLimit(json, "maxConnections", maxConnections);
        putLimit(json, "maxSubscriptions", maxSubscriptions);
        putLimit(json, "maxMessagesPerSecond", maxMessagesPerSecond);
        return json;
    }

    private static void putLimit(JsonObject json, String key, int value) {
        if (value > 0) {
            json.put(key, value);
        }
    }

    private static List<String> strings(JsonObject json, String key, String where) {
        Object value = json.getValue(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException(where + "." + key + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : array) {
            if (!(o instanceof String s) || s.isBlank()) {
                throw new IllegalArgumentException(where + "." + key + " must contain non-empty strings only");
            }
            out.add(s);
        }
        return out;
    }

    private static int count(JsonObject json, String key, String where) {
        Object value = json.getValue(key);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0
                || ((Number) value).longValue() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where + "." + key + " must be a non-negative integer, got " + value);
        }
        return ((Number) value).intValue();
    }
}
