package dev.tickplant.gateway;

/**
 * Receives the encoded market-data messages of the feeds it joined through {@link MarketFeeds}. Implemented by the
 * native {@link ClientSession} and by other client protocols' sessions (the AllTick-compatible endpoint).
 *
 * <p>Called on the gateway verticle's event loop only.
 */
public interface FeedSubscriber {
    /**
     * One message for the client.
     *
     * @param subscriptionKey identity of the feed ({@code channel|symbolKey}); a {@code conflatable} message replaces
     *     a still-queued one with the same key
     * @param message the encoded message, shared with every subscriber of the same audience; valid during this call
     *     only (its frame is released when the fan-out ends), so keep its bytes, not its frame, for later
     * @param conflatable true for states (ticks, depth images) a slow client may skip to the newest of
     */
    void sendData(String subscriptionKey, OutboundFrame message, boolean conflatable);

    /** Whether this subscriber gets native {@code reset} messages (ticks-only clients read a price from each one). */
    default boolean wantsResets() {
        return true;
    }

    /**
     * The venue refused the symbol this subscriber asked for under {@code spelling} (a {@code rejected} status on
     * the symbol's view). Sessions that only read market data may ignore it.
     */
    default void onRejected(String spelling, String reason) {
    }
}
