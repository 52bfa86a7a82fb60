package dev.tickplant.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two clustered nodes in one JVM (Hazelcast on loopback): the gateway on one, simulator + ingest + normalizer on
 * the other. A client on the gateway node receives ticks only if demand, batches, snapshots and market data really
 * cross the clustered event bus through the binary codecs.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusteredPipelineIT {
    private TickplantNode gatewayNode;
    private TickplantNode pipelineNode;
    private Vertx clientVertx;

    /** Test clusters use their own name and free ports (see {@link TestCluster}). */
    private static JsonObject clusterOverrides(JsonObject cluster) {
        return new JsonObject()
                .put("management", new JsonObject().put("port", 0))
                .put("gateway", new JsonObject().put("port", 0).put("host", "127.0.0.1"))
                .put("simulators", new JsonObject().put("alltick", new JsonObject().put("enabled", true)
                        .put("port", 0).put("token", "simulator-token")))
                .put("cluster", cluster);
    }

    @AfterEach
    void stop() throws Exception {
        if (clientVertx != null) {
            clientVertx.close().await(10, TimeUnit.SECONDS);
        }
        if (gatewayNode != null) {
            gatewayNode.close().await(20, TimeUnit.SECONDS);
        }
        if (pipelineNode != null) {
            pipelineNode.close().await(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldDeliverTicksAcrossClusteredNodes() throws Exception {
        TestCluster cluster = TestCluster.named("tickplant-it");
        pipelineNode = TickplantNode.start(new LaunchOptions(null, EnumSet.of(NodeRole.SIMULATOR, NodeRole.INGEST,
                NodeRole.NORMALIZER), true), clusterOverrides(cluster.seed()), Map.of()).await(60, TimeUnit.SECONDS);
        gatewayNode = TickplantNode.start(new LaunchOptions(null, EnumSet.of(NodeRole.GATEWAY), true),
                clusterOverrides(cluster.joining(pipelineNode.clusterPort())), Map.of()).await(60, TimeUnit.SECONDS);
        assertTrue(gatewayNode.vertx().isClustered());
        assertEquals(-1, pipelineNode.gatewayPort());
        clientVertx = Vertx.vertx();
        try (WsTestClient ws = WsTestClient.connect(clientVertx, gatewayNode.gatewayPort(), "/?token=demo")) {
            assertEquals("welcome", ws.next(Duration.ofSeconds(10)).getString("type"));
            ws.send(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(List.of("EURUSD",
                    "700.HK"))));
            Set<String> seen = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.size() < 2 && System.nanoTime() < deadline) {
                JsonObject tick = ws.await(m -> "tick".equals(m.getString("type")), Duration.ofSeconds(30));
                seen.add(tick.getString("symbol"));
            }
            assertEquals(Set.of("EURUSD", "700.HK"), seen);
        }
    }
}
