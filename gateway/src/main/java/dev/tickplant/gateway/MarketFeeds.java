package dev.tickplant.gateway;

import dev.tickplant.common.model.Channel;
import java.util.Objects;

/**
 * The gateway's shared market-data feeds as seen by client sessions: joining a feed delivers its current state
 * first (for channels that have one) and then every live event, with no gap and no duplicate; leaving stops it.
 * One event-bus consumer per (channel, symbol key) serves every subscriber of the verticle.
 *
 * <p>Confined to the gateway verticle's event loop.
 */
public interface MarketFeeds {
    /**
     * What a subscriber wants from one feed.
     *
     * @param key the symbol key ({@code 700.HK}, {@code BTCUSDT@binance})
     * @param canonicalSymbol the instrument's canonical symbol (chooses the snapshot partition)
     * @param spelling the client's spelling, used in the messages it gets
     * @param levels depth levels per side for {@link Channel#DEPTH}, else 0
     * @param encoder the wire format of a non-native protocol
     */
    record Subscription(Channel channel, String key, String canonicalSymbol, String spelling, int levels,
            FeedEncoder encoder) {
        public Subscription {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(canonicalSymbol, "canonicalSymbol");
            Objects.requireNonNull(spelling, "spelling");
            Objects.requireNonNull(encoder, "encoder");
        }

        /** The feed's identity: channel and symbol key, as passed to {@link FeedSubscriber#sendData}. */
        public String subscriptionKey() {
            return Subscriptions.Entry.subscriptionKey(channel, key);
        }
    }

    /** Adds {@code subscriber} to the feed, creating it for the first one; sends the cached state. */
    void join(Subscription subscription, FeedSubscriber subscriber);

    /** Removes {@code subscriber} from the feed (the same {@code subscription} it joined with). */
    void leave(Subscription subscription, FeedSubscriber subscriber);
}
