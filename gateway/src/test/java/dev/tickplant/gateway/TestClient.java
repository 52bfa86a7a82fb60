package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A blocking WebSocket test client: messages are queued as they arrive and read from the JUnit thread with a
 * timeout. Never call its blocking methods on an event loop.
 */
final class TestClient implements AutoCloseable {
    static final long WAIT_MS = 5_000;
    private static final String RAW = "__raw";

    private final WebSocketClient client;
    private final WebSocket ws;
    private final LinkedBlockingQueue<JsonObject> inbox;
    private final CompletableFuture<Short> closed;
    /** The text of the message last returned, as sent (JSON parsing drops trailing zeros of numbers). */
    String lastRaw;
    /** Ticks skipped by {@link #nextControl()}, in arrival order. */
    final List<JsonObject> skippedTicks = new ArrayList<>();

    private TestClient(WebSocketClient client, WebSocket ws, LinkedBlockingQueue<JsonObject> inbox,
            CompletableFuture<Short> closed) {
        this.client = client;
        this.ws = ws;
        this.inbox = inbox;
        this.closed = closed;
    }

    /** Connects to {@code uri} (path and query) on 127.0.0.1. */
    static TestClient connect(Vertx vertx, int port, String uri) {
        // A short closing timeout, so closing a paused (slow) client does not wait the default 10 s.
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setClosingTimeout(1));
        LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
        CompletableFuture<Short> closed = new CompletableFuture<>();
        Future<WebSocket> connected = client.connect(
                        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
                .map(ws -> {
                    // Handlers are set in the completion callback, on the event loop, before any frame is read.
                    ws.textMessageHandler(text -> inbox.add(new JsonObject(text).put(RAW, text)));
                    ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
                    return ws;
                });
        try {
            return new TestClient(client, connected.await(WAIT_MS, TimeUnit.MILLISECONDS), inbox, closed);
        } catch (Exception e) {
            client.close().await();
            throw new IllegalStateException("connect failed: " + e, e);
        }
    }

    /** Connects, reads the welcome and authenticates with {@code demo}. */
    static TestClient authenticated(Vertx vertx, int port) {
        TestClient c = connect(vertx, port, "/");
        assertEquals("welcome", c.next().getString("type"));
        c.send(new JsonObject().put("type", "auth").put("apiKey", "demo"));
        JsonObject auth = c.next();
        assertEquals(true, auth.getBoolean("success"), auth.encode());
        return c;
    }

    void send(JsonObject json) {
        sendText(json.encode());
    }

    void sendText(String text) {
        ws.writeTextMessage(text).await();
    }

    void sendBinary(Buffer data) {
        ws.writeBinaryMessage(data).await();
    }

    /** Stops reading from the socket, so the server's writes back up (a slow consumer). */
    void pause() {
        ws.pause();
    }

    /** Reads from the socket again after {@link #pause()}. */
    void resume() {
        ws.resume();
    }

    /** The next message of any type. */
    JsonObject next() {
        try {
            JsonObject msg = inbox.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            assertNotNull(msg, "no message within " + WAIT_MS + " ms");
            lastRaw = (String) msg.remove(RAW);
            return msg;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The next message if one comes within {@code wait}, else null: for a test that acts again until something
     * arrives, never to show that nothing does.
     */
    JsonObject poll(Duration wait) {
        try {
            JsonObject msg = inbox.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (msg != null) {
                lastRaw = (String) msg.remove(RAW);
            }
            return msg;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next message that is not a tick; ticks on the way are kept in {@link #skippedTicks}. */
    JsonObject nextControl() {
        while (true) {
            JsonObject msg = next();
            if (!"tick".equals(msg.getString("type"))) {
                return msg;
            }
            skippedTicks.add(msg);
        }
    }

    /** The next message matching {@code p}, discarding the others. */
    JsonObject nextMatching(Predicate<JsonObject> p) {
        while (true) {
            JsonObject msg = next();
            if (p.test(msg)) {
                return msg;
            }
        }
    }

    /** Waits for the server to close the connection; returns the close status code. */
    short awaitClose() {
        try {
            return closed.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("not closed within " + WAIT_MS + " ms", e);
        }
    }

    @Override
    public void close() {
        client.close().await();
    }
}
