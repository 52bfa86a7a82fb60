package dev.tickplant.gateway;

import dev.tickplant.common.model.Channel;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.symbol.SymbolResolution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One connection's subscriptions: symbol key ({@code EURUSD}, {@code BTCUSDT@binance}) to the spelling the client
 * used, in subscription order. A key is subscribed at most once per connection, whatever the spelling, so
 * subscribing {@code AAPL} and then {@code AAPL.US} is {@link ErrorCode#ALREADY_SUBSCRIBED}.
 *
 * <p>Confined to the owning event loop; not thread-safe.
 */
final class Subscriptions {
    /**
     * A symbol and channel the connection subscribes to.
     *
     * @param key the symbol key ({@code EURUSD}, {@code BTCUSDT@binance})
     * @param levels depth levels per side for {@link Channel#DEPTH}, else 0
     */
    record Entry(String spelling, String key, String canonicalSymbol, Channel channel, int levels) {
        /** A tick subscription. */
        Entry(String spelling, String key, String canonicalSymbol) {
            this(spelling, key, canonicalSymbol, Channel.TICK, 0);
        }

        /** Identity of the subscription within a connection: channel and symbol key. */
        String subscriptionKey() {
            return subscriptionKey(channel, key);
        }

        static String subscriptionKey(Channel channel, String key) {
            return channel.wireName() + "|" + key;
        }
    }

    /** A symbol of a batch that was not applied, and why. */
    record Rejection(ErrorCode code, String spelling, String message, List<String> suggestions) {
        Rejection {
            suggestions = List.copyOf(suggestions);
        }
    }

    /** What a subscribe or unsubscribe batch changed: {@code applied} in request order, plus the rejects. */
    record Outcome(List<Entry> applied, List<Rejection> rejected) {
        Outcome {
            applied = List.copyOf(applied);
            rejected = List.copyOf(rejected);
        }
    }

    private final InstrumentRegistry registry;
    private final int gatewayLimit;
    private int limit;
    private String keyId;
    private Entitlements entitlements = Entitlements.UNRESTRICTED;
    private final Map<String, Entry> byKey = new LinkedHashMap<>();

    Subscriptions(InstrumentRegistry registry, int limit) {
        this.registry = registry;
        this.gatewayLimit = limit;
        this.limit = limit;
    }

    /**
     * Applies an API key's entitlements to later subscribes: symbols outside them are {@link
     * ErrorCode#NOT_ENTITLED}, and the limit becomes the smaller of the gateway's and the key's {@code
     * maxSubscriptions}. Existing subscriptions are kept.
     */
    void restrict(ApiKey key) {
        this.keyId = key.id();
        this.entitlements = key.entitlements();
        int keyLimit = entitlements.maxSubscriptions();
        this.limit = keyLimit > 0 ? Math.min(gatewayLimit, keyLimit) : gatewayLimit;
    }

    /** The subscription limit in force. */
    int limit() {
        return limit;
    }

    /** Subscribes ticks of every known, not yet subscribed symbol up to the limit, and reports the rest. */
    Outcome subscribe(List<String> spellings, String exchange) {
        return subscribe(spellings, exchange, Channel.TICK, 0);
    }

    /**
     * Subscribes one channel of every known symbol not yet subscribed on that channel, up to the limit (which counts
     * (channel, symbol) pairs), and reports the rest.
     */
    Outcome subscribe(List<String> spellings, String exchange, Channel channel, int levels) {
        List<Entry> added = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (String spelling : spellings) {
            SymbolResolution resolution = registry.resolve(qualify(spelling, exchange));
            if (resolution instanceof SymbolResolution.Unknown unknown) {
                rejected.add(unknownSymbol(spelling, unknown));
                continue;
            }
            SymbolResolution.Resolved resolved = (SymbolResolution.Resolved) resolution;
            Entry existing = byKey.get(Entry.subscriptionKey(channel, resolved.key()));
            if (existing != null) {
                String as = existing.spelling().equals(spelling) ? "" : " (as '" + existing.spelling() + "')";
                String on = channel == Channel.TICK ? "" : " on channel " + channel.wireName();
                rejected.add(new Rejection(ErrorCode.ALREADY_SUBSCRIBED, spelling,
                        "Already subscribed to " + spelling + as + on, List.of()));
                continue;
            }
            if (!entitlements.entitles(resolved.instrument())) {
                rejected.add(new Rejection(ErrorCode.NOT_ENTITLED, spelling, "API key " + keyId
                        + " is not entitled to " + spelling + " (" + resolved.instrument().symbol() + ", "
                        + resolved.instrument().assetClass().wireName() + "); it is entitled to "
                        + entitlements.describe(), List.of()));
                continue;
            }
            if (byKey.size() >= limit) {
                String whose = limit < gatewayLimit ? " (maxSubscriptions of API key " + keyId + ")" : "";
                rejected.add(new Rejection(ErrorCode.SUBSCRIPTION_LIMIT, spelling, "Subscription limit of " + limit
                        + whose + " reached; " + spelling + " not subscribed", List.of()));
                continue;
            }
            Entry entry = new Entry(spelling, resolved.key(), resolved.instrument().symbol(), channel,
                    channel == Channel.DEPTH ? levels : 0);
            byKey.put(entry.subscriptionKey(), entry);
            added.add(entry);
        }
        return new Outcome(added, rejected);
    }

    /** Unsubscribes every channel of each symbol of the batch, whatever spelling names it, and reports the rest. */
    Outcome unsubscribe(List<String> spellings, String exchange) {
        return unsubscribe(spellings, exchange, List.of());
    }

    /**
     * Unsubscribes the given channels (all of them when empty) of each symbol of the batch, whatever spelling names
     * it, and reports the symbols that were subscribed on none of them.
     */
    Outcome unsubscribe(List<String> spellings, String exchange, List<Channel> channels) {
        List<Channel> wanted = channels.isEmpty() ? List.of(Channel.values()) : channels;
        List<Entry> removed = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (String spelling : spellings) {
            SymbolResolution resolution = registry.resolve(qualify(spelling, exchange));
            if (resolution instanceof SymbolResolution.Unknown unknown) {
                rejected.add(unknownSymbol(spelling, unknown));
                continue;
            }
            String key = ((SymbolResolution.Resolved) resolution).key();
            boolean any = false;
            for (Channel c : wanted) {
                Entry existing = byKey.remove(Entry.subscriptionKey(c, key));
                if (existing != null) {
                    removed.add(existing);
                    any = true;
                }
            }
            if (!any) {
                rejected.add(new Rejection(ErrorCode.NOT_SUBSCRIBED, spelling, "Not subscribed to " + spelling
                        + (channels.isEmpty() ? "" : " on " + channelNames(channels)), List.of()));
            }
        }
        return new Outcome(removed, rejected);
    }

    /** Removes everything, for a closing connection; returns what was subscribed. */
    List<Entry> clear() {
        List<Entry> all = new ArrayList<>(byKey.values());
        byKey.clear();
        return all;
    }

    /** The client's spellings, in subscription order, each once whatever its channels. */
    List<String> spellings() {
        Set<String> out = new LinkedHashSet<>();
        byKey.values().forEach(e -> out.add(e.spelling()));
        return new ArrayList<>(out);
    }

    /** Every subscription, in subscription order. */
    List<Entry> entries() {
        return new ArrayList<>(byKey.values());
    }

    /** Whether the symbol key's ticks are subscribed. */
    boolean contains(String key) {
        return byKey.containsKey(Entry.subscriptionKey(Channel.TICK, key));
    }

    private static String channelNames(List<Channel> channels) {
        List<String> names = new ArrayList<>();
        channels.forEach(c -> names.add(c.wireName()));
        return String.join(", ", names);
    }

    int size() {
        return byKey.size();
    }

    private static String qualify(String spelling, String exchange) {
        // An explicit SYMBOL@venue wins over the request-wide 'exchange' field.
        return exchange == null || spelling.indexOf('@') >= 0 ? spelling : spelling.trim() + "@" + exchange;
    }

    private static Rejection unknownSymbol(String spelling, SymbolResolution.Unknown unknown) {
        String message = unknown.reason() + " '" + spelling + "'";
        if (!unknown.suggestions().isEmpty()) {
            message += "; did you mean " + String.join(", ", unknown.suggestions()) + "?";
        }
        return new Rejection(ErrorCode.UNKNOWN_SYMBOL, spelling, message, unknown.suggestions());
    }
}
