package dev.tickplant.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Text and binary frames reach the listener; a listener for text only drops binary frames and goes on. */
@ExtendWith(VertxExtension.class)
class ReconnectingWebSocketIT {
    private static final byte[] BINARY = {0x1f, (byte) 0x8b, 0, 1, 2, (byte) 0xff};

    /** A server that sends a text frame, a binary frame, then a second text frame to every client. */
    private static Future<HttpServer> server(Vertx vertx) {
        return vertx.createHttpServer().webSocketHandler(ws -> {
            ws.writeTextMessage("first");
            ws.writeBinaryMessage(Buffer.buffer(BINARY));
            ws.writeTextMessage("last");
        }).listen(0, "127.0.0.1");
    }

    private static ReconnectingWebSocket socket(Vertx vertx, WebSocketClient client, int port,
            ReconnectingWebSocket.Listener listener) {
        Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.5);
        return new ReconnectingWebSocket(vertx, client,
                () -> new WebSocketConnectOptions().setAbsoluteURI("ws://127.0.0.1:" + port + "/"), backoff,
                () -> System.nanoTime() / 1_000_000L, listener, "test");
    }

    /** Collects text frames and, when {@code binaries} is not null, binary ones; stops everything after "last". */
    private static ReconnectingWebSocket.Listener listener(VertxTestContext ctx, WebSocketClient client,
            Promise<ReconnectingWebSocket> started, List<String> texts, List<byte[]> binaries) {
        return ReconnectingWebSocket.Listener.of(() -> { }, text -> {
            texts.add(text);
            if (text.equals("last")) {
                ctx.verify(() -> {
                    assertEquals(List.of("first", "last"), texts);
                    if (binaries != null) {
                        assertEquals(1, binaries.size());
                        assertArrayEquals(BINARY, binaries.get(0));
                    }
                });
                started.future().compose(ReconnectingWebSocket::stop)
                        .compose(x -> client.close())
                        .onComplete(ctx.succeedingThenComplete());
            }
        }, binaries == null ? null : data -> binaries.add(data.getBytes()), reason -> { });
    }

    private void run(Vertx vertx, VertxTestContext ctx, List<byte[]> binaries) throws Exception {
        HttpServer server = server(vertx).await(5, TimeUnit.SECONDS);
        WebSocketClient client = vertx.createWebSocketClient();
        Promise<ReconnectingWebSocket> started = Promise.promise();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            ReconnectingWebSocket socket = socket(vertx, client, server.actualPort(),
                    listener(ctx, client, started, new ArrayList<>(), binaries));
            socket.start();
            started.complete(socket);
        });
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldDeliverBinaryFramesToAListenerThatWantsThem(Vertx vertx, VertxTestContext ctx) throws Exception {
        run(vertx, ctx, new ArrayList<>());
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldDropBinaryFramesWhenTheListenerExpectsTextOnly(Vertx vertx, VertxTestContext ctx) throws Exception {
        run(vertx, ctx, null);
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldDropAndRemakeAConnectionThatStaysSilent(Vertx vertx, VertxTestContext ctx) throws Exception {
        HttpServer silent = vertx.createHttpServer().webSocketHandler(ws -> { }).listen(0, "127.0.0.1")
                .await(5, TimeUnit.SECONDS);
        WebSocketClient client = vertx.createWebSocketClient();
        AtomicLong nowMs = new AtomicLong(1_000);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(1), () -> 0.5);
        Context context = vertx.getOrCreateContext();
        ReconnectingWebSocket[] socket = new ReconnectingWebSocket[1];
        context.runOnContext(v -> {
            socket[0] = new ReconnectingWebSocket(vertx, client,
                    () -> new WebSocketConnectOptions().setAbsoluteURI("ws://127.0.0.1:" + silent.actualPort() + "/"),
                    backoff, nowMs::get, ReconnectingWebSocket.Listener.of(() -> {
                        events.add("open");
                        if (events.size() == 1) {
                            // The clock stands still: nothing is silent yet; then it moves past the timeout.
                            ctx.verify(() -> assertFalse(socket[0].dropIfSilent(500)));
                            nowMs.addAndGet(500);
                            ctx.verify(() -> assertTrue(socket[0].dropIfSilent(500)));
                        } else {
                            socket[0].stop().compose(x -> client.close()).onComplete(ctx.succeedingThenComplete());
                        }
                    }, text -> events.add("text"), reason -> events.add("closed: " + reason)), "silent-test");
            socket[0].start();
        });
        ctx.awaitCompletion(8, TimeUnit.SECONDS);
        assertEquals(List.of("open", "closed: heartbeat timeout", "open"), events);
    }
}
