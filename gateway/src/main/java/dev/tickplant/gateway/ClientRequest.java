package dev.tickplant.gateway;

import dev.tickplant.common.model.Channel;
import java.util.List;

/** A parsed client message, or the reason it could not be parsed. Produced by {@link RequestParser}. */
sealed interface ClientRequest {
    /** {@code {"type":"auth","apiKey":"..."}}; {@code apiKey} may be null when the field is missing. */
    record Auth(String apiKey) implements ClientRequest {}

    /**
     * {@code subscribe} with {@code symbol} and/or {@code symbols}.
     *
     * @param exchange optional venue qualifier for every symbol without an {@code @venue}, or null
     * @param channels the channels asked for ({@code channel} or {@code channels}; default tick), no duplicates
     * @param levels depth levels per side for the depth channel
     */
    record Subscribe(List<String> symbols, String exchange, List<Channel> channels, int levels)
            implements ClientRequest {
        public Subscribe {
            symbols = List.copyOf(symbols);
            channels = List.copyOf(channels);
        }

        /** A tick subscription, as in seed 003. */
        Subscribe(List<String> symbols, String exchange) {
            this(symbols, exchange, List.of(Channel.TICK), RequestParser.DEFAULT_DEPTH_LEVELS);
        }
    }

    /**
     * {@code unsubscribe} with {@code symbol} and/or {@code symbols}.
     *
     * @param channels the channels to leave; empty means every channel the symbol is subscribed on
     */
    record Unsubscribe(List<String> symbols, String exchange, List<Channel> channels) implements ClientRequest {
        public Unsubscribe {
            symbols = List.copyOf(symbols);
            channels = List.copyOf(channels);
        }

        /** Leaves every channel of the symbols. */
        Unsubscribe(List<String> symbols, String exchange) {
            this(symbols, exchange, List.of());
        }
    }

    /** {@code list}: the connection's subscriptions. */
    record ListSubscriptions() implements ClientRequest {}

    /** {@code limits}: the key's entitlements and this connection's usage. */
    record Limits() implements ClientRequest {}

    /** {@code options}: batched mode on or off (several messages per frame, as a JSON array). */
    record Options(boolean batch) implements ClientRequest {}

    /** App-level {@code ping}; {@code id} is echoed back in the {@code pong} when the client sent one. */
    record Ping(Object id) implements ClientRequest {}

    /** Bad input: the error to report. The connection stays usable. */
    record Invalid(ErrorCode code, String message) implements ClientRequest {}
}
