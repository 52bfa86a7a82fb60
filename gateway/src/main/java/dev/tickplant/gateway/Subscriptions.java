package dev.tickplant.gateway;

import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.symbol.SymbolResolution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One connection's subscriptions: symbol key ({@code EURUSD}, {@code BTCUSDT@binance}) to the spelling the client
 * used, in subscription order. A key is subscribed at most once per connection, whatever the spelling, so
 * subscribing {@code AAPL} and then {@code AAPL.US} is {@link ErrorCode#ALREADY_SUBSCRIBED}.
 *
 * <p>Confined to the owning event loop; not thread-safe.
 */
final class Subscriptions {
    /** A symbol the connection subscribes to. */
    record Entry(String spelling, String key, String canonicalSymbol) {}

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
    private final int limit;
    private final Map<String, Entry> byKey = new LinkedHashMap<>();

    Subscriptions(InstrumentRegistry registry, int limit) {
        this.registry = registry;
        this.limit = limit;
    }

    /** Subscribes every known, not yet subscribed symbol up to the limit, and reports the rest. */
    Outcome subscribe(List<String> spellings, String exchange) {
        List<Entry> added = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (String spelling : spellings) {
            SymbolResolution resolution = registry.resolve(qualify(spelling, exchange));
            if (resolution instanceof SymbolResolution.Unknown unknown) {
                rejected.add(unknownSymbol(spelling, unknown));
                continue;
            }
            SymbolResolution.Resolved resolved = (SymbolResolution.Resolved) resolution;
            Entry existing = byKey.get(resolved.key());
            if (existing != null) {
                String as = existing.spelling().equals(spelling) ? "" : " (as '" + existing.spelling() + "')";
                rejected.add(new Rejection(ErrorCode.ALREADY_SUBSCRIBED, spelling,
                        "Already subscribed to " + spelling + as, List.of()));
                continue;
            }
            if (byKey.size() >= limit) {
                rejected.add(new Rejection(ErrorCode.SUBSCRIPTION_LIMIT, spelling,
                        "Subscription limit of " + limit + " reached; " + spelling + " not subscribed", List.of()));
                continue;
            }
            Entry entry = new Entry(spelling, resolved.key(), resolved.instrument().symbol());
            byKey.put(entry.key(), entry);
            added.add(entry);
        }
        return new Outcome(added, rejected);
    }

    /** Unsubscribes every subscribed symbol of the batch, whatever spelling names it, and reports the rest. */
    Outcome unsubscribe(List<String> spellings, String exchange) {
        List<Entry> removed = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (String spelling : spellings) {
            SymbolResolution resolution = registry.resolve(qualify(spelling, exchange));
            if (resolution instanceof SymbolResolution.Unknown unknown) {
                rejected.add(unknownSymbol(spelling, unknown));
                continue;
            }
            Entry existing = byKey.remove(((SymbolResolution.Resolved) resolution).key());
            if (existing == null) {
                rejected.add(new Rejection(ErrorCode.NOT_SUBSCRIBED, spelling, "Not subscribed to " + spelling,
                        List.of()));
                continue;
            }
            removed.add(existing);
        }
        return new Outcome(removed, rejected);
    }

    /** Removes everything, for a closing connection; returns what was subscribed. */
    List<Entry> clear() {
        List<Entry> all = new ArrayList<>(byKey.values());
        byKey.clear();
        return all;
    }

    /** The client's spellings, in subscription order. */
    List<String> spellings() {
        List<String> out = new ArrayList<>(byKey.size());
        byKey.values().forEach(e -> out.add(e.spelling()));
        return out;
    }

    /** Whether the symbol key is subscribed. */
    boolean contains(String key) {
        return byKey.containsKey(key);
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
