package dev.tickplant.ingest.replay;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The replay server plays text and binary frames as such, and answers REST requests from the recording. */
@ExtendWith(VertxExtension.class)
class ReplayServerVerticleIT {
    private static final String DEPTH = "/api/v3/depth?symbol=BTCUSDT&limit=5";
    private static final byte[] GZIP_LIKE = {0x1f, (byte) 0x8b, 8, 0, (byte) 0xff};

    @TempDir
    Path dir;

    private ReplayServerVerticle start(Vertx vertx) throws Exception {
        Path file = dir.resolve("mixed.rec");
        Files.write(file, List.of(
                new RecordedFrame(1L, "{\"first\":true}").toLine(),
                RecordedFrame.httpResponse(2L, new RecordedHttpResponse("GET", DEPTH, 200, "{\"n\":1}")).toLine(),
                RecordedFrame.binary(3L, GZIP_LIKE).toLine(),
                RecordedFrame.httpResponse(4L, new RecordedHttpResponse("GET", DEPTH, 200, "{\"n\":2}")).toLine(),
                new RecordedFrame(5L, "{\"last\":true}").toLine()));
        ReplayServerVerticle server = new ReplayServerVerticle(new ReplayConfig(file.toString(), "127.0.0.1", 0, 0),
                Duration.ofMillis(300));
        vertx.deployVerticle(server).await(5, TimeUnit.SECONDS);
        return server;
    }

    private static Future<String> get(HttpClient client, int port, String target) {
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                        .setURI(target))
                .compose(req -> req.send())
                .compose(resp -> resp.body().map(body -> resp.statusCode() + " " + body));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerRestRequestsInRecordedOrderAndRepeatTheLast(Vertx vertx, VertxTestContext ctx)
            throws Exception {
        int port = start(vertx).actualPort();
        HttpClient client = vertx.createHttpClient();
        List<String> answers = new ArrayList<>();
        get(client, port, DEPTH).onSuccess(answers::add)
                .compose(v -> get(client, port, DEPTH)).onSuccess(answers::add)
                .compose(v -> get(client, port, DEPTH)).onSuccess(answers::add)
                .compose(v -> get(client, port, "/api/v3/depth?symbol=ETHUSDT&limit=5"))
                .onSuccess(answer -> answers.add(answer.substring(0, 3)))
                .eventually(client::close)
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of("200 {\"n\":1}", "200 {\"n\":2}", "200 {\"n\":2}", "404"), answers);
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldPlayBinaryFramesAsBinaryAndKeepRestResponsesOffTheStream(Vertx vertx, VertxTestContext ctx)
            throws Exception {
        int port = start(vertx).actualPort();
        WebSocketClient client = vertx.createWebSocketClient();
        List<Object> frames = new ArrayList<>();
        Promise<Void> lastSeen = Promise.promise();
        // Handlers go on before connecting: the server plays its first frame right after the handshake.
        ClientWebSocket socket = client.webSocket();
        socket.textMessageHandler(text -> {
            frames.add(text);
            if (text.contains("last")) {
                lastSeen.tryComplete();
            }
        });
        socket.binaryMessageHandler(data -> frames.add(data));
        socket.connect(new WebSocketConnectOptions().setAbsoluteURI("ws://127.0.0.1:" + port + "/ws"))
                .compose(ws -> lastSeen.future().compose(v -> ws.close()))
                .eventually(client::close)
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(3, frames.size(), frames.toString());
                    assertEquals("{\"first\":true}", frames.get(0));
                    assertArrayEquals(GZIP_LIKE, ((Buffer) frames.get(1)).getBytes());
                    assertEquals("{\"last\":true}", frames.get(2));
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldHoldTheStreamAtARecordedRestResponseUntilItIsAskedFor(Vertx vertx, VertxTestContext ctx)
            throws Exception {
        Path file = dir.resolve("gated.rec");
        Files.write(file, List.of(
                new RecordedFrame(1L, "before").toLine(),
                RecordedFrame.httpResponse(2L, new RecordedHttpResponse("GET", DEPTH, 200, "{\"n\":1}")).toLine(),
                new RecordedFrame(3L, "after").toLine()));
        // Far longer than the test waits: only the request may open the gate.
        ReplayServerVerticle server = new ReplayServerVerticle(new ReplayConfig(file.toString(), "127.0.0.1", 0, 0),
                Duration.ofMinutes(1));
        vertx.deployVerticle(server).await(5, TimeUnit.SECONDS);
        WebSocketClient wsClient = vertx.createWebSocketClient();
        HttpClient httpClient = vertx.createHttpClient();
        List<String> frames = Collections.synchronizedList(new ArrayList<>());
        Promise<Void> after = Promise.promise();
        // Handlers go on before connecting: the server plays "before" right after the handshake, and a frame that
        // arrived before its handler was set would be lost.
        ClientWebSocket socket = wsClient.webSocket();
        socket.textMessageHandler(text -> {
            frames.add(text);
            if (text.equals("after")) {
                after.tryComplete();
            }
        });
        socket.connect(new WebSocketConnectOptions().setAbsoluteURI("ws://127.0.0.1:" + server.actualPort() + "/"))
                .compose(ws -> until(vertx, 10_000, () -> frames.size() == 1, () -> "first frame " + frames))
                .compose(v -> vertx.timer(200))
                .compose(v -> {
                    ctx.verify(() -> assertEquals(List.of("before"), frames, "held at the REST response"));
                    return get(httpClient, server.actualPort(), DEPTH);
                })
                .compose(answer -> after.future().map(answer))
                .eventually(() -> wsClient.close().eventually(httpClient::close))
                .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
                    assertEquals("200 {\"n\":1}", answer);
                    assertEquals(List.of("before", "after"), frames);
                    ctx.completeNow();
                })));
    }
}
