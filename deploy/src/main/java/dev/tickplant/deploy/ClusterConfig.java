package dev.tickplant.deploy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hazelcast settings for {@code -cluster}: TCP-IP join (loopback by default), multicast and phone-home off, and the
 * join/heartbeat timings in docs/ARCHITECTURE.md, section 12 (a node joins in 1-2 s; a killed node is noticed in
 * well under a second, a hung one after {@code maxNoHeartbeatSeconds}).
 *
 * @param clusterName nodes only join a cluster of the same name
 * @param host interface Hazelcast and the event bus bind to
 * @param port first Hazelcast port; the next {@code portCount - 1} are tried if it is taken. 0 lets the OS pick a
 *     free port (the node logs it in its ready line), for nodes that must not collide with anything else on the
 *     machine, such as test clusters; the other members then join through that port
 * @param members TCP-IP member list, {@code host:port} each (Hazelcast 5.3 does not accept port ranges here)
 * @param kubernetesServiceDns when set, members are discovered through this headless Service's DNS name
 *     (Hazelcast's built-in Kubernetes discovery, DNS lookup mode) instead of the TCP-IP list
 * @param publicHost the address other nodes reach this node's event bus at, when {@code host} is a wildcard
 *     (a pod IP in Kubernetes); null means {@code host}
 */
public record ClusterConfig(String clusterName, String host, int port, int portCount, List<String> members,
        int heartbeatSeconds, int maxNoHeartbeatSeconds, String kubernetesServiceDns, String publicHost) {
    public static final String DEFAULT_CLUSTER_NAME = "tickplant";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5701;
    public static final int DEFAULT_PORT_COUNT = 10;
    public static final List<String> DEFAULT_MEMBERS = List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703");
    public static final int DEFAULT_HEARTBEAT_SECONDS = 1;
    public static final int DEFAULT_MAX_NO_HEARTBEAT_SECONDS = 5;

    public ClusterConfig {
        members = List.copyOf(members);
        for (String m : members) {
            if (!m.matches("[^:\\s]+:\\d+")) {
                throw new IllegalArgumentException("cluster member '" + m + "' must be host:port");
            }
        }
        if (port < 0 || portCount <= 0) {
            throw new IllegalArgumentException("cluster port must be 0 or positive and portCount positive");
        }
    }

    /**
     * Keys of the {@code cluster} config object: {@code name}, {@code host}, {@code port}, {@code portCount},
     * {@code members} (array), {@code heartbeatSeconds}, {@code maxNoHeartbeatSeconds}, {@code
     * kubernetesServiceDns}, {@code publicHost}. The environment variables {@code TICKPLANT_CLUSTER_MEMBERS}
     * (comma-separated), {@code TICKPLANT_K8S_SERVICE_DNS} and {@code TICKPLANT_CLUSTER_PUBLIC_HOST} override them.
     */
    public static ClusterConfig fromJson(JsonObject json, Map<String, String> env) {
        List<String> members = new ArrayList<>();
        String fromEnv = env.get("TICKPLANT_CLUSTER_MEMBERS");
        if (fromEnv != null && !fromEnv.isBlank()) {
            for (String m : fromEnv.split(",")) {
                if (!m.isBlank()) {
                    members.add(m.trim());
                }
            }
        } else {
            JsonArray list = json.getJsonArray("members");
            if (list == null) {
                members.addAll(DEFAULT_MEMBERS);
            } else {
                list.forEach(m -> members.add(String.valueOf(m)));
            }
        }
        return new ClusterConfig(json.getString("name", DEFAULT_CLUSTER_NAME), json.getString("host", DEFAULT_HOST),
                json.getInteger("port", DEFAULT_PORT), json.getInteger("portCount", DEFAULT_PORT_COUNT), members,
                json.getInteger("heartbeatSeconds", DEFAULT_HEARTBEAT_SECONDS),
                json.getInteger("maxNoHeartbeatSeconds", DEFAULT_MAX_NO_HEARTBEAT_SECONDS),
                env.getOrDefault("TICKPLANT_K8S_SERVICE_DNS", json.getString("kubernetesServiceDns")),
                env.getOrDefault("TICKPLANT_CLUSTER_PUBLIC_HOST", json.getString("publicHost")));
    }

    /** The Hazelcast configuration, starting from vertx-hazelcast's defaults (which carry its map settings). */
    public Config toHazelcast() {
        Config cfg = ConfigUtil.loadConfig();
        cfg.setClusterName(clusterName);
        cfg.setProperty("hazelcast.phone.home.enabled", "false");
        cfg.setProperty("hazelcast.logging.type", "slf4j");
        cfg.setProperty("hazelcast.socket.bind.any", "false");
        cfg.setProperty("hazelcast.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(heartbeatSeconds));
        cfg.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(maxNoHeartbeatSeconds));
        cfg.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        cfg.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        cfg.getJetConfig().setEnabled(false);
        NetworkConfig net = cfg.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(true).setPortCount(portCount);
        if (publicHost != null && !publicHost.isBlank()) {
            net.setPublicAddress(publicHost);
        }
        if (!host.equals("0.0.0.0")) {
            net.getInterfaces().setEnabled(true).addInterface(host);
        }
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (kubernetesServiceDns != null && !kubernetesServiceDns.isBlank()) {
            // In Kubernetes pods come and go with new addresses: discover them through the headless Service.
            net.getInterfaces().setEnabled(false);
            join.getTcpIpConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", kubernetesServiceDns);
        } else {
            join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1).setMembers(members);
        }
        return cfg;
    }
}
