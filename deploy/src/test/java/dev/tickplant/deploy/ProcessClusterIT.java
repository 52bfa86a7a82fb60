package dev.tickplant.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real jar in four separate JVMs on loopback: simulator + ingest, normalizer, and two gateways. Proves the
 * stages find each other through Hazelcast and the clustered event bus, and that every gateway node serves the
 * same data for the same subscription.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ProcessClusterIT {
    private final List<JarProcess> processes = new ArrayList<>();
    private Vertx clientVertx;

    @AfterEach
    void stopAll() throws Exception {
        if (clientVertx != null) {
            clientVertx.close().await(10, TimeUnit.SECONDS);
        }
        for (JarProcess p : processes) {
            p.close();
        }
    }

    private static String config(JsonObject cluster, String name) {
        return new JsonObject()
                .put("nodeId", name)
                .put("management", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("gateway", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("cluster", cluster)
                .encode();
    }

    private JarProcess start(JsonObject cluster, String name, String roles) throws Exception {
        JarProcess p = JarProcess.start(name, roles, config(cluster, name));
        processes.add(p);
        return p;
    }

    @Test
    void shouldServeTicksFromEveryGatewayOfAFourProcessCluster() throws Exception {
        TestCluster cluster = TestCluster.named("tickplant-pit");
        // The first gateway forms the cluster; the others join through its Hazelcast port.
        JarProcess gateway1 = start(cluster.seed(), "gateway1", "gateway");
        gateway1.awaitReady(Duration.ofSeconds(60));
        JsonObject joining = cluster.joining(gateway1.clusterPort());
        JarProcess gateway2 = start(joining, "gateway2", "gateway");
        List<JarProcess> nodes = List.of(
                start(joining, "ingest", "simulator,ingest"),
                start(joining, "normalizer", "normalizer"),
                gateway2);
        for (JarProcess n : nodes) {
            n.awaitReady(Duration.ofSeconds(60));
        }
        clientVertx = Vertx.vertx();
        List<String> symbols = List.of("EURUSD", "AAPL", "0700.HK");
        try (WsTestClient first = WsTestClient.connect(clientVertx, gateway1.gatewayPort(), "/?token=demo");
                WsTestClient second = WsTestClient.connect(clientVertx, gateway2.gatewayPort(), "/?token=demo")) {
            for (WsTestClient c : List.of(first, second)) {
                c.send(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(symbols)));
            }
            for (WsTestClient c : List.of(first, second)) {
                Set<String> seen = new HashSet<>();
                while (seen.size() < symbols.size()) {
                    seen.add(c.await(m -> "tick".equals(m.getString("type")), Duration.ofSeconds(30))
                            .getString("symbol"));
                }
                assertEquals(new HashSet<>(symbols), seen);
            }
        }
    }
}
