package dev.tickplant.ingest.ws;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.model.Demand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Consumer;

/**
 * What the cluster tells one feed, and its clock: the gateways' demand on {@code tp.ingest.demand}, kept in a
 * {@link DemandTracker}; the normalizer's book resync requests on {@code tp.ingest.resync}; and a periodic
 * housekeeping tick, which first expires the demand of gateway nodes that stopped announcing it. Every connector
 * needs the same three, so they are wired here and the connector only says what to do on each.
 *
 * <p>Confined to the owning connector's event loop: create and start it from the verticle's context.
 */
public final class FeedControl {

    private final Vertx vertx;
    private final DemandTracker demand;
    private MessageConsumer<Demand> demandConsumer;
    private MessageConsumer<String> resyncConsumer;
    private long tickTimer = -1;

    public FeedControl(Vertx vertx, DemandTracker demand) {
        this.vertx = vertx;
        this.demand = demand;
    }

    /**
     * Starts listening and ticking; every callback runs on the owner's event loop.
     *
     * @param tickMs housekeeping period in milliseconds
     * @param onDemandChanged the union of the demand changed (a node announced a different set, or a node's demand
     *     expired)
     * @param onResyncRequest the normalizer asks for a fresh book of a key ({@code SYMBOL@venue}, any venue's); null
     *     for a feed without books, which then does not listen for resync requests
     * @param onTick each housekeeping tick, after demand expiry: heartbeats, pings, silence checks
     * @return completes once the consumers are registered cluster-wide
     */
    public Future<Void> start(long tickMs, Runnable onDemandChanged, Consumer<String> onResyncRequest,
            Runnable onTick) {
        demandConsumer = vertx.eventBus().consumer(Addresses.INGEST_DEMAND, msg -> {
            if (demand.update(msg.body())) {
                onDemandChanged.run();
            }
        });
        tickTimer = vertx.setPeriodic(tickMs, id -> {
            if (demand.expire()) {
                onDemandChanged.run();
            }
            onTick.run();
        });
        // Once listening, ask the gateways for their demand: a feed that starts, or moves here after its node died,
        // would otherwise wait for the next periodic announcement (gateway.demandIntervalMs) before subscribing.
        Future<Void> listening = demandConsumer.completion()
                .onSuccess(v -> vertx.eventBus().publish(Addresses.INGEST_DEMAND_REQUEST, ""));
        if (onResyncRequest == null) {
            return listening;
        }
        resyncConsumer = vertx.eventBus().consumer(Addresses.INGEST_RESYNC, msg -> onResyncRequest.accept(
                msg.body()));
        return Future.all(listening, resyncConsumer.completion()).mapEmpty();
    }

    /** Stops ticking and unregisters the consumers. */
    public Future<Void> stop() {
        if (tickTimer >= 0) {
            vertx.cancelTimer(tickTimer);
            tickTimer = -1;
        }
        Future<Void> a = demandConsumer == null ? Future.succeededFuture() : demandConsumer.unregister();
        Future<Void> b = resyncConsumer == null ? Future.succeededFuture() : resyncConsumer.unregister();
        return Future.join(a, b).mapEmpty();
    }
}
