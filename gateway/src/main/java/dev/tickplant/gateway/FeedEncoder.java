package dev.tickplant.gateway;

import dev.tickplant.common.model.MarketEvent;

/**
 * Renders a market event in one client protocol ({@link NativeEncoder} for the native one). An encoder is part of an
 * audience's identity, so use one instance per wire format (an enum constant) to share encodings. Only the native
 * protocol has {@code reset} messages and the {@code conflated} count; other protocols' subscribers get the newest
 * state as it is.
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

    /** True for the native protocol: its subscribers get {@code reset} messages and {@code conflated} counts. */
    default boolean nativeProtocol() {
        return false;
    }
}
