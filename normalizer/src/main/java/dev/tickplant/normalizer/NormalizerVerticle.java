package dev.tickplant.normalizer;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.bus.Partitions;
import dev.tickplant.common.model.Channel;
import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.SymbolSnapshot;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.time.Clocks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns a set of normalizer partitions: consumes the venue event batches ingest sends to {@code tp.norm.<p>},
 * publishes normalized events on {@code md.<channel>.<view>}, and answers snapshot requests on {@code
 * tp.snapshot.<p>} with the latest {@link SymbolSnapshot} of a view. Every
 * {@link NormalizerConfig#checkIntervalMs()} it evaluates sessions and staleness, and asks ingest for book snapshots
 * on {@link Addresses#INGEST_RESYNC} (body {@code SYMBOL@venue}, rate-limited per book). State is confined to this verticle's event
 * loop; the logic lives in {@link Normalizer}.
 */
public final class NormalizerVerticle extends VerticleBase {
    /** Failure code of a snapshot request for a view this instance knows nothing of (not an instrument it serves). */
    public static final int NO_DATA = 404;

    private static final Logger LOG = LoggerFactory.getLogger(NormalizerVerticle.class);

    private final NormalizerConfig config;
    private final Normalizer normalizer;
    private final Counter eventsIn;
    private final Counter dropped;
    private final Map<Channel, Counter> published = new EnumMap<>(Channel.class);
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private final LongSupplier clockMillis;
    private final Counter resyncRequests;
    private long checkTimer = -1;

    public NormalizerVerticle(NormalizerConfig config, InstrumentRegistry registry, MeterRegistry meters) {
        this(config, registry, meters, System::currentTimeMillis);
    }

    /** As above with an injected wall clock (epoch ms) for sessions, staleness and resync pacing. */
    public NormalizerVerticle(NormalizerConfig config, InstrumentRegistry registry, MeterRegistry meters,
            LongSupplier clockMillis) {
        this.config = config;
        this.clockMillis = clockMillis;
        Set<Integer> owned = config.partitions();
        this.normalizer = new Normalizer(registry, Clocks.epochNanos() / 1_000, config,
                symbol -> owned.contains(Partitions.of(symbol, config.partitionCount())), clockMillis);
        this.resyncRequests = Counter.builder("tickplant.normalizer.resync.requests")
                .description("Book snapshot requests sent to ingest").register(meters);
        this.eventsIn = Counter.builder("tickplant.normalizer.events.in")
                .description("Venue events received by the normalizer").register(meters);
        this.dropped = Counter.builder("tickplant.normalizer.dropped")
                .description("Venue events dropped as duplicate, stale or unknown").register(meters);
        for (Channel c : Channel.values()) {
            published.put(c, Counter.builder("tickplant.ticks.published")
                    .description("Normalized events published, by channel").tag("channel", c.wireName())
                    .register(meters));
        }
    }

    @Override
    public Future<?> start() {
        EventBus bus = vertx.eventBus();
        List<Future<Void>> registrations = new ArrayList<>();
        for (int p : config.partitions()) {
            MessageConsumer<EventBatch> in = bus.<EventBatch>consumer(new MessageConsumerOptions()
                            .setAddress(Addresses.normalizer(p))
                            .setMaxBufferedMessages(config.maxBufferedBatches()))
                    .handler(this::onBatch);
            MessageConsumer<String> snapshots = bus.consumer(Addresses.snapshot(p), this::onSnapshotRequest);
            consumers.add(in);
            consumers.add(snapshots);
            registrations.add(in.completion());
            registrations.add(snapshots.completion());
        }
        checkTimer = vertx.setPeriodic(config.checkIntervalMs(), id -> {
            publish(normalizer.check(clockMillis.getAsLong()));
            requestResyncs();
        });
        return Future.all(registrations)
                .onSuccess(v -> LOG.info("normalizer started partitions={} of {}", config.partitions(),
                        config.partitionCount()));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(checkTimer);
        List<Future<Void>> done = new ArrayList<>();
        for (MessageConsumer<?> c : consumers) {
            done.add(c.unregister());
        }
        return Future.join(done);
    }

    private void onBatch(Message<EventBatch> message) {
        long before = normalizer.droppedCount();
        List<MarketEvent> events = message.body().events();
        eventsIn.increment(events.size());
        String source = message.body().source();
        for (MarketEvent event : events) {
            publish(normalizer.apply(event, source));
        }
        dropped.increment(normalizer.droppedCount() - before);
        requestResyncs();
    }

    private void publish(List<Normalizer.Keyed> events) {
        EventBus bus = vertx.eventBus();
        for (Normalizer.Keyed out : events) {
            bus.publish(Addresses.marketData(out.event().channel(), out.key()), out.event());
            published.get(out.event().channel()).increment();
        }
    }

    /** Rate-limited per book inside {@link Normalizer#resyncRequests(long)}; ingest answers with a snapshot. */
    private void requestResyncs() {
        for (String key : normalizer.resyncRequests(clockMillis.getAsLong())) {
            LOG.info("requesting book snapshot {}", key);
            resyncRequests.increment();
            vertx.eventBus().publish(Addresses.INGEST_RESYNC, key);
        }
    }

    private void onSnapshotRequest(Message<String> request) {
        SymbolSnapshot snapshot = normalizer.snapshot(request.body());
        if (snapshot == null) {
            request.fail(NO_DATA, "no data yet for " + request.body());
            return;
        }
        request.reply(snapshot);
    }
}
