package dev.tickplant.ingest.ws;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.Demand;
import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.ingest.replay.RecordedFrame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A feed's runtime: works out demand before connecting, records what arrives, and on stop sends what is batched. */
@ExtendWith(VertxExtension.class)
class FeedRuntimeIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldConnectAfterListeningRecordFramesAndFlushOnStop(Vertx vertx, VertxTestContext ctx) throws Exception {
        Codecs.registerAll(vertx.eventBus());
        List<MarketEvent> batched = Collections.synchronizedList(new ArrayList<>());
        vertx.eventBus().<EventBatch>consumer(Addresses.normalizer(0), msg -> batched.addAll(msg.body().events()))
                .completion().await(5, TimeUnit.SECONDS);
        HttpServer venue = vertx.createHttpServer().webSocketHandler(ws -> ws.writeTextMessage("hello"))
                .listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
        Path recording = dir.resolve("feed.rec");
        FeedRuntime.Settings settings = new FeedRuntime.Settings("kraken", 1, 100, 20,
                new UpstreamConnections.Settings("runtime-it", Duration.ofSeconds(2), 1 << 16, Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofSeconds(1), recording.toString()));
        AtomicInteger demandChanges = new AtomicInteger();
        List<String> frames = Collections.synchronizedList(new ArrayList<>());
        Context context = vertx.getOrCreateContext();
        Promise<FeedRuntime> started = Promise.promise();
        context.runOnContext(v -> FeedRuntime.open(vertx, context, "test", settings,
                        new DemandTracker(() -> System.nanoTime() / 1_000_000L), new SimpleMeterRegistry(),
                        () -> 42L, () -> System.nanoTime() / 1_000_000L)
                .compose(runtime -> {
                    runtime.connection(() -> "ws://127.0.0.1:" + venue.actualPort() + "/",
                            ReconnectingWebSocket.Listener.of(() -> frames.add("open:" + demandChanges.get()),
                                    frames::add, reason -> { }));
                    return runtime.start(demandChanges::incrementAndGet, null, () -> { }).map(runtime);
                })
                .onComplete(started));
        started.future()
                .compose(runtime -> until(vertx, 5_000, () -> frames.size() == 2, () -> "frames " + frames)
                        .compose(v -> {
                            vertx.eventBus().publish(Addresses.INGEST_DEMAND, new Demand("gw1", Set.of("X"), 60_000));
                            return until(vertx, 5_000, () -> demandChanges.get() == 2, () -> "demand " + demandChanges);
                        })
                        .compose(v -> {
                            Promise<Void> stopped = Promise.promise();
                            context.runOnContext(x -> {
                                runtime.output().status("BTCUSD", StatusState.LIVE, "test", 1L);
                                runtime.stop().onComplete(stopped);
                            });
                            return stopped.future();
                        }))
                .compose(v -> until(vertx, 5_000, () -> batched.size() == 1, () -> "batched " + batched))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    // Demand was worked out once before the connection opened.
                    assertEquals(List.of("open:1", "hello"), frames);
                    List<String> lines = Files.readAllLines(recording);
                    assertEquals(1, lines.size());
                    assertEquals(new RecordedFrame(42L, "hello"), RecordedFrame.parse(lines.get(0)));
                    assertEquals("BTCUSD", batched.get(0).symbol());
                    ctx.completeNow();
                })));
    }
}
