package dev.tickplant.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load-client WebSocket: subscribes, then counts and times what arrives. Confined to the connection's event
 * loop; {@link #measuredMarketData()} is read by the report only after a task has run on {@link #context()}.
 */
abstract class ClientConnection implements MessageScanner.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    /** Errors from servers are logged for the first few connections only: the report counts them all. */
    private static final AtomicInteger ERRORS_LOGGED = new AtomicInteger();

    protected final WebSocket ws;
    protected final Recording recording;
    protected final boolean hops;
    private final Context context;
    private final Promise<Void> subscribed = Promise.promise();
    private final Clock clock = Clock.systemUTC();
    private Recording.LoopStats stats;
    private long measuredMarketData;
    private boolean closed;
    /** Receive time of the frame being read; set by {@link #frameArrived()}. */
    private long frameMs;
    private long frameUs;
    private boolean frameMeasured;

    ClientConnection(WebSocket ws, Recording recording, boolean hops) {
        this.ws = ws;
        this.recording = recording;
        this.hops = hops;
        this.context = Vertx.currentContext();
        ws.closeHandler(v -> {
            closed = true;
            subscribed.tryFail("closed before subscribing");
        });
        ws.exceptionHandler(err -> LOG.debug("client connection error", err));
    }

    /** Completes once the server confirmed the subscription. */
    Future<Void> subscribed() {
        return subscribed.future();
    }

    Context context() {
        return context;
    }

    long measuredMarketData() {
        return measuredMarketData;
    }

    boolean closed() {
        return closed;
    }

    /** Called at the start of every WebSocket frame: one receive time per frame, like a real client's read. */
    protected final void frameArrived() {
        frameMeasured = recording.measuring();
        if (!frameMeasured) {
            return;
        }
        if (stats == null) {
            stats = recording.forThisThread();
        }
        stats.frames++;
        if (hops) {
            Instant now = clock.instant();
            frameUs = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
            frameMs = frameUs / 1000;
        } else {
            frameMs = System.currentTimeMillis();
        }
    }

    protected final void markSubscribed() {
        subscribed.tryComplete();
    }

    @Override
    public void onMessage(MessageScanner.Kind kind, long timeMs, long conflated, long hopsRecvUs, long hopsNormUs,
            long hopsSendUs) {
        switch (kind) {
            case MARKET_DATA -> {
                if (frameMeasured) {
                    measuredMarketData++;
                    stats.record(frameMs, frameUs, timeMs, conflated, hopsRecvUs, hopsNormUs, hopsSendUs);
                }
            }
            case SUBSCRIBED -> markSubscribed();
            case ERROR -> {
                if (frameMeasured) {
                    stats.errors++;
                }
                if (ERRORS_LOGGED.incrementAndGet() <= 5) {
                    LOG.warn("server sent an error (the report counts them; only the first 5 are logged)");
                }
            }
            case OTHER -> {}
        }
    }
}
