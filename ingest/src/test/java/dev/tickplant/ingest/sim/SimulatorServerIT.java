package dev.tickplant.ingest.sim;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The shared simulator plumbing, driven by a minimal echo "venue". */
@ExtendWith(VertxExtension.class)
class SimulatorServerIT {
    /** The smallest simulator: pushes "tick" to every writable client on each timer tick. */
    private static final class TickingSimulator extends VerticleBase {
        final VenueSessions<SimulatorSession> sessions = new VenueSessions<>();
        final AtomicInteger ticks = new AtomicInteger();
        final SimulatorServer server = new SimulatorServer("test", LoggerFactory.getLogger(TickingSimulator.class));

        @Override
        public Future<?> start() {
            server.every(SimulatorServer.periodMs(50), this::tick);
            return server.listen(vertx, context, 0, "127.0.0.1", this::onConnect, null, "test config");
        }

        @Override
        public Future<?> stop() {
            return server.close(sessions);
        }

        private void onConnect(ServerWebSocket ws) {
            SimulatorSession session = new SimulatorSession(sessions.nextId(), ws);
            sessions.add(session);
            ws.closeHandler(v -> sessions.remove(session));
        }

        private void tick() {
            ticks.incrementAndGet();
            for (SimulatorSession s : sessions.all()) {
                if (s.writable()) {
                    s.socket().writeTextMessage("tick");
                }
            }
        }
    }

    private TickingSimulator simulator;
    private WebSocketClient wsClient;

    @BeforeEach
    void setUp(Vertx vertx, VertxTestContext ctx) {
        wsClient = vertx.createWebSocketClient();
        simulator = new TickingSimulator();
        vertx.deployVerticle(simulator).onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void closeClient(VertxTestContext ctx) {
        wsClient.close().onComplete(ctx.succeedingThenComplete());
    }

    private Future<WebSocket> connect() {
        return wsClient.connect(simulator.server.actualPort(), "127.0.0.1", "/");
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldCountConnectionsAndDropThemWithGoingAway(Vertx vertx, VertxTestContext ctx) {
        AtomicInteger closeCode = new AtomicInteger();
        assertTrue(simulator.server.actualPort() > 0);
        connect().compose(first -> {
            first.closeHandler(v -> closeCode.set(first.closeStatusCode() == null ? -1 : first.closeStatusCode()));
            return connect();
        }).compose(second -> until(vertx, 5_000, () -> simulator.sessions.open() == 2,
                        () -> "open=" + simulator.sessions.open()))
                .compose(v -> simulator.server.onContext(simulator.sessions::dropAll))
                .compose(v -> until(vertx, 5_000, () -> simulator.sessions.open() == 0 && closeCode.get() != 0,
                        () -> "open=" + simulator.sessions.open() + " code=" + closeCode.get()))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(2, simulator.sessions.accepted());
                    assertEquals(VenueSessions.GOING_AWAY, closeCode.get());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldStopPushingToSilencedConnectionsOnly(Vertx vertx, VertxTestContext ctx) {
        AtomicInteger toMuted = new AtomicInteger();
        AtomicInteger toLater = new AtomicInteger();
        connect().compose(muted -> {
            muted.textMessageHandler(t -> toMuted.incrementAndGet());
            return until(vertx, 5_000, () -> toMuted.get() > 0, () -> "no tick");
        }).compose(v -> simulator.server.onContext(simulator.sessions::silenceAll)).compose(v -> {
            int before = toMuted.get();
            return connect().compose(later -> {
                later.textMessageHandler(t -> toLater.incrementAndGet());
                return until(vertx, 5_000, () -> toLater.get() > 3, () -> "later got " + toLater.get());
            }).map(x -> before);
        }).onComplete(ctx.succeeding(before -> ctx.verify(() -> {
            // One tick may have been in flight when the connection was silenced.
            assertTrue(toMuted.get() <= before + 1, "silenced connection still pushed: " + toMuted.get());
            ctx.completeNow();
        })));
    }
}
