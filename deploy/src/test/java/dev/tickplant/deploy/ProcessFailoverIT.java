package dev.tickplant.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kill -9 in a cluster of real processes: two ingest nodes (each with its own venue simulators), two normalizer
 * nodes and a gateway. Killing the node that runs the EURUSD feed, then the node that owns EURUSD's partition, must
 * each be followed by ticks again within a few seconds. The measured gaps are logged.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ProcessFailoverIT {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessFailoverIT.class);
    private static final String FEED = "alltick/alltick-fx";
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

    private JarProcess start(JsonObject cluster, String name, String roles) throws Exception {
        String config = new JsonObject()
                .put("nodeId", name)
                .put("management", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("gateway", new JsonObject().put("host", "127.0.0.1").put("port", 0)
                        .put("demandIntervalMs", 1000).put("demandTtlMs", 3000))
                .put("cluster", cluster)
                .encode();
        JarProcess p = JarProcess.start(name, roles, config);
        processes.add(p);
        return p;
    }

    /** The process whose readiness report lists {@code work} as owned. */
    private static JarProcess owner(List<JarProcess> candidates, String work) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (JarProcess p : candidates) {
                JsonObject report = p.readiness();
                if (report != null && report.getJsonArray("owned", new JsonArray()).contains(work)) {
                    return p;
                }
            }
            Thread.sleep(100);
        }
        return null;
    }

    /**
     * Waits for the next tick after {@code since}, collecting the status messages that arrive on the way, and returns
     * how long after {@code since} the tick came.
     */
    private static long nextTickAfter(WsTestClient ws, long since, List<JsonObject> statuses) throws Exception {
        while (true) {
            JsonObject m = ws.next(Duration.ofSeconds(30));
            long now = System.nanoTime();
            if ("status".equals(m.getString("type"))) {
                statuses.add(m);
            } else if ("tick".equals(m.getString("type")) && now > since) {
                assertEquals("EURUSD", m.getString("symbol"));
                return TimeUnit.NANOSECONDS.toMillis(now - since);
            }
        }
    }

    @Test
    void shouldResumeTicksWithAFailoverStatusAfterKillingTheIngestNodeAndThenTheNormalizerNode() throws Exception {
        TestCluster cluster = TestCluster.named("tickplant-fail");
        // The gateway is never killed: it forms the cluster, and the others join through its Hazelcast port.
        JarProcess gateway = start(cluster.seed(), "gateway", "gateway");
        gateway.awaitReady(Duration.ofSeconds(90));
        JsonObject joining = cluster.joining(gateway.clusterPort());
        List<JarProcess> ingest = List.of(start(joining, "ingest-1", "simulator,ingest"),
                start(joining, "ingest-2", "simulator,ingest"));
        List<JarProcess> normalizers = List.of(start(joining, "normalizer-1", "normalizer"),
                start(joining, "normalizer-2", "normalizer"));
        for (JarProcess p : processes) {
            p.awaitReady(Duration.ofSeconds(90));
        }
        int gatewayPort = gateway.gatewayPort();
        clientVertx = Vertx.vertx();
        try (WsTestClient ws = WsTestClient.connect(clientVertx, gatewayPort, "/?token=demo")) {
            ws.send(new JsonObject().put("type", "subscribe").put("symbol", "EURUSD")
                    .put("channels", new JsonArray(List.of("tick", "status"))));
            ws.await(m -> "tick".equals(m.getString("type")), Duration.ofSeconds(30));

            JarProcess feedOwner = owner(ingest, FEED);
            assertNotNull(feedOwner, "no ingest node reports owning " + FEED);
            long killed = System.nanoTime();
            feedOwner.kill();
            // Drain what was already in flight, then time the first tick the surviving node produces.
            List<JsonObject> statuses = new ArrayList<>();
            long ingestGapMs = nextTickAfter(ws, killed + TimeUnit.MILLISECONDS.toNanos(300), statuses);
            assertTrue(statuses.stream().anyMatch(st -> st.getString("reason", "").contains("failed over")),
                    "no failover status between the kill and the resumed ticks: " + statuses);
            JarProcess survivor = ingest.get(0) == feedOwner ? ingest.get(1) : ingest.get(0);
            assertEquals(survivor, owner(List.of(survivor), FEED));
            LOG.info("MEASURED ingest failover: first EURUSD tick {} ms after kill -9 of the feed's node",
                    ingestGapMs + 300);

            String partition = "partition-" + dev.tickplant.common.bus.Partitions.of("EURUSD", 8);
            JarProcess partitionOwner = owner(normalizers, partition);
            assertNotNull(partitionOwner, "no normalizer reports owning " + partition);
            killed = System.nanoTime();
            partitionOwner.kill();
            long normalizerGapMs = nextTickAfter(ws, killed + TimeUnit.MILLISECONDS.toNanos(300), new ArrayList<>());
            LOG.info("MEASURED normalizer failover: first EURUSD tick {} ms after kill -9 of the partition owner",
                    normalizerGapMs + 300);
            assertTrue(gateway.readiness() != null, "gateway survived");
        }
    }
}
