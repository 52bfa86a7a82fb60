package dev.tickplant.common.symbol;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One tradable instrument of the universe, as the registry file describes it.
 *
 * @param symbol canonical symbol ({@code AAPL.US}, {@code 700.HK}, {@code EURUSD}, {@code BTCUSDT})
 * @param aliases further spellings that resolve to it (canonical form, upper case)
 * @param assetClass what market it trades in
 * @param name human-readable name
 * @param venueCodes venue id to that venue's native code ({@code alltick -> 700.HK}, {@code binance -> BTCUSDT})
 * @param priceScale decimal places of prices; a price is a mantissa at this scale
 * @param sizeScale decimal places of sizes
 * @param tickSize smallest price increment, as a mantissa at {@code priceScale}
 * @param currency quote currency
 * @param referencePrice a plausible price level, as a mantissa at {@code priceScale} (simulators start here)
 * @param calendar trading sessions and holidays
 */
public record Instrument(
        String symbol,
        List<String> aliases,
        AssetClass assetClass,
        String name,
        Map<String, String> venueCodes,
        int priceScale,
        int sizeScale,
        long tickSize,
        String currency,
        long referencePrice,
        SessionCalendar calendar) {
    public Instrument {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(assetClass, "assetClass");
        Objects.requireNonNull(calendar, "calendar");
        aliases = List.copyOf(aliases);
        venueCodes = Map.copyOf(venueCodes);
        if (priceScale < 0 || priceScale > 12 || sizeScale < 0 || sizeScale > 12) {
            throw new IllegalArgumentException(symbol + ": scales must be within 0..12");
        }
        if (tickSize <= 0) {
            throw new IllegalArgumentException(symbol + ": tickSize must be positive");
        }
        if (referencePrice <= 0) {
            throw new IllegalArgumentException(symbol + ": referencePrice must be positive");
        }
        if (venueCodes.isEmpty()) {
            throw new IllegalArgumentException(symbol + ": no venue lists it");
        }
    }

    /** True when the given venue lists this instrument. */
    public boolean listedOn(String venue) {
        return venueCodes.containsKey(venue);
    }

    /** The venue's native code for this instrument, or {@code null} when the venue does not list it. */
    public String codeOn(String venue) {
        return venueCodes.get(venue);
    }
}
