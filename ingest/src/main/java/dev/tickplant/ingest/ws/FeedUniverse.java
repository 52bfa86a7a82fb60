package dev.tickplant.ingest.ws;

import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.symbol.VenueNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The instruments one upstream feed serves: those the registry lists on the feed's venue whose asset class the feed
 * carries (AllTick serves stocks on one endpoint and FX, metals and crypto on another). Turns wanted canonical
 * symbol keys into the venue's native codes and back.
 *
 * <p>Immutable, so safe to share.
 */
public final class FeedUniverse {
    private final InstrumentRegistry registry;
    private final String venue;
    private final Set<AssetClass> assetClasses;

    /**
     * @param venue canonical venue id, e.g. {@code alltick}
     * @param assetClasses asset classes this feed carries
     */
    public FeedUniverse(InstrumentRegistry registry, String venue, Set<AssetClass> assetClasses) {
        this.registry = registry;
        this.venue = venue;
        this.assetClasses = Set.copyOf(assetClasses);
    }

    /** The venue id. */
    public String venue() {
        return venue;
    }

    /** True when this feed serves the instrument. */
    public boolean serves(Instrument instrument) {
        return instrument != null && assetClasses.contains(instrument.assetClass()) && instrument.listedOn(venue);
    }

    /**
     * Native codes for the symbol keys this feed serves, sorted. A key is a canonical symbol, optionally qualified
     * as {@code SYMBOL@venue}; a key qualified with another venue, or naming an instrument this feed does not
     * serve, is skipped.
     */
    public Set<String> codesFor(Collection<String> symbolKeys) {
        Set<String> codes = new TreeSet<>();
        for (String key : symbolKeys) {
            String symbol = key;
            int at = key.indexOf('@');
            if (at >= 0) {
                if (!key.substring(at + 1).toLowerCase(Locale.ROOT).equals(venue)) {
                    continue;
                }
                symbol = key.substring(0, at);
            }
            Instrument instrument = registry.bySymbol(symbol);
            if (serves(instrument)) {
                codes.add(instrument.codeOn(venue));
            }
        }
        return codes;
    }

    /**
     * As {@link #codesFor}, for keys whose venue may be spelled with any of its names ({@code BTCUSDT@huobi} is
     * {@code BTCUSDT@htx}): the codes wanted by the always-on keys and the demanded ones together.
     */
    public Set<String> codesForAnyVenueName(Collection<String> alwaysOn, Collection<String> demanded) {
        List<String> keys = new ArrayList<>(alwaysOn.size() + demanded.size());
        for (String key : alwaysOn) {
            keys.add(canonicalVenue(key));
        }
        for (String key : demanded) {
            keys.add(canonicalVenue(key));
        }
        return codesFor(keys);
    }

    /**
     * The instrument a resync request ({@code SYMBOL@venue}, the venue by any of its names) is about, when it is for
     * this feed's venue and the feed serves it; else null (requests for other venues are common: all feeds hear them).
     */
    public Instrument resyncTarget(String key) {
        int at = key == null ? -1 : key.indexOf('@');
        if (at < 0 || !VenueNames.canonical(key.substring(at + 1)).equals(venue)) {
            return null;
        }
        Instrument instrument = registry.bySymbol(key.substring(0, at));
        return serves(instrument) ? instrument : null;
    }

    private static String canonicalVenue(String key) {
        int at = key.indexOf('@');
        return at < 0 ? key : key.substring(0, at) + '@' + VenueNames.canonical(key.substring(at + 1));
    }

    /** The instrument behind a native code of this feed, or {@code null} when the feed does not serve it. */
    public Instrument byCode(String code) {
        Instrument i = registry.byVenueCode(venue, code);
        return serves(i) ? i : null;
    }
}
