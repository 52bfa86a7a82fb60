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
 * each be followed by ticks again, the first with a status saying the feed failed over. The measured gaps are logged.
 *
 * <p>A tick counts as resumed only when its venue time is later than the moment the killed process was gone: the
 * simulators stamp ticks with the wall clock they are made at, so such a tick cannot have come from the dead node.
 * Ticks the dead node made before it died may still reach the client long after the kill on a busy machine.
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
     * Waits for the first tick made after {@code goneMillis} (epoch ms, venue time), collecting the status messages
     * that arrive on the way, and returns it.
     */
    private static JsonObject firstTickMadeAfter(WsTestClient ws, long goneMillis, List<JsonObject> statuses)
            throws Exception {
        while (true) {
            JsonObject m = ws.next(Duration.ofSeconds(30));
            if ("status".equals(m.getString("type"))) {
                statuses.add(m);
            } else if ("tick".equals(m.getString("type")) && m.getLong("time") > goneMillis) {
                assertEquals("EURUSD", m.getString("symbol"));
                return m;
            }
        }
    }

    /** Only the one kill of a feed's node in this test can cause it. */
    private static boolean isFailover(JsonObject status) {
        return status.getString("reason", "").contains("failed over");
    }

    /** Kills {@code p} (kill -9) and returns the wall-clock time (epoch ms) once the process is gone. */
    private static long killAndWait(JarProcess p) throws InterruptedException {
        p.kill();
        return System.currentTimeMillis();
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
            long feedGone = killAndWait(feedOwner);
            List<JsonObject> statuses = new ArrayList<>();
            firstTickMadeAfter(ws, feedGone, statuses);
            long ingestGapMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            // The normalizer announces the failover with the new connector's first data, or at the latest once the
            // old connector has been silent for its failover threshold: read on until it has come.
            while (statuses.stream().noneMatch(ProcessFailoverIT::isFailover)) {
                statuses.add(ws.await(m -> "status".equals(m.getString("type")), Duration.ofSeconds(30)));
            }
            JsonObject failover = statuses.stream().filter(ProcessFailoverIT::isFailover).findFirst().orElseThrow();
            assertEquals("EURUSD", failover.getString("symbol"), failover.encode());
            assertEquals("alltick", failover.getString("venue"), failover.encode());
            JarProcess survivor = ingest.get(0) == feedOwner ? ingest.get(1) : ingest.get(0);
            assertEquals(survivor, owner(List.of(survivor), FEED));
            LOG.info("MEASURED ingest failover: first EURUSD tick made after the kill reached the client {} ms after "
                    + "kill -9 of the feed's node", ingestGapMs);

            String partition = "partition-" + dev.tickplant.common.bus.Partitions.of("EURUSD", 8);
            JarProcess partitionOwner = owner(normalizers, partition);
            assertNotNull(partitionOwner, "no normalizer reports owning " + partition);
            killed = System.nanoTime();
            long partitionGone = killAndWait(partitionOwner);
            firstTickMadeAfter(ws, partitionGone, new ArrayList<>());
            long normalizerGapMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            LOG.info("MEASURED normalizer failover: first EURUSD tick made after the kill reached the client {} ms "
                    + "after kill -9 of the partition owner", normalizerGapMs);
            assertTrue(gateway.readiness() != null, "gateway survived");
        }
    }
}
