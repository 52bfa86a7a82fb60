package dev.tickplant.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * The {@code cluster} settings of a test cluster that cannot collide with anything else on the machine: a unique
 * name, and every member binds Hazelcast to port 0 so the OS picks a free port. The first member (the seed) has an
 * empty member list and forms the cluster alone; the others join through the port the seed reports
 * ({@link TickplantNode#clusterPort()}, or its ready line for a separate process). A fixed port range, even one per
 * test class, is raced by every other test JVM on the machine: when another run holds it, Hazelcast moves on to a
 * port outside the member list and the nodes never find each other.
 */
final class TestCluster {
    final String name;

    private TestCluster(String name) {
        this.name = name;
    }

    /** A cluster named {@code prefix} plus a random suffix. */
    static TestCluster named(String prefix) {
        return new TestCluster(prefix + "-" + UUID.randomUUID());
    }

    /** Settings of the first member: no one to join yet. */
    JsonObject seed() {
        return settings(List.of());
    }

    /** Settings of a member that joins through the seed's Hazelcast port. */
    JsonObject joining(int seedPort) {
        if (seedPort <= 0) {
            throw new IllegalArgumentException("the seed reported no cluster port: " + seedPort);
        }
        return settings(List.of("127.0.0.1:" + seedPort));
    }

    private JsonObject settings(List<String> members) {
        return new JsonObject().put("name", name).put("host", "127.0.0.1").put("port", 0)
                .put("members", new JsonArray(members));
    }
}
