package dev.tickplant.common.symbol;

import dev.tickplant.common.decimal.FixedPoint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The instrument universe and symbol resolution.
 *
 * <p>Resolution rules (docs/ARCHITECTURE.md, section 5): lookup is case-insensitive; {@code AAPL} means {@code
 * AAPL.US}; HK codes ignore leading zeros and accept {@code HK-700}; crypto and FX accept {@code BTC/USDT}, {@code
 * BTC-USDT}, {@code btc_usdt}; a {@code @venue} suffix qualifies the symbol by venue, which must list it. Unknown
 * spellings come back with the closest known symbols as suggestions.
 *
 * <p>Immutable after construction, so it is safe to share between event loops.
 */
public final class InstrumentRegistry {
    private static final int MAX_SUGGESTIONS = 3;

    private final Map<String, Instrument> bySymbol;
    private final Map<String, Instrument> byKey;
    private final Map<String, Map<String, Instrument>> byVenueCode;
    private final Set<String> venues;
    private final List<Instrument> ordered;

    /** Builds a registry; canonical symbols, aliases and venue codes must be unique. */
    public InstrumentRegistry(Collection<Instrument> instruments) {
        Map<String, Instrument> symbols = new LinkedHashMap<>();
        Map<String, Instrument> keys = new HashMap<>();
        Map<String, Map<String, Instrument>> venueCodes = new HashMap<>();
        Set<String> allVenues = new TreeSet<>();
        for (Instrument i : instruments) {
            if (symbols.putIfAbsent(i.symbol(), i) != null) {
                throw new IllegalArgumentException("duplicate instrument " + i.symbol());
            }
            register(keys, normalize(i.symbol()), i);
            for (String alias : i.aliases()) {
                register(keys, normalize(alias), i);
            }
            for (Map.Entry<String, String> e : i.venueCodes().entrySet()) {
                allVenues.add(e.getKey());
                Instrument previous = venueCodes.computeIfAbsent(e.getKey(), v -> new HashMap<>())
                        .putIfAbsent(e.getValue(), i);
                if (previous != null) {
                    throw new IllegalArgumentException(e.getKey() + " code " + e.getValue() + " maps to both "
                            + previous.symbol() + " and " + i.symbol());
                }
            }
        }
        // Bare US tickers (AAPL) resolve to AAPL.US unless something else already claims the bare form.
        for (Instrument i : symbols.values()) {
            if (i.assetClass() == AssetClass.US_STOCK && i.symbol().endsWith(".US")) {
                keys.putIfAbsent(normalize(i.symbol().substring(0, i.symbol().length() - 3)), i);
            }
        }
        this.bySymbol = Map.copyOf(symbols);
        this.byKey = Map.copyOf(keys);
        Map<String, Map<String, Instrument>> frozen = new HashMap<>();
        venueCodes.forEach((v, m) -> frozen.put(v, Map.copyOf(m)));
        this.byVenueCode = Map.copyOf(frozen);
        this.venues = Set.copyOf(allVenues);
        this.ordered = List.copyOf(symbols.values());
    }

    private static void register(Map<String, Instrument> keys, String key, Instrument i) {
        Instrument previous = keys.putIfAbsent(key, i);
        if (previous != null && previous != i) {
            throw new IllegalArgumentException("spelling " + key + " is claimed by both " + previous.symbol()
                    + " and " + i.symbol());
        }
    }

    /** All instruments, in registry order. */
    public List<Instrument> all() {
        return ordered;
    }

    /** All venue ids that list at least one instrument. */
    public Set<String> venues() {
        return venues;
    }

    /** The instrument with this canonical symbol, or {@code null}. */
    public Instrument bySymbol(String canonicalSymbol) {
        return bySymbol.get(canonicalSymbol);
    }

    /** The instrument a venue calls {@code nativeCode}, or {@code null} when the venue has no such code. */
    public Instrument byVenueCode(String venue, String nativeCode) {
        Map<String, Instrument> codes = byVenueCode.get(venue);
        return codes == null ? null : codes.get(nativeCode);
    }

    /** Resolves a client's spelling; see the class comment for the rules. Never throws for bad input. */
    public SymbolResolution resolve(String spelling) {
        if (spelling == null || spelling.isBlank()) {
            return new SymbolResolution.Unknown(String.valueOf(spelling), "Empty symbol", List.of());
        }
        String text = spelling.trim();
        String venue = null;
        int at = text.indexOf('@');
        if (at >= 0) {
            venue = text.substring(at + 1).toLowerCase(Locale.ROOT);
            text = text.substring(0, at);
        }
        Instrument instrument = lookup(text);
        if (instrument == null) {
            return new SymbolResolution.Unknown(spelling, "Unknown symbol", suggest(text));
        }
        if (venue != null) {
            venue = VenueNames.canonical(venue);
            if (!instrument.listedOn(venue)) {
                List<String> listed = instrument.venueCodes().keySet().stream().sorted()
                        .map(v -> instrument.symbol() + "@" + v).toList();
                return new SymbolResolution.Unknown(spelling, "Venue '" + venue + "' does not list", listed);
            }
        }
        return new SymbolResolution.Resolved(spelling, instrument, venue);
    }

    private Instrument lookup(String text) {
        String key = normalize(text);
        Instrument direct = byKey.get(key);
        if (direct != null) {
            return direct;
        }
        String hk = hongKongKey(key);
        if (hk != null) {
            Instrument i = byKey.get(hk);
            if (i != null) {
                return i;
            }
        }
        // BTC/USDT, BTC-USDT, BTC_USDT, EUR/USD: drop the separator between base and quote.
        String joined = key.replace("/", "").replace("-", "").replace("_", "").replace(" ", "");
        return byKey.get(joined);
    }

    /** {@code 00700.HK}, {@code 0700.HK}, {@code HK-700}, {@code HK.700} all become {@code 700.HK}. */
    private static String hongKongKey(String key) {
        String digits = null;
        if (key.endsWith(".HK")) {
            digits = key.substring(0, key.length() - 3);
        } else if (key.startsWith("HK-") || key.startsWith("HK.")) {
            digits = key.substring(3);
        }
        if (digits == null || digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        String stripped = digits.replaceFirst("^0+(?=\\d)", "");
        return stripped + ".HK";
    }

    private static String normalize(String spelling) {
        return spelling.trim().toUpperCase(Locale.ROOT);
    }

    private List<String> suggest(String text) {
        String key = normalize(text).replace("/", "").replace("-", "").replace("_", "");
        record Candidate(String symbol, int distance) {}
        List<Candidate> candidates = new ArrayList<>();
        for (Instrument i : ordered) {
            int best = distance(key, normalize(i.symbol()).replace(".", ""));
            best = Math.min(best, distance(key, normalize(i.symbol())));
            for (String alias : i.aliases()) {
                best = Math.min(best, distance(key, normalize(alias)));
            }
            if (i.symbol().endsWith(".US")) {
                best = Math.min(best, distance(key, i.symbol().substring(0, i.symbol().length() - 3)));
            }
            candidates.add(new Candidate(i.symbol(), best));
        }
        int threshold = Math.max(2, key.length() / 2);
        return candidates.stream()
                .filter(c -> c.distance() <= threshold)
                .sorted(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::symbol))
                .limit(MAX_SUGGESTIONS)
                .map(Candidate::symbol)
                .toList();
    }

    /** Levenshtein distance; symbols are short, so the quadratic table is fine. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }

    /**
     * Parses the registry document: {@code {"instruments":[{...}, ...]}}. Each instrument has {@code symbol},
     * {@code assetClass}, {@code venues} (venue id to native code), {@code priceScale}, {@code sizeScale}, {@code
     * referencePrice} (decimal text), and optionally {@code aliases}, {@code name}, {@code tickSize} (decimal text,
     * default one unit of the last price digit), {@code currency}, {@code timeZone}, {@code sessions}, {@code
     * holidays}. A {@code markets} object may give per-asset-class defaults for {@code timeZone}, {@code sessions}
     * and {@code holidays}.
     *
     * @throws IllegalArgumentException naming the instrument and field at fault
     */
    public static InstrumentRegistry fromJson(JsonObject doc) {
        JsonObject markets = doc.getJsonObject("markets", new JsonObject());
        JsonArray list = doc.getJsonArray("instruments");
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException("instrument registry has no 'instruments'");
        }
        List<Instrument> instruments = new ArrayList<>();
        for (int n = 0; n < list.size(); n++) {
            JsonObject j = list.getJsonObject(n);
            String symbol = j.getString("symbol");
            try {
                instruments.add(parseInstrument(j, markets));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("instrument #" + n + " (" + symbol + "): " + e.getMessage(), e);
            }
        }
        return new InstrumentRegistry(instruments);
    }

    private static Instrument parseInstrument(JsonObject j, JsonObject markets) {
        String symbol = require(j, "symbol");
        AssetClass assetClass = AssetClass.fromWireName(require(j, "assetClass"));
        JsonObject market = markets.getJsonObject(assetClass.wireName(), new JsonObject());
        int priceScale = j.getInteger("priceScale");
        int sizeScale = j.getInteger("sizeScale", 0);
        String tick = j.getString("tickSize");
        long tickSize = tick == null ? 1 : FixedPoint.parse(tick, priceScale);
        long reference = FixedPoint.parse(require(j, "referencePrice"), priceScale);
        Map<String, String> venueCodes = new LinkedHashMap<>();
        JsonObject venues = j.getJsonObject("venues");
        if (venues == null) {
            throw new IllegalArgumentException("missing 'venues'");
        }
        venues.forEach(e -> venueCodes.put(VenueNames.canonical(e.getKey()), String.valueOf(e.getValue())));
        List<String> aliases = new ArrayList<>();
        j.getJsonArray("aliases", new JsonArray()).forEach(a -> aliases.add(String.valueOf(a)));
        SessionCalendar calendar = SessionCalendar.fromJson(
                j.getString("timeZone", market.getString("timeZone", "UTC")),
                j.getJsonArray("sessions", market.getJsonArray("sessions")),
                j.getJsonArray("holidays", market.getJsonArray("holidays")));
        return new Instrument(symbol, aliases, assetClass, j.getString("name", symbol), venueCodes, priceScale,
                sizeScale, tickSize, j.getString("currency", "USD"), reference, calendar);
    }

    private static String require(JsonObject j, String field) {
        String value = j.getString(field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        return value;
    }
}
