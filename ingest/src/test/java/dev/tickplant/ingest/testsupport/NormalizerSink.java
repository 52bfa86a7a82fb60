package dev.tickplant.ingest.testsupport;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.model.Demand;
import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Stands in for the normalizer in connector tests: collects every event a connector sends to the normalizer
 * partitions ({@code tp.norm.<p>}), in arrival order, for the test to query from any thread.
 */
public final class NormalizerSink {
    private final List<MarketEvent> received = Collections.synchronizedList(new ArrayList<>());

    /** Listens on partitions {@code 0..partitions-1}; completes once every consumer is registered. */
    public Future<Void> listen(Vertx vertx, int partitions) {
        List<Future<Void>> registrations = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            registrations.add(vertx.eventBus().<EventBatch>consumer(Addresses.normalizer(p),
                    msg -> received.addAll(msg.body().events())).completion());
        }
        return Future.all(registrations).mapEmpty();
    }

    /** The events received so far that match {@code filter}, in arrival order. */
    public List<MarketEvent> events(Predicate<MarketEvent> filter) {
        synchronized (received) {
            return received.stream().filter(filter).toList();
        }
    }

    /** How many events of {@code type} for {@code symbol} arrived. */
    public long count(Class<? extends MarketEvent> type, String symbol) {
        return events(e -> type.isInstance(e) && e.symbol().equals(symbol)).size();
    }

    /** The states {@code symbol} was reported in, in order. */
    public List<StatusState> statuses(String symbol) {
        return events(e -> e instanceof Status && e.symbol().equals(symbol)).stream()
                .map(e -> ((Status) e).state()).toList();
    }

    /** Whether {@code symbol} was ever reported in {@code state}. */
    public boolean sawStatus(String symbol, StatusState state) {
        return statuses(symbol).contains(state);
    }

    /** Events received so far. */
    public int size() {
        return received.size();
    }

    /** Publishes a gateway node's demand (valid for a minute) as a gateway does. */
    public static void publishDemand(Vertx vertx, String node, String... symbols) {
        vertx.eventBus().publish(Addresses.INGEST_DEMAND, new Demand(node, Set.of(symbols), 60_000));
    }
}
