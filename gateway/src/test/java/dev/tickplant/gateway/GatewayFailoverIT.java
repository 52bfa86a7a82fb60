package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.bus.Partitions;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.Demand;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a gateway does while the stages behind it fail over. A partition without a normalizer (its node died; the new
 * owner is starting): snapshot requests fail and back off, and live data from the new owner ends the backoff at
 * once, shown by the order of events: the request that live data starts comes long before the backoff's retry. A
 * connector that starts on a new node asks for demand: the gateway answers at once, not at its next periodic
 * announcement.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewayFailoverIT {
    private static final InstrumentRegistry REGISTRY = TestInstruments.defaultRegistry();
    private static final int PARTITIONS = 4;

    @Test
    void shouldAskForTheSnapshotAsSoonAsLiveDataShowsTheNewOwner(Vertx vertx) throws Exception {
        Codecs.registerAll(vertx.eventBus());
        String snapshotAddress = Addresses.snapshot(Partitions.of("EURUSD", PARTITIONS));
        AtomicInteger requests = new AtomicInteger();
        CompletableFuture<Void> firstRequestDone = new CompletableFuture<>();
        vertx.eventBus().addOutboundInterceptor(ctx -> {
            ctx.next(); // delivers locally: a request with no handler has failed once this returns
            if (ctx.message().address().equals(snapshotAddress) && requests.incrementAndGet() == 1) {
                firstRequestDone.complete(null);
            }
        });
        // A failed snapshot request is retried only after a minute, far beyond this test's timeout: a tick can only
        // come from a request that the new owner's live data starts.
        int port = TestGateways.deploy(vertx, REGISTRY, PARTITIONS, "gw-retry-it", new JsonObject()
                .put("snapshotTimeoutMs", 200).put("snapshotRetryMinMs", 60_000).put("snapshotRetryMaxMs", 60_000));
        try (TestClient c = TestClient.authenticated(vertx, port)) {
            c.send(new JsonObject().put("type", "subscribe").put("symbol", "EURUSD"));
            assertEquals("subscribed", c.next().getString("type"));
            // No normalizer: the first request fails at once (no handler) and backs off.
            firstRequestDone.get(5, TimeUnit.SECONDS);

            ScriptedNormalizer normalizer = new ScriptedNormalizer(vertx, PARTITIONS);
            normalizer.start().await();
            assertEquals(1, requests.get(), "no request before the new owner's live data");
            // The gateway learns of its failed request on its event loop; live data that comes before that finds no
            // backoff to end yet. The new owner publishes on, so one of its next events does.
            long now = System.currentTimeMillis() * 1_000_000L;
            JsonObject tick = null;
            for (long seq = 41; tick == null; seq++) {
                assertTrue(seq < 41 + 200, "no tick after 200 live events; snapshot requests: " + requests.get());
                normalizer.publish("EURUSD", new Quote("EURUSD", "alltick", 108_500 + seq, 1, 108_520 + seq, 1, 0, 5,
                        0, 0, now, now, seq));
                tick = c.poll(Duration.ofMillis(50));
            }
            assertEquals("tick", tick.getString("type"), tick.encode());
            assertEquals(2, requests.get(), "one request after the failed one, started by the live data");
            normalizer.stop().await();
        }
    }

    @Test
    void shouldAnnounceDemandAtOnceWhenAConnectorAsks(Vertx vertx) throws Exception {
        Codecs.registerAll(vertx.eventBus());
        LinkedBlockingQueue<Demand> announcements = new LinkedBlockingQueue<>();
        vertx.eventBus().<Demand>consumer(Addresses.INGEST_DEMAND, msg -> announcements.add(msg.body()))
                .completion().await();
        // Periodic announcements a minute apart: anything sooner answers a change or a request.
        int port = TestGateways.deploy(vertx, REGISTRY, PARTITIONS, "gw-demand-it", new JsonObject()
                .put("demandIntervalMs", 60_000).put("demandTtlMs", 120_000));
        try (TestClient c = TestClient.authenticated(vertx, port)) {
            c.send(new JsonObject().put("type", "subscribe").put("symbol", "EURUSD"));
            assertEquals("subscribed", c.next().getString("type"));
            Demand changed = announcements.poll(5, TimeUnit.SECONDS);
            assertEquals(Set.of("EURUSD"), changed.symbols(), "the subscription's own announcement");

            vertx.eventBus().publish(Addresses.INGEST_DEMAND_REQUEST, "");
            Demand answered = announcements.poll(5, TimeUnit.SECONDS);
            assertNotNull(answered, "no announcement after the request");
            assertEquals("gw-demand-it", answered.nodeId());
            assertEquals(Set.of("EURUSD"), answered.symbols());
        }
    }
}
