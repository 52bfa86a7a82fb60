package dev.tickplant.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void shouldRunAllRolesLocallyByDefault() {
        LaunchOptions o = LaunchOptions.parse();
        assertEquals(EnumSet.allOf(NodeRole.class), o.roles());
        assertFalse(o.clustered());
        assertEquals(null, o.configFile());
    }

    @Test
    void shouldParseRolesConfigAndCluster() {
        LaunchOptions o = LaunchOptions.parse("-conf", "x.json", "--roles", "ingest, normalizer", "-cluster");
        assertEquals(EnumSet.of(NodeRole.INGEST, NodeRole.NORMALIZER), o.roles());
        assertTrue(o.clustered());
        assertEquals(Path.of("x.json"), o.configFile());
    }

    @Test
    void shouldRejectBadOptionsWithAMessage() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("-roles", "cook"))
                .getMessage().contains("cook"));
        assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("-conf"));
        assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("-bogus"));
    }

    @Test
    void shouldTakeClusterMembersFromEnvironment() {
        ClusterConfig c = ClusterConfig.fromJson(new JsonObject(), Map.of("TICKPLANT_CLUSTER_MEMBERS",
                "127.0.0.2:5701, 127.0.0.3:5701"));
        assertEquals(List.of("127.0.0.2:5701", "127.0.0.3:5701"), c.members());
        assertEquals(ClusterConfig.DEFAULT_MEMBERS, ClusterConfig.fromJson(new JsonObject(), Map.of()).members());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.fromJson(
                new JsonObject().put("members", List.of("127.0.0.1:5701-5703")), Map.of()));
    }

    @Test
    void shouldLetTheOsPickTheHazelcastPortWhenPortIsZero() {
        ClusterConfig c = ClusterConfig.fromJson(new JsonObject().put("port", 0).put("members", List.of()), Map.of());
        assertEquals(0, c.toHazelcast().getNetworkConfig().getPort());
        assertEquals(List.of(), c.members());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.fromJson(new JsonObject().put("port", -1),
                Map.of()));
    }

    @Test
    void shouldMergeOverridesIntoEmbeddedDefault() {
        JsonObject merged = TickplantNode.mergedConfig(new JsonObject().put("gateway", new JsonObject()
                .put("port", 0)).put("partitionCount", 4));
        assertEquals(0, merged.getJsonObject("gateway").getInteger("port"));
        assertEquals("0.0.0.0", merged.getJsonObject("gateway").getString("host"));
        assertEquals(4, merged.getInteger("partitionCount"));
        assertEquals(2, merged.getJsonObject("ingest").getJsonArray("alltick").size());
    }

    @Test
    void shouldSwitchToKubernetesDiscoveryWhenAServiceIsNamed() {
        ClusterConfig k8s = ClusterConfig.fromJson(new JsonObject(), Map.of("TICKPLANT_K8S_SERVICE_DNS",
                "tickplant-hz.md.svc.cluster.local"));
        var join = k8s.toHazelcast().getNetworkConfig().getJoin();
        assertTrue(join.getKubernetesConfig().isEnabled());
        assertEquals("tickplant-hz.md.svc.cluster.local", join.getKubernetesConfig().getProperty("service-dns"));
        assertFalse(join.getTcpIpConfig().isEnabled());
        var tcp = ClusterConfig.fromJson(new JsonObject(), Map.of()).toHazelcast().getNetworkConfig().getJoin();
        assertTrue(tcp.getTcpIpConfig().isEnabled());
        assertFalse(tcp.getMulticastConfig().isEnabled());
        assertFalse(tcp.getKubernetesConfig().isEnabled());
    }

    @Test
    void shouldApplyTheLiveProfileAndResolveEnvironmentReferences() {
        LaunchOptions o = LaunchOptions.parse("-profile", "live");
        assertEquals("live", o.profile());
        JsonObject merged = TickplantNode.resolveEnv(TickplantNode.mergedConfig(TickplantNode.profile("live")),
                Map.of("ALLTICK_TOKEN", "secret"));
        assertFalse(merged.getJsonObject("simulators").getJsonObject("alltick").getBoolean("enabled"));
        JsonObject stock = merged.getJsonObject("ingest").getJsonArray("alltick").getJsonObject(0);
        assertEquals("secret", stock.getString("token"));
        assertTrue(stock.getString("wsUri").startsWith("wss://"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TickplantNode.resolveEnv(TickplantNode.profile("live"), Map.of()));
        assertTrue(missing.getMessage().contains("ALLTICK_TOKEN"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TickplantNode.profile("../etc"));
    }
}
