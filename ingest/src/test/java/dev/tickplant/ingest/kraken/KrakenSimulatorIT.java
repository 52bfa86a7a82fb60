package dev.tickplant.ingest.kraken;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.kraken.KrakenFrames.Book;
import dev.tickplant.ingest.kraken.KrakenFrames.BookMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Kraken simulator's wire protocol, seen by a plain WebSocket client. */
@ExtendWith(VertxExtension.class)
class KrakenSimulatorIT {
    private KrakenSimulatorVerticle simulator;
    /** Held for the whole test: a dropped Vert.x 5 client is closed by a Cleaner on GC. */
    private WebSocketClient wsClient;
    private final List<String> frames = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp(Vertx vertx, VertxTestContext ctx) {
        wsClient = vertx.createWebSocketClient();
        simulator = new KrakenSimulatorVerticle(KrakenSimulatorConfig.fromJson(new JsonObject()
                .put("updatesPerSecond", 20).put("heartbeatIntervalMs", 100)), TestInstruments.defaultRegistry());
        vertx.deployVerticle(simulator).onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void closeClient(VertxTestContext ctx) {
        wsClient.close().onComplete(ctx.succeedingThenComplete());
    }

    private Future<WebSocket> connect() {
        return wsClient.connect(simulator.actualPort(), "127.0.0.1", "/v2").onSuccess(ws -> ws.textMessageHandler(frames::add));
    }

    private List<JsonObject> json() {
        synchronized (frames) {
            return frames.stream().map(JsonObject::new).toList();
        }
    }

    private List<Book> books(boolean snapshot) {
        KrakenFrameParser parser = new KrakenFrameParser();
        List<Book> out = new ArrayList<>();
        synchronized (frames) {
            for (String f : frames) {
                KrakenFrameParser.Parsed p = parser.parse(f);
                if (p instanceof KrakenFrameParser.Parsed.Ok && ((KrakenFrameParser.Parsed.Ok) p).frame()
                        instanceof BookMessage) {
                    BookMessage m = (BookMessage) ((KrakenFrameParser.Parsed.Ok) p).frame();
                    if (m.snapshot() == snapshot) {
                        out.addAll(m.data());
                    }
                }
            }
        }
        return out;
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldAcknowledgeASubscriptionAndSendChecksummedSnapshotAndUpdates(Vertx vertx, VertxTestContext ctx) {
        connect()
                .compose(ws -> ws.writeTextMessage(KrakenFrames.subscribe("book", List.of("BTC/USD"), 10, 1)))
                .compose(v -> until(vertx, 5_000, () -> books(false).size() >= 5, () -> "updates"))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<JsonObject> all = json();
                    assertEquals("status", all.get(0).getString("channel"), "a status message on connect");
                    assertEquals("online", all.get(0).getJsonArray("data").getJsonObject(0).getString("system"));
                    JsonObject ack = all.get(1);
                    assertEquals("subscribe", ack.getString("method"));
                    assertEquals(1L, ack.getLong("req_id"));
                    assertTrue(ack.getBoolean("success"));
                    assertEquals("book", ack.getJsonObject("result").getString("channel"));
                    assertEquals("BTC/USD", ack.getJsonObject("result").getString("symbol"));
                    assertTrue(frames.get(2).contains("\"qty\":"), "decimals are JSON numbers");
                    Book snapshot = books(true).get(0);
                    KrakenBook book = new KrakenBook(10);
                    book.replace(snapshot.bids(), snapshot.asks());
                    assertEquals(snapshot.checksum(), book.checksum());
                    assertEquals(10, book.bids().size());
                    for (Book update : books(false)) {
                        book.apply(update.bids(), update.asks());
                        assertEquals(update.checksum(), book.checksum(), "every update's checksum verifies");
                    }
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerPingsRefuseUnknownPairsAndSendHeartbeats(Vertx vertx, VertxTestContext ctx) {
        connect()
                .compose(ws -> ws.writeTextMessage(KrakenFrames.ping(7))
                        .compose(v -> ws.writeTextMessage(KrakenFrames.subscribe("ticker", List.of("XYZ/USD"), 10, 8)))
                        .compose(v -> ws.writeTextMessage(KrakenFrames.subscribe("ticker", List.of("ETH/EUR"), 10, 9))))
                .compose(v -> until(vertx, 5_000, () -> json().stream()
                        .filter(j -> "heartbeat".equals(j.getString("channel"))).count() >= 2, () -> "heartbeats"))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<JsonObject> all = json();
                    JsonObject pong = all.stream().filter(j -> "pong".equals(j.getString("method"))).findFirst()
                            .orElseThrow();
                    assertEquals(7L, pong.getLong("req_id"));
                    JsonObject refused = all.stream().filter(j -> Long.valueOf(8).equals(j.getLong("req_id")))
                            .findFirst().orElseThrow();
                    assertFalse(refused.getBoolean("success"));
                    assertEquals("XYZ/USD", refused.getString("symbol"));
                    assertTrue(refused.getString("error").contains("XYZ/USD"));
                    assertTrue(all.stream().anyMatch(j -> "ticker".equals(j.getString("channel"))));
                    ctx.completeNow();
                })));
    }
}
