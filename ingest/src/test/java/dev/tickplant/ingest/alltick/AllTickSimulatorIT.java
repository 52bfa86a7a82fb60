package dev.tickplant.ingest.alltick;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.alltick.AllTickFrameParser.Parsed;
import dev.tickplant.ingest.alltick.AllTickFrames.DepthCode;
import dev.tickplant.ingest.alltick.AllTickFrames.DepthPush;
import dev.tickplant.ingest.alltick.AllTickFrames.Frame;
import dev.tickplant.ingest.alltick.AllTickFrames.Reply;
import dev.tickplant.ingest.alltick.AllTickFrames.TradePush;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The simulator's wire protocol, seen from a raw WebSocket client. */
@ExtendWith(VertxExtension.class)
class AllTickSimulatorIT {
    private static final String TOKEN = "sim-it";
    private static final long WAIT_MS = 5_000;

    /**
     * One client per test, held in a field for the whole test. {@code vertx.createWebSocketClient()} returns a
     * proxy that a {@link java.lang.ref.Cleaner} shuts down once it becomes unreachable; a client created and
     * dropped inside {@code connect} could be collected by any GC while its handshake was in flight, which closed
     * the connection ("Connection closed while handshake in process", logged as "Connection evicted").
     */
    private WebSocketClient wsClient;

    @BeforeEach
    void createClient(Vertx vertx) {
        wsClient = vertx.createWebSocketClient();
    }

    @AfterEach
    void closeClient(VertxTestContext ctx) {
        wsClient.close().onComplete(ctx.succeedingThenComplete());
    }

    /** A raw client that records every frame it receives. */
    private static final class Client {
        final List<Frame> frames = Collections.synchronizedList(new ArrayList<>());
        final List<String> invalid = Collections.synchronizedList(new ArrayList<>());
        volatile boolean closed;
        WebSocket ws;

        List<Frame> matching(Predicate<Frame> p) {
            synchronized (frames) {
                return frames.stream().filter(p).toList();
            }
        }

        Reply reply(int cmd) {
            List<Frame> replies = matching(f -> f instanceof Reply && ((Reply) f).cmdId() == cmd);
            return replies.isEmpty() ? null : (Reply) replies.get(replies.size() - 1);
        }

        void send(Frame frame) {
            ws.writeTextMessage(frame.toJson());
        }
    }

    private static Future<AllTickSimulatorVerticle> simulator(Vertx vertx, long heartbeatTimeoutMs) {
        AllTickSimulatorVerticle sim = new AllTickSimulatorVerticle(AllTickSimulatorConfig.fromJson(new JsonObject()
                .put("token", TOKEN).put("updatesPerSecond", 50).put("tradeProbability", 1.0)
                .put("minRequestIntervalMs", 200).put("heartbeatTimeoutMs", heartbeatTimeoutMs)),
                TestInstruments.defaultRegistry());
        return vertx.deployVerticle(sim).map(id -> sim);
    }

    private Future<Client> connect(AllTickSimulatorVerticle sim, String path, String token) {
        Client client = new Client();
        AllTickFrameParser parser = new AllTickFrameParser();
        return wsClient.connect(new WebSocketConnectOptions()
                .setAbsoluteURI("ws://127.0.0.1:" + sim.actualPort() + path + "?token=" + token)).map(ws -> {
                    client.ws = ws;
                    ws.textMessageHandler(text -> {
                        Parsed parsed = parser.parse(text);
                        if (parsed instanceof Parsed.Ok) {
                            client.frames.add(((Parsed.Ok) parsed).frame());
                        } else {
                            client.invalid.add(text);
                        }
                    });
                    ws.closeHandler(v -> client.closed = true);
                    return client;
                });
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldRefuseAWrongTokenWith401AndClose(Vertx vertx, VertxTestContext ctx) {
        simulator(vertx, 30_000)
                .compose(sim -> connect(sim, AllTickConfig.STOCK_PATH, "nope"))
                .compose(c -> until(vertx, WAIT_MS, () -> c.closed, () -> "closed").map(c))
                .onComplete(ctx.succeeding(c -> ctx.verify(() -> {
                    Reply r = (Reply) c.frames.get(0);
                    assertEquals(AllTickFrames.RET_TOKEN_INVALID, r.ret());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerHeartbeatsAndApplyReplaceSemantics(Vertx vertx, VertxTestContext ctx) {
        AllTickSimulatorVerticle[] sim = new AllTickSimulatorVerticle[1];
        Client[] client = new Client[1];
        simulator(vertx, 30_000)
                .compose(s -> {
                    sim[0] = s;
                    return connect(s, AllTickConfig.STOCK_PATH, TOKEN);
                })
                .compose(c -> {
                    client[0] = c;
                    c.send(new AllTickFrames.Heartbeat(11, "hb-11"));
                    // EURUSD belongs to the other endpoint: refused, the rest applied.
                    c.send(new AllTickFrames.SubscribeDepth(12, "d-12",
                            List.of(new DepthCode("AAPL.US", 5), new DepthCode("EURUSD", 5))));
                    // Too soon after the previous request.
                    c.send(new AllTickFrames.SubscribeTrades(13, "t-13", List.of("AAPL.US")));
                    return until(vertx, WAIT_MS, () -> c.reply(AllTickFrames.CMD_SUBSCRIBE_TRADES_REPLY) != null
                            && c.matching(f -> f instanceof DepthPush).size() > 3, () -> "replies and pushes");
                })
                .compose(v -> {
                    Client c = client[0];
                    ctx.verify(() -> {
                        assertEquals(new Reply(200, "ok", AllTickFrames.CMD_HEARTBEAT_REPLY, 11, "hb-11", List.of()),
                                c.reply(AllTickFrames.CMD_HEARTBEAT_REPLY));
                        assertEquals(new Reply(600, "code invalid", AllTickFrames.CMD_SUBSCRIBE_DEPTH_REPLY, 12, "d-12",
                                List.of("EURUSD")), c.reply(AllTickFrames.CMD_SUBSCRIBE_DEPTH_REPLY));
                        assertEquals(AllTickFrames.RET_RATE_LIMIT,
                                c.reply(AllTickFrames.CMD_SUBSCRIBE_TRADES_REPLY).ret());
                        for (Frame f : c.matching(f -> f instanceof DepthPush)) {
                            DepthPush p = (DepthPush) f;
                            assertEquals("AAPL.US", p.code());
                            assertEquals(1, p.bids().size(), "US stocks: one level");
                        }
                        assertTrue(c.matching(f -> f instanceof TradePush).isEmpty(), "trades were refused");
                        assertTrue(c.invalid.isEmpty(), "every frame is strict JSON: " + c.invalid);
                    });
                    return vertx.timer(250).compose(x -> {
                        c.frames.clear();
                        c.send(new AllTickFrames.SubscribeDepth(14, "d-14", List.of(new DepthCode("700.HK", 10))));
                        return until(vertx, WAIT_MS, () -> c.matching(f -> f instanceof DepthPush).size() > 5,
                                () -> "pushes after replacing the list");
                    });
                })
                .compose(v -> {
                    Client c = client[0];
                    ctx.verify(() -> {
                        assertEquals(List.of("700.HK"), sim[0].lastDepthCodes());
                        List<Frame> pushes = c.matching(f -> f instanceof DepthPush);
                        // Anything pushed before the reply may still be AAPL.US; after it only 700.HK.
                        DepthPush last = (DepthPush) pushes.get(pushes.size() - 1);
                        assertEquals("700.HK", last.code());
                        assertEquals(10, last.bids().size(), "HK stocks: ten levels");
                    });
                    return vertx.timer(250).compose(x -> {
                        c.send(new AllTickFrames.Cancel(15, "c-15", AllTickFrames.CANCEL_DEPTH));
                        return until(vertx, WAIT_MS, () -> c.reply(AllTickFrames.CMD_CANCEL_REPLY) != null,
                                () -> "cancel reply");
                    });
                })
                .compose(v -> {
                    client[0].frames.clear();
                    return vertx.timer(200);
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertTrue(client[0].matching(f -> f instanceof DepthPush).isEmpty(), "no pushes after cancel");
                    assertEquals(Map.of(1, List.of()), sim[0].depthCodesByConnection());
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldCloseAConnectionWithoutHeartbeats(Vertx vertx, VertxTestContext ctx) {
        simulator(vertx, 300)
                .compose(sim -> connect(sim, AllTickConfig.FX_CRYPTO_PATH, TOKEN)
                        .compose(c -> until(vertx, WAIT_MS, () -> c.closed, () -> "closed for lack of heartbeats"))
                        // The client's close handler runs on its own event loop; the simulator forgets the session in
                        // its close handler on another one, possibly later, so wait for that too.
                        .compose(v -> until(vertx, WAIT_MS, () -> sim.openConnections() == 0,
                                () -> "simulator still counts " + sim.openConnections() + " open connection(s)"))
                        .map(sim))
                .onComplete(ctx.succeeding(sim -> ctx.verify(() -> {
                    assertEquals(1, sim.connectionsAccepted());
                    ctx.completeNow();
                })));
    }
}
