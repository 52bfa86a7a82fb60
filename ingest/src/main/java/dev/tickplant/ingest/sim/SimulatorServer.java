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
 * (push, heartbeat, ping) cancelled on close, and running test hooks on the simulator's context. A simulator
 * creates it with its fields, registers its timers with {@link #every} and calls {@link #listen} from
 * {@code start()}; from then on it is confined to that verticle's context, except {@link #actualPort()} and
 * {@link #onContext}, which may be called from any thread.
 */
public final class SimulatorServer {
    private final String venue;
    private final Logger log;
    private final List<PeriodicTask> tasks = new ArrayList<>();
    private final List<Long> timers = new ArrayList<>();
    private Vertx vertx;
    private volatile Context context;
    private HttpServer server;
    private volatile int actualPort = -1;

    private record PeriodicTask(long periodMs, Runnable tick) {}

    /**
     * @param venue the venue id, for logs
     * @param log the simulator's logger, so its lifecycle is logged under the simulator's name
     */
    public SimulatorServer(String venue, Logger log) {
        this.venue = Objects.requireNonNull(venue, "venue");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The push timer period for {@code updatesPerSecond}, in ms and at least 1. */
    public static long periodMs(double updatesPerSecond) {
        return Math.max(1, Math.round(1000.0 / updatesPerSecond));
    }

    /** Runs {@code tick} every {@code periodMs} on the simulator's context, from {@link #listen} to {@link #close}. */
    public void every(long periodMs, Runnable tick) {
        tasks.add(new PeriodicTask(periodMs, tick));
    }

    /**
     * Starts the timers and listens on {@code host}:{@code port}.
     *
     * @param vertx the simulator verticle's Vert.x instance
     * @param context the simulator verticle's context; test hooks and timers run on it
     * @param port the port to bind, 0 for any free one (see {@link #actualPort()})
     * @param host the address to bind, such as a loopback address in tests
     * @param webSockets gets every WebSocket connection
     * @param requests gets plain HTTP requests (REST snapshots), or null if the venue serves none
     * @param config the simulator's config, logged once listening
     * @return the bound port
     */
    public Future<Integer> listen(Vertx vertx, Context context, int port, String host,
            Handler<ServerWebSocket> webSockets, Handler<HttpServerRequest> requests, Object config) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.context = Objects.requireNonNull(context, "context");
        tasks.forEach(t -> timers.add(vertx.setPeriodic(t.periodMs(), id -> t.tick().run())));
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

    /**
     * Runs {@code action} on the simulator's context; completes once it ran. Callable from any thread, once
     * {@link #listen} was called.
     */
    public Future<Void> onContext(Runnable action) {
        Context running = context;
        if (running == null) {
            return Future.failedFuture(new IllegalStateException(venue + " simulator not started"));
        }
        Promise<Void> done = Promise.promise();
        running.runOnContext(v -> {
            action.run();
            done.complete();
        });
        return done.future();
    }

    /** Cancels the timers, closes {@code sessions} and then the server; nothing to do if it never listened. */
    public Future<Void> close(VenueSessions<?> sessions) {
        if (vertx == null) {
            return Future.succeededFuture();
        }
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        sessions.closeAll();
        return server.close();
    }
}
