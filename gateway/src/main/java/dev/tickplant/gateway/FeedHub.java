package dev.tickplant.gateway;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.bus.Partitions;
import dev.tickplant.common.model.Channel;
import dev.tickplant.common.model.Quote;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's market-data side: one event-bus consumer per symbol key, shared by every session of this verticle
 * and removed when the last one leaves (so clustered registrations scale with symbols, not clients). Each feed
 * requests a snapshot once its consumer is registered, sequences snapshot and live ticks through a
 * {@link SymbolFeed}, encodes each tick once per distinct client spelling and hands the same bytes to every
 * session using that spelling.
 *
 * <p>Snapshot requests that fail with {@code NO_HANDLERS} or {@code TIMEOUT} (the normalizer is not up yet, or its
 * partition is moving) are retried with capped exponential backoff; a {@code RECIPIENT_FAILURE} means the owner has
 * no state for the symbol, so the feed goes live and the next tick starts the sequence.
 *
 * <p>Confined to the verticle's event loop.
 */
final class FeedHub {
    private static final Logger LOG = LoggerFactory.getLogger(FeedHub.class);
    /** Live ticks kept while a snapshot is outstanding; beyond it the oldest go (the gap check covers that). */
    static final int MAX_BUFFERED_TICKS = 4096;

    private final Vertx vertx;
    private final GatewayConfig config;
    private final int partitionCount;
    private final GatewayMetrics metrics;
    private final Runnable demandChanged;
    private final Map<String, Feed> feeds = new HashMap<>();

    FeedHub(Vertx vertx, GatewayConfig config, int partitionCount, GatewayMetrics metrics, Runnable demandChanged) {
        this.vertx = vertx;
        this.config = config;
        this.partitionCount = partitionCount;
        this.metrics = metrics;
        this.demandChanged = demandChanged;
    }

    /** Adds a session to the symbol's feed, creating the feed for the first one; sends the cached tick if any. */
    void join(Subscriptions.Entry entry, ClientSession session) {
        Feed feed = feeds.get(entry.key());
        if (feed == null) {
            feed = new Feed(entry.key(), entry.canonicalSymbol());
            feeds.put(entry.key(), feed);
            metrics.feedsChanged(1);
            feed.open();
            demandChanged.run();
        }
        feed.add(entry.spelling(), session);
    }

    /** Removes a session from the symbol's feed; the last one out closes the feed. */
    void leave(Subscriptions.Entry entry, ClientSession session) {
        Feed feed = feeds.get(entry.key());
        if (feed == null) {
            return;
        }
        if (feed.remove(entry.spelling(), session)) {
            feeds.remove(entry.key());
            metrics.feedsChanged(-1);
            feed.close();
            demandChanged.run();
        }
    }

    /** Symbol keys that at least one session wants: this gateway's demand. */
    Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(feeds.keySet()));
    }

    /** Closes every feed. */
    Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        for (Feed feed : feeds.values()) {
            closing.add(feed.close());
        }
        metrics.feedsChanged(-feeds.size());
        feeds.clear();
        return Future.join(closing).mapEmpty();
    }

    /** One symbol key's consumer, sequencer and subscribers. */
    private final class Feed implements SymbolFeed.Listener {
        private final String key;
        private final String snapshotAddress;
        private final SymbolFeed sequencer = new SymbolFeed(this, MAX_BUFFERED_TICKS);
        private final Map<String, Set<ClientSession>> bySpelling = new LinkedHashMap<>();
        private MessageConsumer<Object> consumer;
        private boolean closed;
        private boolean requesting;
        private int failedAttempts;
        private long retryTimer = -1;

        Feed(String key, String canonicalSymbol) {
            this.key = key;
            this.snapshotAddress = Addresses.snapshot(Partitions.of(canonicalSymbol, partitionCount));
        }

        void open() {
            consumer = vertx.eventBus().consumer(Addresses.marketData(Channel.TICK, key), msg -> {
                if (!closed && msg.body() instanceof Quote q) {
                    sequencer.onLive(q);
                }
            });
            // Ask for the snapshot only once the registration is effective, so no live tick falls between the two.
            consumer.completion()
                    .onFailure(err -> LOG.warn("feed consumer registration failed key={}", key, err))
                    .onComplete(ar -> requestSnapshot());
        }

        void add(String spelling, ClientSession session) {
            bySpelling.computeIfAbsent(spelling, s -> new LinkedHashSet<>()).add(session);
            Quote latest = sequencer.latest();
            if (latest != null) {
                session.sendTick(key, TickEncoder.encodeBytes(latest, spelling));
            }
        }

        /** Returns true when the feed has no session left. */
        boolean remove(String spelling, ClientSession session) {
            Set<ClientSession> sessions = bySpelling.get(spelling);
            if (sessions != null && sessions.remove(session) && sessions.isEmpty()) {
                bySpelling.remove(spelling);
            }
            return bySpelling.isEmpty();
        }

        Future<Void> close() {
            closed = true;
            if (retryTimer >= 0) {
                vertx.cancelTimer(retryTimer);
            }
            return consumer.unregister()
                    .onFailure(err -> LOG.debug("feed consumer unregister failed key={}", key, err));
        }

        @Override
        public void onDeliver(Quote q) {
            for (Map.Entry<String, Set<ClientSession>> e : bySpelling.entrySet()) {
                // Encoded once per spelling; the same bytes go to every session that used it.
                byte[] payload = TickEncoder.encodeBytes(q, e.getKey());
                for (ClientSession session : e.getValue()) {
                    try {
                        session.sendTick(key, payload);
                    } catch (RuntimeException err) {
                        // One broken session must not cost every later session in this loop its tick.
                        LOG.warn("tick delivery failed key={} session={}", key, session, err);
                    }
                }
            }
        }

        @Override
        public void onResyncNeeded() {
            metrics.resync();
            LOG.warn("tick sequence gap, re-requesting snapshot key={} last={}", key,
                    sequencer.latest() == null ? -1 : sequencer.latest().seq());
            requestSnapshot();
        }

        private void requestSnapshot() {
            if (closed || requesting) {
                return;
            }
            requesting = true;
            retryTimer = -1;
            DeliveryOptions options = new DeliveryOptions().setSendTimeout(config.snapshotTimeout().toMillis());
            vertx.eventBus().<Object>request(snapshotAddress, key, options).onComplete(ar -> {
                requesting = false;
                if (closed) {
                    return;
                }
                if (ar.succeeded()) {
                    failedAttempts = 0;
                    Object body = ar.result().body();
                    sequencer.onSnapshot(body instanceof SymbolSnapshot s ? s.tick() : null);
                } else if (ar.cause() instanceof ReplyException re
                        && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                    failedAttempts = 0;
                    LOG.debug("no snapshot state key={} reason={}", key, re.getMessage());
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
                LOG.warn("snapshot request failed, retrying key={} address={} delayMs={} cause={}", key,
                        snapshotAddress, delay, cause.toString());
            } else {
                LOG.debug("snapshot request failed again key={} attempt={} delayMs={}", key, failedAttempts, delay);
            }
            retryTimer = vertx.setTimer(delay, id -> requestSnapshot());
        }
    }
}
