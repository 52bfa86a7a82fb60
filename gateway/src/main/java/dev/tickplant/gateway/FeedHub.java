package dev.tickplant.gateway;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.bus.Partitions;
import dev.tickplant.common.model.Channel;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.SymbolSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's market-data side: one event-bus consumer per (channel, symbol key), shared by every session of this
 * verticle and removed when the last one leaves (so clustered registrations scale with symbols and channels, not
 * clients). Each feed requests a snapshot once its consumer is registered, sequences snapshot and live events
 * through a {@link SymbolFeed}, encodes each event once per audience (protocol, client spelling, depth level count)
 * and hands the same frame to every session in it. After a sequence gap the feed re-snapshots and announces the
 * restart with a {@code reset} message before the new snapshot.
 *
 * <p>Conflation when the gateway falls behind: the first state (tick, depth image) of a feed in an event-loop turn
 * ({@link EndOfTurn}) is fanned out at once; further ones in the same turn only replace a pending state, which is
 * fanned out at the end of the turn, its native message saying how many older ones it stands for
 * ({@code "conflated":N}). So a feed costs at most two fan-outs per turn however fast its events arrive, and latency
 * stays bounded instead of growing with a queue of fan-outs; when the loop keeps up, nothing is merged. Trades and
 * statuses are news, not states: each goes out, in order.
 *
 * <p>Per channel, the snapshot part used and what a new subscriber gets first: tick, the latest quote; depth, the
 * latest book image; status, the latest status; trade, nothing (the last trade only fixes where the live stream
 * continues, since replaying it would look like a new trade).
 *
 * <p>Snapshot requests that fail with {@code NO_HANDLERS} or {@code TIMEOUT} (the normalizer is not up yet, or its
 * partition is moving) are retried with capped exponential backoff; a {@code RECIPIENT_FAILURE} means the owner has
 * no state for the symbol, so the feed goes live and the next tick starts the sequence.
 *
 * <p>Confined to the verticle's event loop.
 */
final class FeedHub implements MarketFeeds {
    private static final Logger LOG = LoggerFactory.getLogger(FeedHub.class);
    /** Live ticks kept while a snapshot is outstanding; beyond it the oldest go (the gap check covers that). */
    static final int MAX_BUFFERED_TICKS = 4096;

    private final Vertx vertx;
    private final GatewayConfig config;
    private final int partitionCount;
    private final GatewayMetrics metrics;
    private final Runnable demandChanged;
    private final EndOfTurn endOfTurn;
    /** Feeds by subscription key ({@code channel|symbolKey}). */
    private final Map<String, Feed> feeds = new HashMap<>();
    /** Open feeds per symbol key, whatever the channel: the keys of this gateway's demand. */
    private final Map<String, Integer> keyRefs = new LinkedHashMap<>();
    /** One status watcher per wanted symbol key, so subscribers learn when the venue refuses their symbol. */
    private final Map<String, MessageConsumer<Status>> rejectionWatchers = new HashMap<>();
    private final Predicate<String> rejectionIsFinal;


    /**
     * @param rejectionIsFinal whether a venue's rejection of a symbol key leaves its subscribers without data: true
     *     for venue-qualified keys and for instruments only one venue lists; a consolidated view survives one
     *     venue's refusal
     */
    FeedHub(Vertx vertx, GatewayConfig config, int partitionCount, GatewayMetrics metrics, EndOfTurn endOfTurn,
            Runnable demandChanged, Predicate<String> rejectionIsFinal) {
        this.vertx = vertx;
        this.config = config;
        this.partitionCount = partitionCount;
        this.metrics = metrics;
        this.demandChanged = demandChanged;
        this.endOfTurn = endOfTurn;
        this.rejectionIsFinal = rejectionIsFinal;
    }

    @Override
    public void join(MarketFeeds.Subscription s, FeedSubscriber subscriber) {
        join(s.channel(), s.key(), s.canonicalSymbol(), new Audience(s.spelling(), s.levels(), s.encoder()),
                subscriber);
    }

    @Override
    public void leave(MarketFeeds.Subscription s, FeedSubscriber subscriber) {
        leave(s.channel(), s.key(), new Audience(s.spelling(), s.levels(), s.encoder()), subscriber);
    }

    private void join(Channel channel, String key, String canonicalSymbol, Audience audience,
            FeedSubscriber subscriber) {
        String subscriptionKey = Subscriptions.Entry.subscriptionKey(channel, key);
        Feed feed = feeds.get(subscriptionKey);
        if (feed == null) {
            feed = new Feed(channel, key, canonicalSymbol);
            feeds.put(subscriptionKey, feed);
            metrics.feedsChanged(1);
            feed.open();
            if (keyRefs.merge(key, 1, Integer::sum) == 1) {
                watchRejections(key);
                demandChanged.run();
            }
        }
        feed.add(audience, subscriber);
    }

    private void leave(Channel channel, String key, Audience audience, FeedSubscriber subscriber) {
        String subscriptionKey = Subscriptions.Entry.subscriptionKey(channel, key);
        Feed feed = feeds.get(subscriptionKey);
        if (feed == null) {
            return;
        }
        if (feed.remove(audience, subscriber)) {
            feeds.remove(subscriptionKey);
            metrics.feedsChanged(-1);
            feed.close();
            if (keyRefs.merge(key, -1, Integer::sum) == 0) {
                keyRefs.remove(key);
                MessageConsumer<Status> watcher = rejectionWatchers.remove(key);
                if (watcher != null) {
                    watcher.unregister();
                }
                demandChanged.run();
            }
        }
    }

    private void watchRejections(String key) {
        if (!rejectionIsFinal.test(key)) {
            return;
        }
        rejectionWatchers.put(key, vertx.eventBus().<Status>consumer(Addresses.marketData(Channel.STATUS, key),
                m -> {
                    if (m.body().state() != StatusState.REJECTED) {
                        return;
                    }
                    // Every subscriber of the key, on any channel, hears it once.
                    Map<FeedSubscriber, String> spellings = new LinkedHashMap<>();
                    for (Feed feed : feeds.values()) {
                        if (feed.key.equals(key)) {
                            feed.forEachSubscriber((audience, subscriber) ->
                                    spellings.putIfAbsent(subscriber, audience.spelling()));
                        }
                    }
                    spellings.forEach((subscriber, spelling) -> subscriber.onRejected(spelling, m.body().reason()));
                }));
    }

    /** Symbol keys that at least one session wants on any channel: this gateway's demand. */
    Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(keyRefs.keySet()));
    }

    /** Closes every feed. */
    Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        for (Feed feed : feeds.values()) {
            closing.add(feed.close());
        }
        metrics.feedsChanged(-feeds.size());
        feeds.clear();
        keyRefs.clear();
        rejectionWatchers.values().forEach(w -> closing.add(w.unregister()));
        rejectionWatchers.clear();
        return Future.join(closing).mapEmpty();
    }

    /** Who gets one encoding: a client spelling, for depth the level count, and the wire format. */
    record Audience(String spelling, int levels, FeedEncoder encoder) {}

    /** One (channel, symbol key)'s consumer, sequencer and subscribers. */
    private final class Feed implements SymbolFeed.Listener<MarketEvent> {
        private final Channel channel;
        private final String key;
        private final String subscriptionKey;
        private final String snapshotAddress;
        /** Ticks and depth images are states: a newer one may replace an older one not yet sent. */
        private final boolean conflatable;
        private final SymbolFeed<MarketEvent> sequencer = new SymbolFeed<>(this, MAX_BUFFERED_TICKS);
        private final Map<Audience, Set<FeedSubscriber>> byAudience = new LinkedHashMap<>();
        private final Runnable fanOut = this::fanOut;
        private MessageConsumer<Object> consumer;
        private boolean closed;
        private boolean requesting;
        private int failedAttempts;
        private long retryTimer = -1;
        /** A state was fanned out this turn; later ones wait for its end. */
        private boolean turnOpen;
        private boolean resetBeforeNext;
        /** The newest state accepted this turn after the first, not yet fanned out. */
        private MarketEvent pendingState;
        private boolean pendingStateReset;
        private int pendingStateMerged;

        Feed(Channel channel, String key, String canonicalSymbol) {
            this.channel = channel;
            this.key = key;
            this.subscriptionKey = Subscriptions.Entry.subscriptionKey(channel, key);
            this.snapshotAddress = Addresses.snapshot(Partitions.of(canonicalSymbol, partitionCount));
            this.conflatable = channel == Channel.TICK || channel == Channel.DEPTH;
        }

        void open() {
            consumer = vertx.eventBus().consumer(Addresses.marketData(channel, key), msg -> {
                if (!closed && msg.body() instanceof MarketEvent e && e.channel() == channel) {
                    sequencer.onLive(e);
                    if (retryTimer >= 0) {
                        // Live data while a snapshot retry backs off: a normalizer owns the partition again (a
                        // failover finished), so ask now instead of waiting out a backoff of up to seconds.
                        vertx.cancelTimer(retryTimer);
                        retryTimer = -1;
                        requestSnapshot();
                    }
                }
            });
            // Ask for the snapshot only once the registration is effective, so no live event falls between the two.
            consumer.completion()
                    .onFailure(err -> LOG.warn("feed consumer registration failed key={}", subscriptionKey, err))
                    .onComplete(ar -> requestSnapshot());
        }

        void forEachSubscriber(BiConsumer<Audience, FeedSubscriber> action) {
            byAudience.forEach((audience, subscribers) -> subscribers.forEach(s -> action.accept(audience, s)));
        }

        void add(Audience audience, FeedSubscriber session) {
            byAudience.computeIfAbsent(audience, s -> new LinkedHashSet<>()).add(session);
            MarketEvent latest = sequencer.latest();
            // A state accepted this turn reaches the new subscriber with the fan-out; sending it now would send it
            // twice. Trades have no state to send.
            if (latest != null && conflatable && pendingState == null) {
                OutboundFrame frame = frame(latest, audience, 0);
                session.sendData(subscriptionKey, frame, true);
                frame.release();
            }
        }

        /** Returns true when the feed has no session left. */
        boolean remove(Audience audience, FeedSubscriber session) {
            Set<FeedSubscriber> sessions = byAudience.get(audience);
            if (sessions != null && sessions.remove(session) && sessions.isEmpty()) {
                byAudience.remove(audience);
            }
            return byAudience.isEmpty();
        }

        Future<Void> close() {
            closed = true;
            pendingState = null;
            if (retryTimer >= 0) {
                vertx.cancelTimer(retryTimer);
            }
            return consumer.unregister()
                    .onFailure(err -> LOG.debug("feed consumer unregister failed key={}", subscriptionKey, err));
        }

        private OutboundFrame frame(MarketEvent e, Audience audience, int merged) {
            byte[] json = audience.encoder().encode(e, audience.spelling(), audience.levels());
            return audience.encoder().nativeProtocol() ? OutboundFrame.nativeData(json, merged)
                    : OutboundFrame.of(json);
        }

        @Override
        public void onDeliver(MarketEvent e) {
            boolean reset = resetBeforeNext;
            resetBeforeNext = false;
            if (conflatable && turnOpen) {
                // A second state this turn: the gateway is behind, so keep only the newest until the turn ends.
                if (pendingState != null) {
                    pendingStateMerged++;
                    metrics.feedConflated();
                }
                pendingState = e;
                pendingStateReset |= reset;
                return;
            }
            if (conflatable) {
                turnOpen = true;
                endOfTurn.fanOut(fanOut);
            }
            if (reset) {
                sendReset(e.seq());
            }
            send(e, 0);
        }

        @Override
        public void onReset(long nextSeq) {
            resetBeforeNext = true; // announced right before the event that follows
        }

        /** End of the turn: the newest state accepted after the first goes out. */
        private void fanOut() {
            turnOpen = false;
            MarketEvent state = pendingState;
            if (closed || state == null) {
                return;
            }
            int merged = pendingStateMerged;
            boolean reset = pendingStateReset;
            pendingState = null;
            pendingStateMerged = 0;
            pendingStateReset = false;
            if (reset) {
                sendReset(state.seq());
            }
            send(state, merged);
        }

        private void send(MarketEvent e, int merged) {
            for (Map.Entry<Audience, Set<FeedSubscriber>> entry : byAudience.entrySet()) {
                // Encoded once per audience; the same frame goes to every session in it.
                OutboundFrame frame = frame(e, entry.getKey(), merged);
                try {
                    for (FeedSubscriber session : entry.getValue()) {
                        try {
                            session.sendData(subscriptionKey, frame, conflatable);
                        } catch (RuntimeException err) {
                            // One broken session must not cost every later session in this loop its message.
                            LOG.warn("delivery failed key={} session={}", subscriptionKey, session, err);
                        }
                    }
                } finally {
                    frame.release();
                }
            }
        }

        private void sendReset(long nextSeq) {
            for (Map.Entry<Audience, Set<FeedSubscriber>> entry : byAudience.entrySet()) {
                if (!entry.getKey().encoder().nativeProtocol()) {
                    continue; // other protocols have no reset message; their next message is a full state anyway
                }
                OutboundFrame frame = OutboundFrame.of(NativeEncoder.reset(channel, entry.getKey().spelling(),
                        nextSeq));
                try {
                    for (FeedSubscriber session : entry.getValue()) {
                        if (session.wantsResets()) {
                            session.sendData(subscriptionKey, frame, false);
                        }
                    }
                } finally {
                    frame.release();
                }
            }
        }

        @Override
        public void onResyncNeeded() {
            metrics.resync();
            LOG.warn("sequence gap, re-requesting snapshot key={} last={}", subscriptionKey,
                    sequencer.latest() == null ? -1 : sequencer.latest().seq());
            requestSnapshot();
        }

        private MarketEvent part(SymbolSnapshot s) {
            switch (channel) {
                case TICK:
                    return s.tick();
                case TRADE:
                    return s.lastTrade();
                case DEPTH:
                    return s.book();
                default:
                    return s.status();
            }
        }

        private void requestSnapshot() {
            if (closed || requesting) {
                return;
            }
            requesting = true;
            if (retryTimer >= 0) {
                vertx.cancelTimer(retryTimer); // asked early (a seq gap): the pending retry would ask twice
                retryTimer = -1;
            }
            DeliveryOptions options = new DeliveryOptions().setSendTimeout(config.snapshotTimeout().toMillis());
            vertx.eventBus().<Object>request(snapshotAddress, key, options).onComplete(ar -> {
                requesting = false;
                if (closed) {
                    return;
                }
                if (ar.succeeded()) {
                    failedAttempts = 0;
                    Object body = ar.result().body();
                    sequencer.onSnapshot(body instanceof SymbolSnapshot s ? part(s) : null, channel != Channel.TRADE);
                } else if (ar.cause() instanceof ReplyException re
                        && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                    failedAttempts = 0;
                    LOG.debug("no snapshot state key={} reason={}", subscriptionKey, re.getMessage());
                    sequencer.onSnapshot(null);
                } else {
                    scheduleRetry(ar.cause());
                }
            });
        }

        private void scheduleRetry(Throwable cause) {
            long min = config.snapshotRetryMin().toMillis();
            long delay = Math.min(config.snapshotRetryMax().toMillis(), min << Math.min(failedAttempts, 20));
            failedAttempts++;
            if (failedAttempts == 1) {
                LOG.warn("snapshot request failed, retrying key={} address={} delayMs={} cause={}", subscriptionKey,
                        snapshotAddress, delay, cause.toString());
            } else {
                LOG.debug("snapshot request failed again key={} attempt={} delayMs={}", subscriptionKey,
                        failedAttempts, delay);
            }
            retryTimer = vertx.setTimer(delay, id -> requestSnapshot());
        }
    }
}
