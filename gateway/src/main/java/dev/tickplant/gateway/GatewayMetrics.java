package dev.tickplant.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's own meters, tagged with the node id. The gauges are backed by atomics because a metrics scrape
 * reads them from another thread; everything else is updated on the verticle's event loop.
 */
final class GatewayMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger clients = new AtomicInteger();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicInteger feeds = new AtomicInteger();
    private final Counter ticksSent;
    private final Counter ticksConflated;
    private final Counter feedConflated;
    private final Counter resyncs;
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final List<Meter> meters = new ArrayList<>();

    GatewayMetrics(MeterRegistry registry, String nodeId) {
        this.registry = registry;
        meters.add(Gauge.builder("tickplant.gateway.clients", clients, AtomicInteger::get)
                .description("Connected WebSocket clients").tag("node", nodeId).register(registry));
        meters.add(Gauge.builder("tickplant.gateway.subscriptions", subscriptions, AtomicInteger::get)
                .description("Client subscriptions, summed over connections").tag("node", nodeId).register(registry));
        meters.add(Gauge.builder("tickplant.gateway.feeds", feeds, AtomicInteger::get)
                .description("Symbols with at least one subscriber").tag("node", nodeId).register(registry));
        ticksSent = register(Counter.builder("tickplant.gateway.ticks.sent").tag("node", nodeId)
                .description("Market-data messages written to clients").register(registry));
        ticksConflated = register(Counter.builder("tickplant.gateway.ticks.conflated").tag("node", nodeId)
                .description("Market-data messages replaced by a newer one for a slow client").register(registry));
        feedConflated = register(Counter.builder("tickplant.gateway.feed.conflated").tag("node", nodeId)
                .description("States replaced by a newer one before their fan-out (the gateway was busy)")
                .register(registry));
        resyncs = register(Counter.builder("tickplant.gateway.resyncs").tag("node", nodeId)
                .description("Snapshot re-requests after a sequence gap").register(registry));
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, register(Counter.builder("tickplant.gateway.client.errors").tag("node", nodeId)
                    .tag("code", code.name()).description("Error messages sent to clients").register(registry)));
        }
    }

    private Counter register(Counter c) {
        meters.add(c);
        return c;
    }

    void clientConnected() {
        clients.incrementAndGet();
    }

    void clientDisconnected() {
        clients.decrementAndGet();
    }

    void subscriptionsChanged(int delta) {
        subscriptions.addAndGet(delta);
    }

    void feedsChanged(int delta) {
        feeds.addAndGet(delta);
    }

    void ticksSent(long n) {
        ticksSent.increment(n);
    }

    void tickConflated() {
        ticksConflated.increment();
    }

    void feedConflated() {
        feedConflated.increment();
    }

    void resync() {
        resyncs.increment();
    }

    void clientError(ErrorCode code) {
        errors.get(code).increment();
    }

    int clients() {
        return clients.get();
    }

    int subscriptions() {
        return subscriptions.get();
    }

    /** Removes this instance's meters, so a redeployed verticle starts from fresh ones. */
    void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
