package dev.tickplant.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A blocking WebSocket client for tests that drive the gateway the way a user's program does: send JSON, read
 * JSON messages in order. Used from the JUnit thread, never from an event loop.
 */
final class WsTestClient implements AutoCloseable {
    private final WebSocketClient client;
    private final WebSocket socket;
    private final BlockingQueue<JsonObject> received;

    private WsTestClient(WebSocketClient client, WebSocket socket, BlockingQueue<JsonObject> received) {
        this.client = client;
        this.socket = socket;
        this.received = received;
    }

    static WsTestClient connect(Vertx vertx, int port, String uri) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        // The handler is attached on the event loop as the connection completes: the server's welcome can arrive
        // in the same read as the handshake response, before the test thread would get to it.
        WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                        .setURI(uri))
                .onSuccess(ws -> ws.textMessageHandler(text -> received.add(new JsonObject(text))))
                .await(10, TimeUnit.SECONDS);
        return new WsTestClient(client, socket, received);
    }

    void sendText(String text) throws Exception {
        socket.writeTextMessage(text).await(5, TimeUnit.SECONDS);
    }

    void send(JsonObject message) throws Exception {
        socket.writeTextMessage(message.encode()).await(5, TimeUnit.SECONDS);
    }

    /** The next message, whatever it is. */
    JsonObject next(Duration timeout) {
        try {
            JsonObject m = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                fail("no message within " + timeout);
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Skips messages until one matches; fails after the timeout, listing what was skipped. */
    JsonObject await(Predicate<JsonObject> matcher, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonObject> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject m;
            try {
                m = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (m == null) {
                fail("no matching message within " + timeout + "; last skipped: "
                        + skipped.subList(Math.max(0, skipped.size() - 5), skipped.size()));
            }
            if (matcher.test(m)) {
                return m;
            }
            skipped.add(m);
        }
    }

    @Override
    public void close() {
        // Best effort: a test that already failed must not be masked by a slow close.
        socket.close();
        client.close();
    }
}
