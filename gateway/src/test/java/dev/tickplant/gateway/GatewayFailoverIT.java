package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.Demand;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a gateway does while the stages behind it fail over. A partition without a normalizer (its node died; the new
 * owner is starting): snapshot requests fail and back off, and live data from the new owner ends the backoff at
 * once. A connector that starts on a new node asks for demand: the gateway answers at once, not at its next periodic
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
        // Backoff 100 ms doubling up to 20 s: requests at 0, 0.1, 0.3, 0.7, 1.5 and 3.1 s, the next one at 6.3 s.
        int port = TestGateways.deploy(vertx, REGISTRY, PARTITIONS, "gw-retry-it", new JsonObject()
                .put("snapshotTimeoutMs", 200).put("snapshotRetryMinMs", 100).put("snapshotRetryMaxMs", 20_000));
        try (TestClient c = TestClient.authenticated(vertx, port)) {
            c.send(new JsonObject().put("type", "subscribe").put("symbol", "EURUSD"));
            assertEquals("subscribed", c.next().getString("type"));
            Thread.sleep(3_300); // no normalizer: every request fails at once (no handler) and backs off

            ScriptedNormalizer normalizer = new ScriptedNormalizer(vertx, PARTITIONS);
            normalizer.start().await();
            long now = System.currentTimeMillis() * 1_000_000L;
            normalizer.record("EURUSD", new Quote("EURUSD", "alltick", 108_500, 1, 108_520, 1, 0, 5, 0, 0, now, now,
                    41));
            long published = System.nanoTime();
            normalizer.publish("EURUSD", new Quote("EURUSD", "alltick", 108_501, 1, 108_521, 1, 0, 5, 0, 0, now, now,
                    42));
            JsonObject tick = c.next();
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - published);
            assertEquals("tick", tick.getString("type"), tick.encode());
            // The backoff alone would have waited for the retry at 6.3 s, about 3 s after the live data.
            assertTrue(waitedMs < 1_000, "first tick " + waitedMs + " ms after the new owner's live data");
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
