package dev.tickplant.gateway;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.model.Channel;
import dev.tickplant.common.model.Demand;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.SymbolSnapshot;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the normalizer: answers {@code tp.snapshot.<p>} with the latest quote of a symbol key and, every
 * period, publishes the next quote (seq + 1) on {@code md.tick.<key>} for every key of the latest demand it saw.
 * Records every demand.
 */
final class FakeNormalizer {
    private final Vertx vertx;
    private final InstrumentRegistry registry;
    private final int partitions;
    private final long periodMs;
    private final Map<String, Quote> latest = new ConcurrentHashMap<>();
    private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
    final List<Demand> demands = new CopyOnWriteArrayList<>();
    private volatile Set<String> wanted = Set.of();
    /** How far the venue time of published quotes lags their receive time (now), in ms. */
    volatile long venueLagMs;
    private long timer = -1;

    FakeNormalizer(Vertx vertx, InstrumentRegistry registry, int partitions, long periodMs) {
        this.vertx = vertx;
        this.registry = registry;
        this.partitions = partitions;
        this.periodMs = periodMs;
    }

    /** Starts the demand listener and the publisher; snapshots only after {@link #serveSnapshots()}. */
    Future<Void> startFeed() {
        MessageConsumer<Object> demand = vertx.eventBus().consumer(Addresses.INGEST_DEMAND, msg -> {
            Demand d = (Demand) msg.body();
            demands.add(d);
            wanted = d.symbols();
        });
        consumers.add(demand);
        timer = vertx.setPeriodic(periodMs, id -> publishAll());
        return demand.completion();
    }

    /** Registers the snapshot responders of every partition. */
    Future<Void> serveSnapshots() {
        List<Future<Void>> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            MessageConsumer<Object> c = vertx.eventBus().consumer(Addresses.snapshot(p), msg -> {
                String key = (String) msg.body();
                msg.reply(new SymbolSnapshot(key, latest.get(key), null, null, null));
            });
            consumers.add(c);
            all.add(c.completion());
        }
        return Future.all(all).mapEmpty();
    }

    Future<Void> start() {
        return startFeed().compose(v -> serveSnapshots());
    }

    /** The latest demand's symbols, or empty. */
    Set<String> lastDemand() {
        return demands.isEmpty() ? Set.of() : demands.get(demands.size() - 1).symbols();
    }

    /** The seq of the last quote of {@code key} published (or skipped), 0 before the first. */
    synchronized long lastSeq(String key) {
        Quote previous = latest.get(key);
        return previous == null ? 0 : previous.seq();
    }

    /** Publishes the next quote of {@code key}; with {@code skip}, advances seq without publishing (bus loss). */
    synchronized void publishNext(String key, boolean skip) {
        Quote previous = latest.get(key);
        long seq = previous == null ? 1 : previous.seq() + 1;
        String symbol = key.contains("@") ? key.substring(0, key.indexOf('@')) : key;
        Instrument i = registry.bySymbol(symbol);
        long bid = i.referencePrice() + (seq % 7) * i.tickSize();
        long ask = bid + 2 * i.tickSize();
        long now = System.currentTimeMillis() * 1_000_000L;
        long venueTime = now - venueLagMs * 1_000_000L;
        Quote q = new Quote(symbol, "alltick", bid, 100 + seq, ask, 200 + seq, 0, i.priceScale(), i.sizeScale(), seq,
                venueTime, now, seq);
        latest.put(key, q);
        if (!skip) {
            vertx.eventBus().publish(Addresses.marketData(Channel.TICK, key), q);
        }
    }

    private void publishAll() {
        for (String key : wanted) {
            publishNext(key, false);
        }
    }

    Future<Void> stop() {
        vertx.cancelTimer(timer);
        List<Future<Void>> all = new ArrayList<>();
        consumers.forEach(c -> all.add(c.unregister()));
        return Future.join(all).mapEmpty();
    }
}
