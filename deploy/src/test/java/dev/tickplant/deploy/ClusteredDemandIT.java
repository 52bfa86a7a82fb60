package dev.tickplant.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.model.Demand;
import dev.tickplant.ingest.ws.DemandTracker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two gateway nodes and a pipeline node, clustered in one JVM: the ingest side sees the union of both gateways'
 * demand, and a gateway that stops takes its demand with it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusteredDemandIT {
    private TickplantNode pipeline;
    private TickplantNode gateway1;
    private TickplantNode gateway2;
    private Vertx clientVertx;

    private static JsonObject config(JsonObject cluster) {
        return new JsonObject()
                .put("management", new JsonObject().put("port", 0))
                .put("gateway", new JsonObject().put("port", 0).put("host", "127.0.0.1"))
                .put("cluster", cluster);
    }

    @AfterEach
    void stop() throws Exception {
        if (clientVertx != null) {
            clientVertx.close().await(10, TimeUnit.SECONDS);
        }
        for (TickplantNode n : new TickplantNode[] {gateway1, gateway2, pipeline}) {
            if (n != null) {
                n.close().await(20, TimeUnit.SECONDS);
            }
        }
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void shouldUnionDemandOfAllGatewaysAndReleaseAStoppedGatewaysDemand() throws Exception {
        TestCluster cluster = TestCluster.named("tickplant-demand");
        pipeline = TickplantNode.start(new LaunchOptions(null, EnumSet.of(NodeRole.SIMULATOR, NodeRole.INGEST,
                NodeRole.NORMALIZER), true), config(cluster.seed()), Map.of()).await(60, TimeUnit.SECONDS);
        JsonObject joining = cluster.joining(pipeline.clusterPort());
        // What every connector on the ingest node hears, tracked the way connectors track it.
        DemandTracker demand = new DemandTracker(System::currentTimeMillis);
        Object lock = new Object();
        pipeline.vertx().eventBus().<Demand>consumer(Addresses.INGEST_DEMAND, m -> {
            synchronized (lock) {
                demand.update(m.body());
            }
        }).completion().await(10, TimeUnit.SECONDS);
        gateway1 = TickplantNode.start(new LaunchOptions(null, EnumSet.of(NodeRole.GATEWAY), true), config(joining),
                Map.of()).await(60, TimeUnit.SECONDS);
        gateway2 = TickplantNode.start(new LaunchOptions(null, EnumSet.of(NodeRole.GATEWAY), true), config(joining),
                Map.of()).await(60, TimeUnit.SECONDS);
        clientVertx = Vertx.vertx();
        try (WsTestClient c1 = WsTestClient.connect(clientVertx, gateway1.gatewayPort(), "/?token=demo");
                WsTestClient c2 = WsTestClient.connect(clientVertx, gateway2.gatewayPort(), "/?token=demo")) {
            c1.send(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(List.of("EURUSD",
                    "AAPL"))));
            c2.send(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(List.of("AAPL",
                    "700.HK"))));
            eventually(() -> {
                synchronized (lock) {
                    return demand.union().containsAll(Set.of("EURUSD", "AAPL.US", "700.HK")) && demand.nodes() == 2;
                }
            }, "union of both gateways' demand");
            c2.await(m -> "tick".equals(m.getString("type")), Duration.ofSeconds(30));

            gateway2.close().await(20, TimeUnit.SECONDS);
            gateway2 = null;
            eventually(() -> {
                synchronized (lock) {
                    Set<String> union = demand.union();
                    // AAPL is still wanted by gateway 1; 700.HK was only gateway 2's.
                    return union.contains("AAPL.US") && union.contains("EURUSD") && !union.contains("700.HK");
                }
            }, "gateway 2's demand released");
            assertTrue(c1.await(m -> "tick".equals(m.getString("type")), Duration.ofSeconds(30)) != null);
        }
    }
}
