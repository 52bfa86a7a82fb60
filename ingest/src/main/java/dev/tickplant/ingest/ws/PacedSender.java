package dev.tickplant.ingest.ws;

import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Sends a connection's control messages as fast as its {@link TokenBucket} allows and no faster. {@link #pump()}
 * sends while something is due and a token is available, then waits on a timer for the next token. The owner says
 * whether a message is due and sends exactly one per call of {@code sendOne}, after its token was taken, so that a
 * message computed from wanted-versus-sent state is computed only when it can go out and bursts of changes coalesce.
 *
 * <p>Confined to the owning connector's event loop.
 */
public final class PacedSender {
    private final Vertx vertx;
    private final TokenBucket bucket;
    private final LongSupplier monotonicMs;
    private final BooleanSupplier due;
    private final Runnable sendOne;
    private long timer = -1;

    /**
     * @param due whether a message can and should go out now (false while the connection is down)
     * @param sendOne sends the next message; called once per token, only when {@code due} was true
     */
    public PacedSender(Vertx vertx, TokenBucket bucket, LongSupplier monotonicMs, BooleanSupplier due,
            Runnable sendOne) {
        this.vertx = vertx;
        this.bucket = bucket;
        this.monotonicMs = monotonicMs;
        this.due = due;
        this.sendOne = sendOne;
    }

    /** Sends what is due and there are tokens for; does nothing while waiting for a token (the wait pumps). */
    public void pump() {
        if (timer >= 0) {
            return;
        }
        while (due.getAsBoolean()) {
            long now = monotonicMs.getAsLong();
            if (!bucket.tryTake(now)) {
                timer = vertx.setTimer(Math.max(1, bucket.waitMs(now)), id -> {
                    timer = -1;
                    pump();
                });
                return;
            }
            sendOne.run();
        }
    }

    /** Stops waiting for a token (the connection is gone, or the feed stops). */
    public void cancel() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
