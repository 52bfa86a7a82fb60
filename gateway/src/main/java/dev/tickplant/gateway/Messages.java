package dev.tickplant.gateway;

import dev.tickplant.common.model.Channel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds the control messages of the client protocol (everything but ticks). Stateless. */
final class Messages {
    static final String SERVER = "tickplant";
    static final String PROTOCOL_VERSION = "1";

    private Messages() {}

    static String welcome(Duration authTimeout, boolean authenticated) {
        long seconds = Math.max(1, authTimeout.toSeconds());
        String message = authenticated
                ? "Welcome to tickplant. Authenticated by token; subscribe with "
                        + "{\"type\":\"subscribe\",\"symbols\":[...]}"
                : "Welcome to tickplant. Please authenticate within " + seconds
                        + " seconds: {\"type\":\"auth\",\"apiKey\":\"<your-api-key>\"}";
        return new JsonObject()
                .put("type", "welcome")
                .put("message", message)
                .put("server", SERVER)
                .put("version", PROTOCOL_VERSION)
                .put("authenticated", authenticated)
                .put("authTimeoutSeconds", seconds)
                .encode();
    }

    static String authResult(boolean success, String message) {
        return new JsonObject().put("type", "auth").put("success", success).put("message", message).encode();
    }

    /** A failed {@code auth}: seed 003's shape plus {@code code}; the connection stays open for a retry. */
    static String authFailed(String message) {
        return new JsonObject()
                .put("type", "auth")
                .put("success", false)
                .put("message", message)
                .put("code", ErrorCode.AUTH_FAILED.name())
                .encode();
    }

    static String subscribed(List<String> symbols, int total) {
        return symbols("subscribed", symbols, total);
    }

    /**
     * Seed 003's {@code subscribed}; a channel other than tick adds {@code "channel"} (and {@code "levels"} for
     * depth), so the tick confirmation keeps the seed's exact shape.
     */
    static String subscribed(List<String> symbols, int total, Channel channel, int levels) {
        JsonObject json = symbolsJson("subscribed", symbols, total);
        if (channel != Channel.TICK) {
            json.put("channel", channel.wireName());
            if (channel == Channel.DEPTH) {
                json.put("levels", levels);
            }
        }
        return json.encode();
    }

    static String unsubscribed(List<String> symbols, int total) {
        return symbols("unsubscribed", symbols, total);
    }

    /** {@code unsubscribed}; a channel other than tick adds {@code "channel"}. */
    static String unsubscribed(List<String> symbols, int total, Channel channel) {
        JsonObject json = symbolsJson("unsubscribed", symbols, total);
        if (channel != Channel.TICK) {
            json.put("channel", channel.wireName());
        }
        return json.encode();
    }

    static String list(List<String> symbols, int total) {
        return symbols("list", symbols, total);
    }

    /** A refused {@code auth}: a valid key that already has its {@code maxConnections} connections. */
    static String authConnectionLimit(String message) {
        return new JsonObject()
                .put("type", "auth")
                .put("success", false)
                .put("message", message)
                .put("code", ErrorCode.CONNECTION_LIMIT.name())
                .encode();
    }

    /**
     * {@code limits}: the key's entitlements ({@code assetClasses} lists every class when the key has no market-data
     * restriction; {@code symbols} are the extra canonical symbols), the key's open connections across all gateway
     * instances (as far as this one knows), and this connection's subscriptions; a limit without a value is {@code null}.
     */
    static String limits(ApiKey key, int connections, int maxSubscriptions, int subscriptions) {
        Entitlements e = key.entitlements();
        return new JsonObject()
                .put("type", "limits")
                .put("key", key.id())
                .put("assetClasses", new JsonArray(e.assetClassNames()))
                .put("symbols", new JsonArray(e.symbolList()))
                .put("maxConnections", e.maxConnections() > 0 ? e.maxConnections() : null)
                .put("connections", connections)
                .put("maxSubscriptions", maxSubscriptions)
                .put("subscriptions", subscriptions)
                .put("maxMessagesPerSecond", e.maxMessagesPerSecond() > 0 ? e.maxMessagesPerSecond() : null)
                .encode();
    }

    /** The connection's options after an {@code options} request. */
    static String options(boolean batch, int batchMaxMessages, long batchLingerMs) {
        JsonObject json = new JsonObject().put("type", "options").put("batch", batch);
        if (batch) {
            json.put("batchMaxMessages", batchMaxMessages).put("batchLingerMs", batchLingerMs);
        }
        return json.encode();
    }

    static String pong(Object id, long epochMillis) {
        JsonObject json = new JsonObject().put("type", "pong").put("time", epochMillis);
        if (id != null) {
            json.put("id", id);
        }
        return json.encode();
    }

    /** Sent before a graceful shutdown closes the connection with 1001: reconnect (elsewhere) after the hint. */
    static String reconnect(long retryAfterMs) {
        return new JsonObject().put("type", "reconnect")
                .put("message", "Server is shutting down; reconnect and subscribe again")
                .put("retryAfterMs", retryAfterMs).encode();
    }

    /** A notice that needs no answer and changes nothing yet: {@code {"type":"warning","code":…,"message":…}}. */
    static String warning(ErrorCode code, String message) {
        return new JsonObject().put("type", "warning").put("code", code.name()).put("message", message).encode();
    }

    static String error(ErrorCode code, String message) {
        return new JsonObject().put("type", "error").put("code", code.name()).put("message", message).encode();
    }

    /** An error about one symbol of a batch; names the symbol and, for unknown ones, the suggestions. */
    /** Most refused symbols one error frame names; {@code count} gives the total. */
    static final int MAX_LISTED_SYMBOLS = 50;

    /**
     * One {@code error} for every symbol of a request refused for the same reason: a single one as
     * {@link #symbolError}, several as {@code {"type":"error","code":…,"message":"3000 symbols refused: …",
     * "symbols":[…],"count":3000}} naming the first {@value #MAX_LISTED_SYMBOLS}, so a subscribe naming thousands of
     * unknown symbols gets one frame, not thousands.
     */
    static String symbolsError(List<Subscriptions.Rejection> sameCode) {
        if (sameCode.size() == 1) {
            return symbolError(sameCode.get(0));
        }
        Subscriptions.Rejection first = sameCode.get(0);
        List<String> listed = new ArrayList<>(Math.min(sameCode.size(), MAX_LISTED_SYMBOLS));
        for (int i = 0; i < sameCode.size() && i < MAX_LISTED_SYMBOLS; i++) {
            listed.add(sameCode.get(i).spelling());
        }
        int more = sameCode.size() - listed.size();
        String message = sameCode.size() + " symbols refused (" + first.code().name() + "): "
                + String.join(", ", listed) + (more > 0 ? " and " + more + " more" : "") + "; first: "
                + first.message();
        return new JsonObject()
                .put("type", "error")
                .put("code", first.code().name())
                .put("message", message)
                .put("symbols", new JsonArray(listed))
                .put("count", sameCode.size())
                .encode();
    }

    static String symbolError(Subscriptions.Rejection r) {
        JsonObject json = new JsonObject()
                .put("type", "error")
                .put("code", r.code().name())
                .put("message", r.message())
                .put("symbol", r.spelling());
        if (r.code() == ErrorCode.UNKNOWN_SYMBOL) {
            json.put("suggestions", new JsonArray(r.suggestions()));
        }
        return json.encode();
    }

    private static String symbols(String type, List<String> symbols, int total) {
        return symbolsJson(type, symbols, total).encode();
    }

    private static JsonObject symbolsJson(String type, List<String> symbols, int total) {
        return new JsonObject()
                .put("type", type)
                .put("symbols", new JsonArray(symbols))
                .put("totalSubscriptions", total);
    }

    /**
     * {@code list}: the distinct spellings (seed shape); when any subscription is on a channel other than tick, also
     * {@code "subscriptions":[{"symbol","channel"[,"levels"]}]} listing every (channel, symbol) pair.
     */
    static String list(List<Subscriptions.Entry> entries, List<String> symbols, int total) {
        if (entries.stream().allMatch(e -> e.channel() == Channel.TICK)) {
            return symbols("list", symbols, total);
        }
        JsonArray subs = new JsonArray();
        for (Subscriptions.Entry e : entries) {
            JsonObject s = new JsonObject().put("symbol", e.spelling()).put("channel", e.channel().wireName());
            if (e.channel() == Channel.DEPTH) {
                s.put("levels", e.levels());
            }
            subs.add(s);
        }
        return symbolsJson("list", symbols, total).put("subscriptions", subs).encode();
    }
}
