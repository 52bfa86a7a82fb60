package dev.tickplant.deploy;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.function.Supplier;

/**
 * Serves the operations endpoints of a node: {@code /health/live} (the process answers), {@code /health/ready}
 * (503 until the node has joined its cluster and deployed its verticles) and Prometheus {@code /metrics}.
 */
public final class ManagementVerticle extends VerticleBase {
    private final ManagementConfig config;
    private final PrometheusMeterRegistry registry;
    private final Supplier<JsonObject> readiness;
    private HttpServer server;

    /**
     * @param readiness returns the readiness report; a {@code ready} field of true makes {@code /health/ready} 200
     */
    public ManagementVerticle(ManagementConfig config, PrometheusMeterRegistry registry,
            Supplier<JsonObject> readiness) {
        this.config = config;
        this.registry = registry;
        this.readiness = readiness;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(ctx -> {
            JsonObject report = readiness.get();
            boolean ready = report.getBoolean("ready", false);
            ctx.response().setStatusCode(ready ? 200 : 503);
            ctx.json(report.put("status", ready ? "UP" : "DOWN"));
        });
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(config.port(), config.host())
                .onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The bound port, once started. */
    public int actualPort() {
        return server.actualPort();
    }
}
