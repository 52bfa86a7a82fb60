package dev.tickplant.gateway;

import java.util.List;

/** A parsed client message, or the reason it could not be parsed. Produced by {@link RequestParser}. */
sealed interface ClientRequest {
    /** {@code {"type":"auth","apiKey":"..."}}; {@code apiKey} may be null when the field is missing. */
    record Auth(String apiKey) implements ClientRequest {}

    /**
     * {@code subscribe} with {@code symbol} and/or {@code symbols}.
     *
     * @param exchange optional venue qualifier for every symbol without an {@code @venue}, or null
     */
    record Subscribe(List<String> symbols, String exchange) implements ClientRequest {
        public Subscribe {
            symbols = List.copyOf(symbols);
        }
    }

    /** {@code unsubscribe} with {@code symbol} and/or {@code symbols}. */
    record Unsubscribe(List<String> symbols, String exchange) implements ClientRequest {
        public Unsubscribe {
            symbols = List.copyOf(symbols);
        }
    }

    /** {@code list}: the connection's subscriptions. */
    record ListSubscriptions() implements ClientRequest {}

    /** App-level {@code ping}; {@code id} is echoed back in the {@code pong} when the client sent one. */
    record Ping(Object id) implements ClientRequest {}

    /** Bad input: the error to report. The connection stays usable. */
    record Invalid(ErrorCode code, String message) implements ClientRequest {}
}
