package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.KeyConnectionCounts;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A key's {@code maxConnections} across gateway instances: two gateway verticles on one Vert.x instance, each on its
 * own loopback port, share their connection counts over the event bus, so the limit holds whichever instance (and
 * endpoint) a client hits, and a closed connection or a stopped instance frees its slots on the other; the slots of an
 * instance that falls silent (a dead node) come back when its last announcement expires.
 */
@ExtendWith(VertxExtension.class)
class KeyConnectionLimitIT {
    private static final InstrumentRegistry REGISTRY = TestInstruments.defaultRegistry();
    private static final int PARTITIONS = 4;
    private static final String PAIR_KEY = "pair-s3cret-key";
    /** Polls for something another instance learns asynchronously, at most this often. */
    private static final long POLL_MS = 20;

    private Vertx vertx;
    /**
     * Both instances' clock: an announcement expires only when a test moves it, never because a busy machine delayed
     * an instance's periodic re-announcement past its TTL.
     */
    private final ManualClock clock = new ManualClock();
    private int portA;
    private int portB;
    private String deploymentB;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        Codecs.registerAll(vertx.eventBus());
        JsonObject json = new JsonObject()
                .put("host", "127.0.0.1")
                .put("port", 0)
                .put("apiKeys", new JsonArray().add("demo"))
                .put("hashedApiKeys", new JsonArray()
                        .add(KeyHasher.entry("pair", PAIR_KEY, new Entitlements(Set.of(), Set.of(), 2, 0, 0))));
        GatewayConfig config = GatewayConfig.fromJson(json, Map.of());
        GatewayVerticle a = new GatewayVerticle(config, REGISTRY, PARTITIONS, "gw-limit-a", new SimpleMeterRegistry(),
                clock);
        GatewayVerticle b = new GatewayVerticle(config, REGISTRY, PARTITIONS, "gw-limit-b", new SimpleMeterRegistry(),
                clock);
        vertx.deployVerticle(a).await(10, TimeUnit.SECONDS);
        deploymentB = vertx.deployVerticle(b).await(10, TimeUnit.SECONDS);
        portA = a.actualPort();
        portB = b.actualPort();
        assertNotEquals(portA, portB);
    }

    @AfterEach
    void tearDown() {
        clients.forEach(TestClient::close);
    }

    private TestClient connect(int port, String uri) {
        TestClient c = TestClient.connect(vertx, port, uri);
        clients.add(c);
        return c;
    }

    /** A native connection with {@code ?token=}, welcome read. */
    private TestClient nativeWithToken(int port) {
        TestClient c = connect(port, "/?token=" + PAIR_KEY);
        assertEquals(true, c.next().getBoolean("authenticated"));
        return c;
    }

    /** An AllTick connection, confirmed by a heartbeat reply (so its session has counted it). */
    private TestClient allTick(int port) {
        TestClient c = connect(port, "/quote-b-ws-api?token=" + PAIR_KEY);
        c.send(new JsonObject().put("cmd_id", 22000).put("seq_id", 1).put("trace", "hb").put("data",
                new JsonObject()));
        assertEquals(200, c.next().getInteger("ret"));
        return c;
    }

    private void assertHandshakeRejected(int port, String uri) {
        IllegalStateException rejected = assertThrows(IllegalStateException.class, () -> connect(port, uri));
        assertEquals(429, assertInstanceOf(UpgradeRejectedException.class, rejected.getCause()).getStatus());
    }

    /** The {@code connections} of a {@code limits} request on {@code c}, once it equals {@code expected}. */
    private static void awaitConnections(TestClient c, int expected) throws InterruptedException {
        int seen = -1;
        for (int attempt = 0; attempt < 500 && seen != expected; attempt++) {
            if (attempt > 0) {
                Thread.sleep(POLL_MS);
            }
            c.send(new JsonObject().put("type", "limits"));
            seen = c.next().getInteger("connections");
        }
        assertEquals(expected, seen, "connections reported by limits");
    }

    /** Retries {@code attempt} until it succeeds: the other instance hears of a freed slot a moment later. */
    private static TestClient eventually(Supplier<TestClient> attempt) throws InterruptedException {
        RuntimeException last = null;
        for (int i = 0; i < 100; i++) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(POLL_MS);
            }
        }
        throw last;
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldRefuseThirdConnectionOnEitherInstanceAndFreeSlotOnClose(VertxTestContext ctx) throws Exception {
        TestClient onA = nativeWithToken(portA);
        allTick(portB);
        // A learns of B's connection over the bus; its limits report counts both instances.
        awaitConnections(onA, 2);

        assertHandshakeRejected(portA, "/?token=" + PAIR_KEY);
        assertHandshakeRejected(portB, "/?token=" + PAIR_KEY);
        assertHandshakeRejected(portA, "/quote-b-ws-api?token=" + PAIR_KEY);
        TestClient viaAuth = connect(portB, "/");
        assertEquals("welcome", viaAuth.next().getString("type"));
        viaAuth.send(new JsonObject().put("type", "auth").put("apiKey", PAIR_KEY));
        JsonObject refused = viaAuth.next();
        assertEquals(false, refused.getBoolean("success"), refused.encode());
        assertEquals("CONNECTION_LIMIT", refused.getString("code"));
        assertTrue(refused.getString("message").contains("across all gateways"), refused.encode());
        // Other keys are not affected.
        viaAuth.send(new JsonObject().put("type", "auth").put("apiKey", "demo"));
        assertEquals(true, viaAuth.next().getBoolean("success"));

        // Closing the connection on A frees a slot on B.
        onA.close();
        onA.awaitClose();
        TestClient third = eventually(() -> nativeWithToken(portB));
        awaitConnections(third, 2);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldFreeStoppedInstancesSlots(VertxTestContext ctx) throws Exception {
        TestClient onA = nativeWithToken(portA);
        nativeWithToken(portB);
        awaitConnections(onA, 2);
        assertHandshakeRejected(portA, "/?token=" + PAIR_KEY);

        vertx.undeploy(deploymentB).await(10, TimeUnit.SECONDS);
        awaitConnections(onA, 1);
        eventually(() -> nativeWithToken(portA));
        assertHandshakeRejected(portA, "/?token=" + PAIR_KEY);
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldFreeSilentInstancesSlotsWhenItsAnnouncementExpires(VertxTestContext ctx) throws Exception {
        // A node that announced one connection of the key and then died without a word.
        long ttlMs = 2_000;
        vertx.eventBus().publish(Addresses.GATEWAY_KEY_CONNECTIONS,
                new KeyConnectionCounts("gw-limit-dead", Map.of("pair", 1), ttlMs));
        TestClient onA = nativeWithToken(portA);
        // A heard the announcement before the connection (one event loop, in order); the clock stands still.
        awaitConnections(onA, 2);
        clock.advance(Duration.ofMillis(ttlMs - 1));
        onA.send(new JsonObject().put("type", "limits"));
        assertEquals(2, onA.next().getInteger("connections"), "the dead node's connection counts until it expires");
        // Once expired, its slot is free again; nothing refreshes it.
        clock.advance(Duration.ofMillis(1));
        onA.send(new JsonObject().put("type", "limits"));
        assertEquals(1, onA.next().getInteger("connections"), "the dead node's announcement expired");
        nativeWithToken(portB);
        awaitConnections(onA, 2);
        assertHandshakeRejected(portA, "/?token=" + PAIR_KEY);
        ctx.completeNow();
    }
}
