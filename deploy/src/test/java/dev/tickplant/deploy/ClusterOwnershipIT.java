package dev.tickplant.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two clustered nodes in one JVM, both able to run ingest and normalizer: every feed and every partition runs on
 * exactly one of them, and when one node's Vertx closes, the other takes over its work.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterOwnershipIT {
    private TickplantNode a;
    private TickplantNode b;

    private static JsonObject config(JsonObject cluster) {
        return new JsonObject()
                .put("partitionCount", 6)
                .put("management", new JsonObject().put("port", 0))
                .put("cluster", cluster);
    }

    @AfterEach
    void stop() throws Exception {
        if (a != null) {
            a.close().await(20, TimeUnit.SECONDS);
        }
        if (b != null) {
            b.close().await(20, TimeUnit.SECONDS);
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
    void shouldRunEveryFeedAndPartitionOnceAndMoveThemWhenANodeLeaves() throws Exception {
        TestCluster cluster = TestCluster.named("tickplant-own");
        EnumSet<NodeRole> roles = EnumSet.of(NodeRole.SIMULATOR, NodeRole.INGEST, NodeRole.NORMALIZER);
        a = TickplantNode.start(new LaunchOptions(null, roles, true), config(cluster.seed()), Map.of())
                .await(60, TimeUnit.SECONDS);
        b = TickplantNode.start(new LaunchOptions(null, roles, true), config(cluster.joining(a.clusterPort())),
                        Map.of())
                .await(60, TimeUnit.SECONDS);
        // The default config's 8 feeds and the 6 partitions of this test.
        Set<String> all = new HashSet<>(List.of("alltick/alltick-stock", "alltick/alltick-fx", "binance/binance",
                "okx/okx", "bybit/bybit", "kraken/kraken", "coinbase/coinbase", "htx/htx"));
        for (int p = 0; p < 6; p++) {
            all.add("partition-" + p);
        }
        // Once both nodes are up, the work must be split between them with no overlap and nothing missing.
        eventually(() -> {
            Set<String> onA = a.ownedWork();
            Set<String> onB = b.ownedWork();
            Set<String> overlap = new HashSet<>(onA);
            overlap.retainAll(onB);
            Set<String> union = new HashSet<>(onA);
            union.addAll(onB);
            return !onB.isEmpty() && overlap.isEmpty() && union.equals(all);
        }, "work split between a=" + a.ownedWork() + " and b=" + b.ownedWork());
        assertFalse(a.ownedWork().isEmpty());

        a.close().await(20, TimeUnit.SECONDS);
        a = null;
        eventually(() -> b.ownedWork().equals(all), "b takes over everything, has " + b.ownedWork());
    }
}
