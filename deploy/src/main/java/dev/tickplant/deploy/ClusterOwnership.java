package dev.tickplant.deploy;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each unit of work (a venue feed, a normalizer partition) deployed on exactly one node of the cluster that
 * has the given role: the rendezvous owner among the live members whose node metadata lists that role. Every node
 * polls the Hazelcast member list and deploys what it now owns and undeploys what it lost, so when a node dies
 * its work moves to the survivors within a poll period after Hazelcast notices (well under a second for a killed
 * process on loopback; {@code maxNoHeartbeatSeconds} for a hung one).
 *
 * <p>Polling rather than a membership listener: Vert.x's cluster manager holds one listener, the event bus's own.
 * Confined to the event loop of the context that started it.
 */
final class ClusterOwnership {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterOwnership.class);
    /** Node metadata key listing the roles of a node (set on the event bus options at start-up). */
    static final String ROLES = "roles";

    private final Vertx vertx;
    private final ClusterManager cluster;
    private final NodeRole role;
    private final Map<String, Supplier<Deployable>> work;
    private final long pollMs;
    private final Map<String, Set<String>> rolesByNode = new HashMap<>();
    private final Map<String, String> deployments = new HashMap<>();
    private final Set<String> busy = new TreeSet<>();
    private long timer = -1;

    ClusterOwnership(Vertx vertx, ClusterManager cluster, NodeRole role, Map<String, Supplier<Deployable>> work,
            long pollMs) {
        this.vertx = vertx;
        this.cluster = cluster;
        this.role = role;
        this.work = Map.copyOf(work);
        this.pollMs = pollMs;
    }

    /** Runs the first assignment, then keeps polling. Completes once this node deployed what it owns now. */
    Future<Void> start() {
        return poll().onComplete(ar -> timer = vertx.setPeriodic(pollMs, id -> poll()));
    }

    /** Stops polling; what is deployed stays until Vert.x closes. */
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Keys this node runs now. */
    Set<String> owned() {
        return new TreeSet<>(deployments.keySet());
    }

    private Future<Void> poll() {
        List<String> nodes = cluster.getNodes();
        rolesByNode.keySet().retainAll(nodes);
        List<Future<Void>> lookups = new ArrayList<>();
        for (String node : nodes) {
            if (!rolesByNode.containsKey(node)) {
                lookups.add(lookupRoles(node));
            }
        }
        return Future.join(lookups).transform(ar -> rebalance(nodes));
    }

    private Future<Void> lookupRoles(String node) {
        Promise<NodeInfo> info = Promise.promise();
        cluster.getNodeInfo(node, info);
        return info.future().map(nodeInfo -> {
            Set<String> roles = new TreeSet<>();
            JsonArray list = nodeInfo == null || nodeInfo.metadata() == null ? null
                    : nodeInfo.metadata().getJsonArray(ROLES);
            if (list != null) {
                list.forEach(r -> roles.add(String.valueOf(r)));
                rolesByNode.put(node, roles); // a node without metadata yet is asked again next time
            }
            return (Void) null;
        }).recover(err -> {
            LOG.debug("node info of {} not available yet", node, err);
            return Future.succeededFuture();
        });
    }

    private Future<Void> rebalance(List<String> nodes) {
        List<String> candidates = new ArrayList<>();
        for (String node : nodes) {
            Set<String> roles = rolesByNode.get(node);
            if (roles != null && roles.contains(role.name())) {
                candidates.add(node);
            }
        }
        String self = cluster.getNodeId();
        if (!candidates.contains(self)) {
            candidates.add(self); // our own metadata may not be readable yet, but we certainly have the role
        }
        List<Future<?>> changes = new ArrayList<>();
        for (Map.Entry<String, Supplier<Deployable>> e : work.entrySet()) {
            String key = e.getKey();
            if (busy.contains(key)) {
                continue;
            }
            boolean mine = self.equals(Rendezvous.owner(key, candidates));
            String deployment = deployments.get(key);
            if (mine && deployment == null) {
                busy.add(key);
                changes.add(vertx.deployVerticle(e.getValue().get())
                        .onSuccess(id -> {
                            deployments.put(key, id);
                            LOG.info("took over {} {} (candidates={})", role.name().toLowerCase(), key, candidates.size());
                        })
                        .onFailure(err -> LOG.warn("could not start {} {}", role.name().toLowerCase(), key, err))
                        .onComplete(ar -> busy.remove(key)));
            } else if (!mine && deployment != null) {
                busy.add(key);
                changes.add(vertx.undeploy(deployment)
                        .onComplete(ar -> {
                            deployments.remove(key);
                            busy.remove(key);
                            LOG.info("handed over {} {}", role.name().toLowerCase(), key);
                        }));
            }
        }
        return Future.join(changes).mapEmpty();
    }
}
