package dev.tickplant.gateway;

import dev.tickplant.common.symbol.InstrumentRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Deploys a gateway verticle on loopback for a test, with quick demand and snapshot timings. */
final class TestGateways {
    private TestGateways() {}

    /** Deploys a gateway with the test defaults and {@code overrides} applied; returns the port it listens on. */
    static int deploy(Vertx vertx, InstrumentRegistry registry, int partitions, String nodeId, JsonObject overrides) {
        JsonObject json = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("demandCoalesceMs", 10)
                .put("snapshotTimeoutMs", 1000).put("snapshotRetryMinMs", 50).put("snapshotRetryMaxMs", 200)
                .mergeIn(overrides);
        GatewayVerticle verticle = new GatewayVerticle(GatewayConfig.fromJson(json, Map.of()), registry, partitions,
                nodeId, new SimpleMeterRegistry());
        vertx.deployVerticle(verticle).await();
        return verticle.actualPort();
    }
}
