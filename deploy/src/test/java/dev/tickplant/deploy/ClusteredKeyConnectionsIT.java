package dev.tickplant.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tickplant.gateway.Entitlements;
import dev.tickplant.gateway.KeyHasher;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A key's {@code maxConnections} across two clustered gateway nodes in one JVM: each node hears the other's
 * connection counts over the clustered event bus, so the third connection is refused on either node, and a closed
 * connection or a stopped node frees its slot on the other. {@link TestCluster} keeps it apart from every other
 * cluster on the machine.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusteredKeyConnectionsIT {
    private static final String PAIR_KEY = "pair-s3cret-key";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TickplantNode gateway1;
    private TickplantNode gateway2;
    private Vertx clientVertx;
    private final List<WsTestClient> clients = new ArrayList<>();

    private static JsonObject config(JsonObject cluster) {
        return new JsonObject()
                .put("management", new JsonObject().put("port", 0))
                .put("gateway", new JsonObject().put("port", 0).put("host", "127.0.0.1")
                        .put("apiKeys", new JsonArray().add("demo"))
                        .put("hashedApiKeys", new JsonArray().add(KeyHasher.entry("pair", PAIR_KEY,
                                new Entitlements(Set.of(), Set.of(), 2, 0, 0)))))
                .put("cluster", cluster);
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(WsTestClient::close);
        if (clientVertx != null) {
            clientVertx.close().await(10, TimeUnit.SECONDS);
        }
        for (TickplantNode n : new TickplantNode[] {gateway1, gateway2}) {
            if (n != null) {
                n.close().await(20, TimeUnit.SECONDS);
            }
        }
    }

    private WsTestClient connectWithToken(TickplantNode node) throws Exception {
        WsTestClient c = WsTestClient.connect(clientVertx, node.gatewayPort(), "/?token=" + PAIR_KEY);
        clients.add(c);
        assertEquals(true, c.next(WAIT).getBoolean("authenticated"));
        return c;
    }

    private void assertRejected(TickplantNode node) {
        Throwable e = assertThrows(Exception.class, () -> connectWithToken(node));
        while (!(e instanceof UpgradeRejectedException) && e.getCause() != null) {
            e = e.getCause();
        }
        assertEquals(429, assertInstanceOf(UpgradeRejectedException.class, e).getStatus());
    }

    /** Polls {@code limits} on {@code c} until its {@code connections} (counted cluster-wide) is {@code expected}. */
    private static void awaitConnections(WsTestClient c, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int seen;
        do {
            c.send(new JsonObject().put("type", "limits"));
            seen = c.await(m -> "limits".equals(m.getString("type")), WAIT).getInteger("connections");
            if (seen != expected) {
                Thread.sleep(50);
            }
        } while (seen != expected && System.nanoTime() < deadline);
        assertEquals(expected, seen, "connections reported by limits");
    }

    @Test
    void shouldHoldKeysConnectionLimitAcrossClusteredGateways() throws Exception {
        TestCluster cluster = TestCluster.named("tickplant-key-connections");
        gateway1 = TickplantNode.start(new LaunchOptions(null, EnumSet.of(NodeRole.GATEWAY), true),
                config(cluster.seed()), Map.of()).await(60, TimeUnit.SECONDS);
        gateway2 = TickplantNode.start(new LaunchOptions(null, EnumSet.of(NodeRole.GATEWAY), true),
                config(cluster.joining(gateway1.clusterPort())), Map.of()).await(60, TimeUnit.SECONDS);
        clientVertx = Vertx.vertx();

        WsTestClient on1 = connectWithToken(gateway1);
        WsTestClient on2 = connectWithToken(gateway2);
        awaitConnections(on1, 2);
        awaitConnections(on2, 2);
        assertRejected(gateway1);
        assertRejected(gateway2);

        // A closed connection on node 1 frees a slot on node 2.
        on1.close();
        awaitConnections(on2, 1);
        WsTestClient again = connectWithToken(gateway2);
        awaitConnections(again, 2);
        assertRejected(gateway2);

        // A stopped node takes its connections' slots with it.
        gateway2.close().await(20, TimeUnit.SECONDS);
        gateway2 = null;
        WsTestClient first = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (first == null) {
            try {
                first = connectWithToken(gateway1);
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
        connectWithToken(gateway1);
        awaitConnections(first, 2);
        assertRejected(gateway1);
    }
}
