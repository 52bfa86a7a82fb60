package dev.tickplant.deploy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node with every role in this JVM, as the README's run command starts it but on ports it picks itself, plus a
 * separate Vertx for the test's clients (so client and server never share an event loop).
 */
final class InJvmNode implements AutoCloseable {
    final TickplantNode node;
    final Vertx clients;

    private InJvmNode(TickplantNode node, Vertx clients) {
        this.node = node;
        this.clients = clients;
    }

    /** Starts the embedded default config with loopback ports chosen by the OS and {@code overrides} applied. */
    static InJvmNode start(JsonObject overrides) throws Exception {
        JsonObject config = TickplantNode.merge(new JsonObject()
                .put("management", new JsonObject().put("port", 0))
                .put("gateway", new JsonObject().put("port", 0).put("host", "127.0.0.1")), overrides);
        TickplantNode node = TickplantNode.start(new LaunchOptions(null, EnumSet.allOf(NodeRole.class), false),
                config, Map.of()).await(30, TimeUnit.SECONDS);
        return new InJvmNode(node, Vertx.vertx());
    }

    /** The body of a GET on the management port, e.g. {@code /metrics}. */
    String management(String path) throws Exception {
        HttpClient http = clients.createHttpClient();
        try {
            Buffer body = http.request(HttpMethod.GET, node.managementPort(), "127.0.0.1", path)
                    .compose(r -> r.send().compose(HttpClientResponse::body)).await(10, TimeUnit.SECONDS);
            return body.toString();
        } finally {
            http.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        try {
            clients.close().await(10, TimeUnit.SECONDS);
            node.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("node did not stop cleanly", e);
        }
    }
}
