package dev.tickplant.gateway.alltick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.gateway.FeedSubscriber;
import dev.tickplant.gateway.GatewayConfig;
import dev.tickplant.gateway.MarketFeeds;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AllTickSession} alone over a real loopback WebSocket with a short heartbeat timeout and a recording
 * {@link MarketFeeds}: the real clock closes a silent client, and a closing client leaves every feed it joined.
 */
@ExtendWith(VertxExtension.class)
class AllTickSessionIT {
    private static final GatewayConfig CONFIG = GatewayConfig.fromJson(new JsonObject(), Map.of());

    /** Records joins and leaves. */
    private static final class RecordingFeeds implements MarketFeeds {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void join(Subscription s, FeedSubscriber subscriber) {
            events.add("join " + s.channel().wireName() + " " + s.spelling() + " " + s.levels());
        }

        @Override
        public void leave(Subscription s, FeedSubscriber subscriber) {
            events.add("leave " + s.channel().wireName() + " " + s.spelling());
        }
    }

    private final RecordingFeeds feeds = new RecordingFeeds();
    private HttpServer server;
    private WebSocketClient client;

    private int startServer(Vertx vertx, Duration heartbeatTimeout) {
        server = vertx.createHttpServer().webSocketHandler(ws -> new AllTickSession(1, ws, true, vertx,
                TestInstruments.defaultRegistry(), feeds, CONFIG, System::nanoTime, heartbeatTimeout).start());
        return server.listen(0, "127.0.0.1").await().actualPort();
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close().await();
        }
        if (server != null) {
            server.close().await();
        }
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldCloseSilentClientAfterHeartbeatTimeoutAndLeaveItsFeeds(Vertx vertx, VertxTestContext ctx) {
        int port = startServer(vertx, Duration.ofMillis(400));
        client = vertx.createWebSocketClient();
        Checkpoint replied = ctx.checkpoint();
        long started = System.nanoTime();
        client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                        .setURI("/quote-stock-b-ws-api?token=any"))
                .onComplete(ctx.succeeding((WebSocket ws) -> {
                    ws.textMessageHandler(text -> ctx.verify(() -> {
                        assertEquals(22003, new JsonObject(text).getInteger("cmd_id"), text);
                        replied.flag();
                    }));
                    ws.closeHandler(v -> ctx.verify(() -> {
                        assertEquals((short) 1008, ws.closeStatusCode());
                        assertTrue(System.nanoTime() - started >= Duration.ofMillis(400).toNanos());
                        // Closing must release the feeds; the verify runs after the server's close handler.
                        vertx.setTimer(100, t -> ctx.verify(() -> {
                            assertEquals(List.of("join depth 700.HK 10", "leave depth 700.HK"), feeds.events);
                            ctx.completeNow();
                        }));
                    }));
                    ws.writeTextMessage("{\"cmd_id\":22002,\"seq_id\":1,\"trace\":\"t\",\"data\":{\"symbol_list\":"
                            + "[{\"code\":\"700.HK\",\"depth_level\":10,},],},}");
                }));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldTakeWebSocketPingsAsHeartbeats(Vertx vertx, VertxTestContext ctx) {
        int port = startServer(vertx, Duration.ofMillis(400));
        client = vertx.createWebSocketClient();
        client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                        .setURI("/quote-b-ws-api?token=any"))
                .onComplete(ctx.succeeding((WebSocket ws) -> {
                    long pinger = vertx.setPeriodic(100, t -> ws.writePing(io.vertx.core.buffer.Buffer.buffer("p")));
                    ws.closeHandler(v -> ctx.failNow("closed although pinging"));
                    ws.textMessageHandler(text -> ctx.verify(() -> {
                        assertEquals(22001, new JsonObject(text).getInteger("cmd_id"), text);
                        vertx.cancelTimer(pinger);
                        ws.closeHandler(null);
                        ctx.completeNow();
                    }));
                    // Well past the 400 ms timeout, the connection still answers.
                    vertx.setTimer(1_200, t -> ws.writeTextMessage("{\"cmd_id\":22000,\"seq_id\":2,\"trace\":\"t\"}"));
                }));
    }
}
