package dev.tickplant.ingest.okx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.okx.OkxFrameParser.Parsed;
import dev.tickplant.ingest.okx.OkxFrames.Arg;
import dev.tickplant.ingest.okx.OkxFrames.BookData;
import dev.tickplant.ingest.okx.OkxFrames.BookPush;
import dev.tickplant.ingest.okx.OkxFrames.Event;
import dev.tickplant.ingest.okx.OkxFrames.Request;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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

/** The OKX simulator's wire protocol and limits, driven by a raw client. */
@ExtendWith(VertxExtension.class)
class OkxSimulatorIT {
    private final OkxFrameParser parser = new OkxFrameParser();
    private OkxSimulatorVerticle simulator;
    /** Kept for the whole test: a dropped Vert.x 5 client is closed by a Cleaner on GC. */
    private WebSocketClient wsClient;

    @BeforeEach
    void setUp(Vertx vertx, VertxTestContext ctx) {
        simulator = new OkxSimulatorVerticle(OkxSimulatorConfig.fromJson(new JsonObject().put("updatesPerSecond", 25)),
                TestInstruments.defaultRegistry());
        wsClient = vertx.createWebSocketClient();
        vertx.deployVerticle(simulator).onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void tearDown(VertxTestContext ctx) {
        wsClient.close().onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerPingAndSendABookSnapshotWithAValidChecksum(Vertx vertx, VertxTestContext ctx) {
        List<OkxFrames.Frame> frames = Collections.synchronizedList(new ArrayList<>());
        Promise<Void> done = Promise.promise();
        wsClient.connect(simulator.actualPort(), "127.0.0.1", "/ws/v5/public").compose(ws -> {
            ws.textMessageHandler(text -> {
                Parsed p = parser.parse(text);
                if (p instanceof Parsed.Ok) {
                    frames.add(((Parsed.Ok) p).frame());
                }
                if (frames.stream().anyMatch(f -> f instanceof OkxFrames.Pong)
                        && frames.stream().filter(f -> f instanceof BookPush).count() >= 3) {
                    done.tryComplete();
                }
            });
            return ws.writeTextMessage("ping").compose(v -> ws.writeTextMessage(new Request("7", "subscribe",
                    List.of(new Arg("books", "BTC-USDT"))).toJson()));
        }).compose(v -> done.future()).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            Event ack = (Event) frames.stream().filter(f -> f instanceof Event).findFirst().orElseThrow();
            assertEquals(new Arg("books", "BTC-USDT"), ack.arg());
            assertEquals("7", ack.id());
            List<BookPush> books = frames.stream().filter(f -> f instanceof BookPush).map(f -> (BookPush) f)
                    .toList();
            assertEquals("snapshot", books.get(0).action());
            BookData snap = books.get(0).data().get(0);
            assertEquals(-1, snap.prevSeqId());
            assertEquals(OkxBook.checksum(snap.bids(), snap.asks()), (int) snap.checksum());
            BookData next = books.get(1).data().get(0);
            assertEquals("update", books.get(1).action());
            assertEquals(snap.seqId(), next.prevSeqId());
            ctx.completeNow();
        })));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldRefuseTooFrequentRequestsAndUnknownInstruments(Vertx vertx, VertxTestContext ctx) {
        List<Event> errors = Collections.synchronizedList(new ArrayList<>());
        Promise<Void> done = Promise.promise();
        wsClient.connect(simulator.actualPort(), "127.0.0.1", "/ws/v5/public").compose(ws -> {
            ws.textMessageHandler(text -> {
                Parsed p = parser.parse(text);
                if (p instanceof Parsed.Ok && ((Parsed.Ok) p).frame() instanceof Event
                        && ((Event) ((Parsed.Ok) p).frame()).error()) {
                    errors.add((Event) ((Parsed.Ok) p).frame());
                }
                if (errors.size() >= 3) {
                    done.tryComplete();
                }
            });
            Future<Void> last = ws.writeTextMessage(new Request("x", "subscribe",
                    List.of(new Arg("tickers", "NOPE-USDT"))).toJson());
            for (int n = 0; n < 4; n++) {
                last = ws.writeTextMessage(new Request(Integer.toString(n), "subscribe",
                        List.of(new Arg("trades", "BTC-USDT"))).toJson());
            }
            return last;
        }).compose(v -> done.future()).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            assertEquals(OkxFrames.CODE_NOT_EXIST, errors.get(0).code());
            assertEquals("x", errors.get(0).id());
            assertTrue(errors.get(0).msg().contains("instId:NOPE-USDT"));
            assertEquals(OkxFrames.CODE_TOO_FREQUENT, errors.get(1).code());
            assertEquals(OkxFrames.CODE_TOO_FREQUENT, errors.get(2).code());
            assertEquals(2, simulator.tooFrequent(), "5 requests at once, 3 allowed per second");
            ctx.completeNow();
        })));
    }

}
