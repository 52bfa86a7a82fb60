package dev.tickplant.ingest.ws;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.Demand;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Demand, resync requests and ticks reach the connector's callbacks; after stop, nothing does. */
@ExtendWith(VertxExtension.class)
class FeedControlIT {
    private final AtomicLong nowMs = new AtomicLong(1_000);
    private final DemandTracker demand = new DemandTracker(nowMs::get);
    private final AtomicInteger demandChanges = new AtomicInteger();
    private final AtomicInteger ticks = new AtomicInteger();
    private final List<String> resyncs = Collections.synchronizedList(new ArrayList<>());
    /** The context the control runs on: its consumers and timer run on this event loop. */
    private Context controlContext;

    @BeforeEach
    void registerCodecs(Vertx vertx) {
        Codecs.registerAll(vertx.eventBus());
    }

    private Future<FeedControl> start(Vertx vertx, boolean withResync) {
        Promise<FeedControl> started = Promise.promise();
        controlContext = vertx.getOrCreateContext();
        controlContext.runOnContext(v -> {
            FeedControl control = new FeedControl(vertx, demand);
            control.start(10, demandChanges::incrementAndGet, withResync ? resyncs::add : null,
                    ticks::incrementAndGet).map(control).onComplete(started);
        });
        return started.future();
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldReportDemandChangesResyncsAndTicksUntilStopped(Vertx vertx, VertxTestContext ctx) {
        start(vertx, true).compose(control -> {
            vertx.eventBus().publish(Addresses.INGEST_DEMAND, new Demand("gw1", Set.of("BTCUSDT"), 60_000));
            vertx.eventBus().publish(Addresses.INGEST_DEMAND, new Demand("gw1", Set.of("BTCUSDT"), 60_000));
            vertx.eventBus().publish(Addresses.INGEST_RESYNC, "BTCUSDT@kraken");
            return until(vertx, 5_000, () -> demandChanges.get() == 1 && resyncs.size() == 1 && ticks.get() > 2,
                    () -> "changes=" + demandChanges + " resyncs=" + resyncs + " ticks=" + ticks)
                    .compose(v -> {
                        // The gateway stops announcing: its demand expires on a tick.
                        nowMs.addAndGet(120_000);
                        return until(vertx, 5_000, () -> demandChanges.get() == 2, () -> "expiry " + demandChanges);
                    })
                    .compose(v -> control.stop());
        }).onComplete(ctx.succeeding(v -> {
            int ticksAtStop = ticks.get();
            // A marker on the control's own event loop, after the demand and after three tick periods: messages and
            // timers of one event loop run in order (timers by deadline), so anything the stopped control still
            // heard or ticked would have run before the marker, however slow the machine.
            controlContext.runOnContext(x -> {
                MessageConsumer<Demand> marker = vertx.eventBus().consumer(Addresses.INGEST_DEMAND, m -> {
                    if (m.body().nodeId().equals("marker")) {
                        vertx.setTimer(30, id -> ctx.verify(() -> {
                            assertEquals(2, demandChanges.get());
                            assertEquals(List.of("BTCUSDT@kraken"), resyncs);
                            assertTrue(ticks.get() <= ticksAtStop + 1, "ticks after stop");
                            assertTrue(demand.union().isEmpty());
                            ctx.completeNow();
                        }));
                    }
                });
                marker.completion().onComplete(ctx.succeeding(r -> {
                    vertx.eventBus().publish(Addresses.INGEST_DEMAND, new Demand("gw2", Set.of("ETHUSDT"), 60_000));
                    vertx.eventBus().publish(Addresses.INGEST_DEMAND, new Demand("marker", Set.of(), 60_000));
                }));
            });
        }));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldNotListenForResyncsWithoutAHandler(Vertx vertx, VertxTestContext ctx) {
        start(vertx, false).onComplete(ctx.succeeding(control -> ctx.verify(() -> {
            vertx.eventBus().publish(Addresses.INGEST_RESYNC, "BTCUSDT@kraken");
            assertTrue(resyncs.isEmpty());
            control.stop().onComplete(ctx.succeedingThenComplete());
        })));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldAskTheGatewaysForTheirDemandOnceListening(Vertx vertx, VertxTestContext ctx) {
        // A stand-in gateway answers the request with its demand, as GatewayVerticle does.
        vertx.eventBus().consumer(Addresses.INGEST_DEMAND_REQUEST, msg -> vertx.eventBus().publish(
                Addresses.INGEST_DEMAND, new Demand("gw1", Set.of("EURUSD"), 60_000)));
        start(vertx, false).compose(control -> until(vertx, 5_000, () -> demand.union().contains("EURUSD"),
                () -> "demand " + demand.union()).compose(v -> control.stop()))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(1, demandChanges.get());
                    ctx.completeNow();
                })));
    }
}
