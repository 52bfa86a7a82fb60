package dev.tickplant.gateway.alltick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.gateway.FeedSubscriber;
import dev.tickplant.gateway.GatewayConfig;
import dev.tickplant.gateway.ManualClock;
import dev.tickplant.gateway.MarketFeeds;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AllTickSession} alone over a real loopback WebSocket with a short heartbeat timeout and a recording
 * {@link MarketFeeds}: a silent client is closed once the session's clock (moved by the test) passes the heartbeat
 * timeout, pings keep a client alive, and a closing client leaves every feed it joined.
 */
@ExtendWith(VertxExtension.class)
class AllTickSessionIT {
    private static final GatewayConfig CONFIG = GatewayConfig.fromJson(new JsonObject(), Map.of());

    /** Records joins and leaves. */
    private static final class RecordingFeeds implements MarketFeeds {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> left = new CompletableFuture<>();

        @Override
        public void join(Subscription s, FeedSubscriber subscriber) {
            events.add("join " + s.channel().wireName() + " " + s.spelling() + " " + s.levels());
        }

        @Override
        public void leave(Subscription s, FeedSubscriber subscriber) {
            events.add("leave " + s.channel().wireName() + " " + s.spelling());
            left.complete(null);
        }
    }

    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(400);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RecordingFeeds feeds = new RecordingFeeds();
    private final ManualClock clock = new ManualClock();
    private HttpServer server;
    private WebSocketClient client;
    private final LinkedBlockingQueue<JsonObject> replies = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();

    private WebSocket connect(Vertx vertx, String uri) throws Exception {
        server = vertx.createHttpServer().webSocketHandler(ws -> new AllTickSession(1, ws, true, vertx,
                TestInstruments.defaultRegistry(), feeds, CONFIG, clock, HEARTBEAT_TIMEOUT).start());
        int port = server.listen(0, "127.0.0.1").await().actualPort();
        client = vertx.createWebSocketClient();
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
                .map(socket -> {
                    // Set in the completion callback, on the event loop, before any frame is read.
                    socket.textMessageHandler(text -> replies.add(new JsonObject(text)));
                    socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
                    return socket;
                })
                .await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return ws;
    }

    private JsonObject nextReply() throws InterruptedException {
        JsonObject reply = replies.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(reply, "no reply within " + WAIT);
        return reply;
    }

    /**
     * Sends a request the session answers without touching its heartbeat or its feeds, and returns the answer: the
     * session closes on its event loop and the close frame goes out before any later reply, so an answer proves
     * the connection was still open after every check that ran before the request arrived.
     */
    private JsonObject marker(WebSocket ws, int seqId) throws InterruptedException {
        ws.writeTextMessage("{\"cmd_id\":12345,\"seq_id\":" + seqId + ",\"trace\":\"m\",\"data\":{}}");
        JsonObject reply = nextReply();
        assertFalse(closed.isDone(), "closed before answering the marker: " + reply.encode());
        assertEquals(seqId, reply.getInteger("seq_id"), reply.encode());
        return reply;
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
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldCloseSilentClientAfterHeartbeatTimeoutAndLeaveItsFeeds(Vertx vertx) throws Exception {
        WebSocket ws = connect(vertx, "/quote-stock-b-ws-api?token=any");
        ws.writeTextMessage("{\"cmd_id\":22002,\"seq_id\":1,\"trace\":\"t\",\"data\":{\"symbol_list\":"
                + "[{\"code\":\"700.HK\",\"depth_level\":10,},],},}");
        JsonObject subscribed = nextReply();
        assertEquals(22003, subscribed.getInteger("cmd_id"), subscribed.encode());

        // Just short of the timeout: once a check has seen that time (nothing else reads the clock while the client
        // is silent), the connection still answers.
        clock.advance(HEARTBEAT_TIMEOUT.minusMillis(1));
        clock.awaitReads(1, WAIT);
        marker(ws, 2);

        clock.advance(Duration.ofMillis(1));
        assertEquals((short) 1008, closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        // The session leaves its feeds in its own close handler, which may run a moment after the client's.
        feeds.left.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(List.of("join depth 700.HK 10", "leave depth 700.HK"), feeds.events);
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldTakeWebSocketPingsAsHeartbeats(Vertx vertx) throws Exception {
        WebSocket ws = connect(vertx, "/quote-b-ws-api?token=any");
        LinkedBlockingQueue<Buffer> pongs = new LinkedBlockingQueue<>();
        ws.pongHandler(pongs::add);
        // Four pings 300 ms apart on the session's clock: 1.2 s in all, three times the timeout, never 400 ms
        // without a heartbeat.
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMillis(300));
            ws.writePing(Buffer.buffer("p" + i)).await();
            // Vert.x answers the ping when it reads it, in the same turn that hands it to the session.
            assertNotNull(pongs.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "no pong for ping " + i);
            // Besides the ping, a periodic check has seen this time.
            clock.awaitReads(2, WAIT);
        }
        marker(ws, 5);
        ws.writeTextMessage("{\"cmd_id\":22000,\"seq_id\":6,\"trace\":\"t\"}");
        JsonObject heartbeat = nextReply();
        assertEquals(22001, heartbeat.getInteger("cmd_id"), heartbeat.encode());
        assertFalse(closed.isDone(), "closed although pinging");
    }
}
