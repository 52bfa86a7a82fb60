package dev.tickplant.ingest.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * The server side every venue simulator shares: the HTTP/WebSocket server and its bound port, the periodic timers
 * (push, heartbeat, ping) cancelled on close, and running test hooks on the simulator's context. Created in the
 * simulator's {@code start()}, so it is bound to that verticle's context; {@link #actualPort()} may be read from any
 * thread.
 */
public final class SimulatorServer {
    private final Vertx vertx;
    private final Context context;
    private final String venue;
    private final Logger log;
    private final List<Long> timers = new ArrayList<>();
    private HttpServer server;
    private volatile int actualPort = -1;

    /**
     * @param vertx the simulator verticle's Vert.x instance
     * @param context the simulator verticle's context; test hooks and timers run on it
     * @param venue the venue id, for logs
     * @param log the simulator's logger, so its lifecycle is logged under the simulator's name
     */
    public SimulatorServer(Vertx vertx, Context context, String venue, Logger log) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.context = Objects.requireNonNull(context, "context");
        this.venue = Objects.requireNonNull(venue, "venue");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The push timer period for {@code updatesPerSecond}, in ms and at least 1. */
    public static long periodMs(double updatesPerSecond) {
        return Math.max(1, Math.round(1000.0 / updatesPerSecond));
    }

    /** Runs {@code tick} every {@code periodMs} on the simulator's context until {@link #close}. */
    public void every(long periodMs, Runnable tick) {
        timers.add(vertx.setPeriodic(periodMs, id -> tick.run()));
    }

    /**
     * Listens on {@code host}:{@code port} ({@code port} 0 for any free port).
     *
     * @param webSockets gets every WebSocket connection
     * @param requests gets plain HTTP requests (REST snapshots), or null if the venue serves none
     * @param config the simulator's config, logged once listening
     * @return the bound port
     */
    public Future<Integer> listen(int port, String host, Handler<ServerWebSocket> webSockets,
            Handler<HttpServerRequest> requests, Object config) {
        server = vertx.createHttpServer().webSocketHandler(webSockets);
        if (requests != null) {
            server.requestHandler(requests);
        }
        return server.listen(port, host).map(s -> {
            actualPort = s.actualPort();
            log.info("{} simulator listening on {}:{} ({})", venue, host, actualPort, config);
            return actualPort;
        });
    }

    /** The bound port, or -1 before the server listens. */
    public int actualPort() {
        return actualPort;
    }

    /** Runs {@code action} on the simulator's context; completes once it ran. Callable from any thread. */
    public Future<Void> onContext(Runnable action) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            action.run();
            done.complete();
        });
        return done.future();
    }

    /** Cancels the timers, closes {@code sessions} and then the server. */
    public Future<Void> close(VenueSessions<?> sessions) {
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        sessions.closeAll();
        return server == null ? Future.succeededFuture() : server.close();
    }
}
