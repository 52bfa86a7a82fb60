package dev.tickplant.ingest.ws;

import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import java.util.Collection;
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

    /** The instrument behind a native code of this feed, or {@code null} when the feed does not serve it. */
    public Instrument byCode(String code) {
        Instrument i = registry.byVenueCode(venue, code);
        return serves(i) ? i : null;
    }
}
