package dev.tickplant.ingest.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition on a Vert.x timer instead of sleeping; fails with a description after a deadline. */
public final class Eventually {
    private Eventually() {}

    /** Completes once {@code condition} holds; fails after {@code timeoutMs} with {@code describe.get()}. */
    public static Future<Void> until(Vertx vertx, long timeoutMs, BooleanSupplier condition,
            Supplier<String> describe) {
        Promise<Void> done = Promise.promise();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        // The first check waits one period: with an initial delay of 0 the first run can race the timer's own
        // registration, and cancelling it from there then fails inside Vert.x (seen once as an NPE in cancelTimer).
        vertx.setPeriodic(20, id -> {
            boolean ok;
            try {
                ok = condition.getAsBoolean();
            } catch (RuntimeException e) {
                vertx.cancelTimer(id);
                done.tryFail(e);
                return;
            }
            if (ok) {
                vertx.cancelTimer(id);
                done.tryComplete();
            } else if (System.nanoTime() > deadline) {
                vertx.cancelTimer(id);
                done.tryFail(new AssertionError("condition not met within " + timeoutMs + " ms: " + describe.get()));
            }
        });
        return done.future();
    }
}
