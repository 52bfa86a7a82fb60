package dev.tickplant.ingest.ws;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
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

/** A symbol's resyncs are spaced by the interval; requests while one is scheduled join it; others are independent. */
@ExtendWith(VertxExtension.class)
class ResyncTimersIT {
    private final AtomicLong nowMs = new AtomicLong(1_000_000);
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldJoinRequestsWhileScheduledAndSpaceResyncsOfOneSymbol(Vertx vertx, VertxTestContext ctx) {
        // The interval is measured on the fake clock, which stands still: a second resync of BTC waits for it.
        ResyncTimers timers = new ResyncTimers(vertx, nowMs::get, Duration.ofHours(1));
        Context context = vertx.getOrCreateContext(); // the timers are confined to one event loop
        context.runOnContext(v -> {
            timers.schedule("BTC", () -> ran.add("BTC"));
            timers.schedule("BTC", () -> ran.add("BTC again"));
            timers.schedule("ETH", () -> ran.add("ETH"));
        });
        until(vertx, 5_000, () -> ran.size() == 2, () -> "ran " + ran)
                .compose(v -> {
                    context.runOnContext(x -> timers.schedule("BTC", () -> ran.add("BTC too soon")));
                    return vertx.timer(100);
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of("BTC", "ETH"), ran.stream().sorted().toList());
                    context.runOnContext(x -> {
                        timers.cancelAll();
                        ctx.completeNow();
                    });
                })));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldNotCountAResyncThatDidNotGoAhead(Vertx vertx, VertxTestContext ctx) {
        ResyncTimers timers = new ResyncTimers(vertx, nowMs::get, Duration.ofHours(1));
        Context context = vertx.getOrCreateContext(); // the timers are confined to one event loop
        context.runOnContext(v -> timers.schedule("BTC", () -> {
            ran.add("skipped");
            return false;
        }));
        until(vertx, 5_000, () -> ran.size() == 1, () -> "ran " + ran)
                .compose(v -> {
                    context.runOnContext(x -> timers.schedule("BTC", () -> ran.add("BTC")));
                    return until(vertx, 5_000, () -> ran.size() == 2, () -> "ran " + ran);
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of("skipped", "BTC"), ran);
                    ctx.completeNow();
                })));
    }
}
