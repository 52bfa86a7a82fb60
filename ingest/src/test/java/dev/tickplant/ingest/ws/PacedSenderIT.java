package dev.tickplant.ingest.ws;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sends what its bucket allows at once, the rest as tokens come; cancel stops the waiting. */
@ExtendWith(VertxExtension.class)
class PacedSenderIT {
    private final Deque<String> due = new ArrayDeque<>(List.of("a", "b", "c", "d"));
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

    private PacedSender sender(Vertx vertx) {
        // Two tokens at once, then one every 20 ms.
        return new PacedSender(vertx, new TokenBucket(2, 50), () -> System.nanoTime() / 1_000_000L,
                () -> !due.isEmpty(), () -> sent.add(due.poll()));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldSendTheBurstAtOnceAndTheRestAsTokensCome(Vertx vertx, VertxTestContext ctx) {
        Promise<List<String>> firstTurn = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> {
            PacedSender sender = sender(vertx);
            sender.pump();
            sender.pump(); // waiting for a token already: adds nothing
            firstTurn.complete(List.copyOf(sent));
        });
        firstTurn.future()
                .compose(first -> {
                    ctx.verify(() -> assertEquals(List.of("a", "b"), first));
                    return until(vertx, 5_000, () -> sent.size() == 4, () -> "sent " + sent);
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertEquals(List.of("a", "b", "c", "d"), sent);
                    ctx.completeNow();
                })));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldSendNothingMoreOnceCancelled(Vertx vertx, VertxTestContext ctx) {
        vertx.getOrCreateContext().runOnContext(v -> {
            PacedSender sender = sender(vertx);
            sender.pump();
            sender.cancel();
            // Timers of one event loop fire in deadline order: by the time this one (ten token periods on) fires,
            // the sender's wait for its next token would have ended and sent, however slow the machine.
            vertx.setTimer(200, id -> ctx.verify(() -> {
                assertEquals(List.of("a", "b"), sent);
                ctx.completeNow();
            }));
        });
    }
}
