package dev.tickplant.gateway;

import dev.tickplant.common.model.MarketEvent;

/**
 * Renders a market event in a non-native client protocol (the native protocol's encoders are built in). An encoder
 * is part of an audience's identity, so use one instance per wire format (an enum constant) to share encodings.
 * Subscribers with an encoder get no {@code reset} messages: those exist only in the native protocol.
 *
 * <p>Implementations must be stateless and thread-safe.
 */
public interface FeedEncoder {
    /**
     * Encodes {@code event} as the client named the symbol.
     *
     * @param spelling the client's spelling of the symbol
     * @param levels depth levels per side for depth events, else 0
     * @return UTF-8 bytes of one message
     */
    byte[] encode(MarketEvent event, String spelling, int levels);
}
