package dev.tickplant.common.symbol;

import java.util.List;

/** The outcome of resolving a client's spelling of a symbol. */
public sealed interface SymbolResolution {
    /** The spelling as the client wrote it. */
    String spelling();

    /**
     * The spelling names a known instrument.
     *
     * @param venue the venue qualifier ({@code BTCUSDT@binance}), or {@code null} for the instrument's default
     *     (consolidated) view
     */
    record Resolved(String spelling, Instrument instrument, String venue) implements SymbolResolution {
        /** Canonical key of this view: the symbol, with {@code @venue} when venue-qualified. */
        public String key() {
            return venue == null ? instrument.symbol() : instrument.symbol() + "@" + venue;
        }
    }

    /** Nothing matches; {@code suggestions} holds the closest known canonical symbols, best first. */
    record Unknown(String spelling, String reason, List<String> suggestions) implements SymbolResolution {
        public Unknown {
            suggestions = List.copyOf(suggestions);
        }

        /** A sentence for humans: what was wrong and what may have been meant. */
        public String message() {
            String base = reason + " '" + spelling + "'";
            return suggestions.isEmpty() ? base : base + "; did you mean " + String.join(", ", suggestions) + "?";
        }
    }
}
