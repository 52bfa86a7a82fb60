package dev.tickplant.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The one outbound path of a client connection, whatever its protocol: market data and control messages in order,
 * written straight into the connection's Netty pipeline as prebuilt frames and flushed once per event-loop turn
 * ({@link EndOfTurn}), with per-subscription conflation and a slow-consumer policy when the client does not keep up.
 *
 * <p>While the socket accepts writes (Netty's channel is writable), a market-data message goes out at once, as the
 * retained frame every session of its audience shares. When it does not, messages wait: a conflatable one (a state:
 * tick, depth image) replaces the waiting one of the same subscription, and the message finally written
 * says how many it stands for ({@link OutboundFrame#mergedWith}); others (trades, resets) wait in order, at most
 * {@code maxQueued}, beyond which the client is too slow. A client whose socket stays full longer than the
 * slow-consumer timeout is too slow as well. The owner hears of both stages: when messages start to wait
 * ({@code onFallingBehind}, to warn the client) and when the client is too slow ({@code onSlowConsumer}, to tell it why
 * and close the connection). Control messages always go out, in order with what was written before them.
 *
 * <p>Batched mode puts every message, market data and control alike, into a {@link FrameBatch} written as one frame
 * when full or at the end of the turn.
 *
 * <p>Writes bypass Vert.x's own write queue, which only pings and the close frame use, so nothing written here can
 * overtake what was written before. Confined to the connection's event loop.
 */
public final class SessionWriter {
    private final ServerWebSocket ws;
    private final ChannelHandlerContext ctx;
    private final EndOfTurn endOfTurn;
    private final LongSupplier nanoClock;
    private final long slowConsumerTimeoutNanos;
    private final int maxQueued;
    private final GatewayMetrics metrics;
    private final Consumer<String> onSlowConsumer;
    private final Runnable onFallingBehind;
    /** Messages waiting for the socket, by subscription key (a serial suffix for the ones that are not states). */
    private final Map<String, Waiting> waiting = new LinkedHashMap<>();
    private FrameBatch batch;
    private boolean batchScheduled;
    private boolean flushScheduled;
    private long sentSinceFlush;
    private long queuedSerial;
    private long slowSinceNanos = -1;
    private long lastWarningNanos = Long.MIN_VALUE;
    private long conflated;
    private boolean closed;

    /** A message waiting for the socket, standing for {@code merged} more updates than its frame says. */
    private record Waiting(OutboundFrame frame, int merged) {}

    /** A writer whose messages are not counted in the gateway's meters (other protocols' sessions). */
    public SessionWriter(ServerWebSocket ws, EndOfTurn endOfTurn, LongSupplier nanoClock, Duration slowConsumerTimeout,
            int maxQueued, Consumer<String> onSlowConsumer) {
        this(ws, endOfTurn, nanoClock, slowConsumerTimeout, maxQueued, null, () -> { }, onSlowConsumer);
    }

    /**
     * @param metrics where sent and conflated messages are counted, or null for none
     * @param onFallingBehind told when messages start to wait for the socket, at most once per slow-consumer timeout:
     *     the owner may warn the client before conflation turns into a close
     * @param onSlowConsumer told once why the client is too slow; the owner closes the connection
     */
    SessionWriter(ServerWebSocket ws, EndOfTurn endOfTurn, LongSupplier nanoClock, Duration slowConsumerTimeout,
            int maxQueued, GatewayMetrics metrics, Runnable onFallingBehind, Consumer<String> onSlowConsumer) {
        this.ws = ws;
        this.ctx = ((WebSocketInternal) ws).channelHandlerContext();
        this.endOfTurn = endOfTurn;
        this.nanoClock = nanoClock;
        this.slowConsumerTimeoutNanos = slowConsumerTimeout.toNanos();
        this.maxQueued = maxQueued;
        this.metrics = metrics;
        this.onSlowConsumer = onSlowConsumer;
        this.onFallingBehind = onFallingBehind;
        // Vert.x's drain handler only fires after its own queue filled up, which writes made here never touch; learn
        // of the socket draining from Netty itself.
        ctx.pipeline().addBefore(ctx.name(), null, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext c) {
                if (c.channel().isWritable()) {
                    writeWaiting();
                }
                c.fireChannelWritabilityChanged();
            }
        });
    }

    /**
     * A market-data message of the subscription {@code subscriptionKey}.
     *
     * @param conflatable true for states (tick, depth image) a slow client may skip to the newest of
     */
    public void data(String subscriptionKey, OutboundFrame frame, boolean conflatable) {
        if (closed) {
            return;
        }
        if (!waiting.isEmpty() && writable()) {
            writeWaiting();
        }
        if (waiting.isEmpty() && writable()) {
            sentSinceFlush++;
            if (batch != null) {
                addToBatch(frame.json());
            } else {
                ctx.write(frame.frame(ctx.alloc()).retainedDuplicate(), ctx.voidPromise());
                scheduleFlush();
            }
            return;
        }
        int merged = 0;
        String key = subscriptionKey;
        if (conflatable) {
            Waiting replaced = waiting.remove(key); // re-inserted at the end: the newest state goes after the rest
            if (replaced != null) {
                merged = replaced.merged() + replaced.frame().conflated() + 1;
                conflated++;
                if (metrics != null) {
                    metrics.tickConflated();
                }
            }
        } else {
            key = subscriptionKey + "#" + (++queuedSerial);
        }
        // The frame is kept for its bytes only: its shared buffer is released when the fan-out ends.
        waiting.put(key, new Waiting(frame, merged));
        if (waiting.size() > maxQueued) {
            slow("more than " + maxQueued + " messages queued");
            return;
        }
        if (slowSinceNanos < 0) {
            slowSinceNanos = nanoClock.getAsLong();
            if (lastWarningNanos == Long.MIN_VALUE || slowSinceNanos - lastWarningNanos >= slowConsumerTimeoutNanos) {
                lastWarningNanos = slowSinceNanos;
                onFallingBehind.run();
            }
        }
    }

    /** A control message (reply, error, notice): never conflated or dropped, in order with what came before it. */
    public void control(byte[] json) {
        if (closed) {
            return;
        }
        if (batch != null) {
            addToBatch(json);
            return;
        }
        ctx.write(WsFrames.text(ctx.alloc(), json), ctx.voidPromise());
        scheduleFlush();
    }

    /** Drops what waits for a subscription the client left. */
    public void forget(String subscriptionKey) {
        String serialPrefix = subscriptionKey + "#";
        waiting.keySet().removeIf(k -> k.equals(subscriptionKey) || k.startsWith(serialPrefix));
        if (waiting.isEmpty()) {
            slowSinceNanos = -1;
        }
    }

    /** Switches batched mode on (up to {@code maxMessages} per frame) or off; what was batched goes out first. */
    public void batching(boolean on, int maxMessages) {
        if (on && batch == null) {
            batch = new FrameBatch(maxMessages, ctx.alloc());
        } else if (!on && batch != null) {
            writeBatch();
            batch = null;
        }
    }

    public boolean batched() {
        return batch != null;
    }

    /** Market-data messages this connection merged into newer ones because the client did not keep up. */
    public long conflated() {
        return conflated;
    }

    /** Messages waiting for the socket. */
    public int waiting() {
        return waiting.size();
    }

    /** Periodic check: a socket full for longer than the slow-consumer timeout makes the client too slow. */
    public void check(long nowNanos) {
        if (!closed && slowSinceNanos >= 0 && nowNanos - slowSinceNanos > slowConsumerTimeoutNanos) {
            slow("write queue full for longer than " + slowConsumerTimeoutNanos / 1_000_000 + " ms");
        }
    }

    /** Writes the batch and flushes the socket now (before a close frame, which must come last). */
    public void flushNow() {
        writeBatch();
        flush();
    }

    /** The connection closed: frees what waits. */
    public void close() {
        closed = true;
        waiting.clear();
        if (batch != null) {
            batch.discard();
        }
    }

    private boolean writable() {
        return ctx.channel().isWritable();
    }

    private void slow(String reason) {
        waiting.clear();
        slowSinceNanos = -1;
        onSlowConsumer.accept(reason);
    }

    private void writeWaiting() {
        if (closed) {
            return;
        }
        Iterator<Waiting> it = waiting.values().iterator();
        while (it.hasNext() && writable()) {
            Waiting w = it.next();
            it.remove();
            sentSinceFlush++;
            byte[] json = w.frame().mergedWith(w.merged()).json();
            if (batch != null) {
                addToBatch(json);
            } else {
                ctx.write(WsFrames.text(ctx.alloc(), json), ctx.voidPromise());
                scheduleFlush();
            }
        }
        if (waiting.isEmpty()) {
            slowSinceNanos = -1;
        }
    }

    private void addToBatch(byte[] json) {
        if (!batch.fits(json.length)) {
            writeBatch();
        }
        if (batch.add(json)) {
            writeBatch();
        } else if (!batchScheduled) {
            batchScheduled = true;
            endOfTurn.batch(this);
        }
    }

    /** Writes the waiting batch as one frame (batched mode; nothing otherwise). */
    void writeBatch() {
        batchScheduled = false;
        if (batch == null || batch.isEmpty() || closed) {
            return;
        }
        ByteBuf frame = batch.drainFrame();
        ctx.write(frame, ctx.voidPromise());
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            endOfTurn.flush(this);
        }
    }

    /** Flushes what this turn wrote. */
    void flush() {
        flushScheduled = false;
        if (metrics != null && sentSinceFlush > 0) {
            metrics.ticksSent(sentSinceFlush);
        }
        sentSinceFlush = 0;
        if (!closed && !ws.isClosed()) {
            ctx.flush();
        }
    }
}
