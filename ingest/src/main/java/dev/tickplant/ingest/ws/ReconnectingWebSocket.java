package dev.tickplant.ingest.ws;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One persistent WebSocket to an upstream feed, re-established with {@link Backoff} whenever it fails or drops.
 * The owner reacts through a {@link Listener}: subscribe on {@code onOpen}, parse in {@code onText} (and in
 * {@code onBinary} for a venue that sends binary frames, such as HTX's gzipped ones), mark symbols disconnected in
 * {@code onClosed}. At most one connection (or connection attempt) exists at any time.
 *
 * <p>Confined to the event loop of the verticle that created it: call every method from that context.
 */
public final class ReconnectingWebSocket {
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingWebSocket.class);

    /** Callbacks, all invoked on the owner's event loop. */
    public interface Listener {
        /** A new connection is open; nothing has been sent on it yet. */
        void onOpen();

        /** A text frame arrived. */
        void onText(String text);

        /**
         * A binary frame arrived. Most venues send text only, so by default a binary frame is logged and dropped;
         * a venue that sends binary frames overrides this.
         */
        default void onBinary(Buffer data) {
            LOG.debug("binary frame of {} bytes ignored: this feed expects text frames", data.length());
        }

        /** The connection is gone (or an attempt failed after having been open); a reconnect is scheduled. */
        void onClosed(String reason);

        /** A listener for a feed that receives text frames only. */
        static Listener of(Runnable onOpen, Consumer<String> onText, Consumer<String> onClosed) {
            return of(onOpen, onText, null, onClosed);
        }

        /** A listener; {@code onBinary} null drops binary frames as the default {@link #onBinary} does. */
        static Listener of(Runnable onOpen, Consumer<String> onText, Consumer<Buffer> onBinary,
                Consumer<String> onClosed) {
            return new Listener() {
                @Override
                public void onOpen() {
                    onOpen.run();
                }

                @Override
                public void onText(String text) {
                    onText.accept(text);
                }

                @Override
                public void onBinary(Buffer data) {
                    if (onBinary == null) {
                        Listener.super.onBinary(data);
                    } else {
                        onBinary.accept(data);
                    }
                }

                @Override
                public void onClosed(String reason) {
                    onClosed.accept(reason);
                }
            };
        }
    }

    private final Vertx vertx;
    private final WebSocketClient client;
    private final Supplier<WebSocketConnectOptions> options;
    private final Backoff backoff;
    private final LongSupplier monotonicMs;
    private final Listener listener;
    private final String name;
    private WebSocket socket;
    private boolean connecting;
    private boolean stopped = true;
    private long reconnectTimer = -1;
    private String dropReason;
    private long connects;
    private long lastFrameMs;

    /**
     * @param client the client to connect with; owned by the caller, which closes it
     * @param options connect options, asked for on every attempt (the URI carries the token)
     * @param monotonicMs monotonic milliseconds for the backoff's health check
     * @param name feed id for logs (never the URI: it contains the token)
     */
    public ReconnectingWebSocket(Vertx vertx, WebSocketClient client, Supplier<WebSocketConnectOptions> options,
            Backoff backoff, LongSupplier monotonicMs, Listener listener, String name) {
        this.vertx = vertx;
        this.client = client;
        this.options = options;
        this.backoff = backoff;
        this.monotonicMs = monotonicMs;
        this.listener = listener;
        this.name = name;
    }

    /** Starts connecting; the first attempt is immediate. Does nothing when already started. */
    public void start() {
        if (!stopped) {
            return;
        }
        stopped = false;
        connect();
    }

    /** True while a connection is open. */
    public boolean isOpen() {
        return socket != null;
    }

    /** Connections established so far. */
    public long connects() {
        return connects;
    }

    /**
     * Writes a text frame on the open connection.
     *
     * @return false when no connection is open (the frame is not queued: the owner re-sends state on open)
     */
    public boolean send(String text) {
        WebSocket ws = socket;
        if (ws == null) {
            return false;
        }
        ws.writeTextMessage(text).onFailure(err -> LOG.debug("feed={} write failed", name, err));
        return true;
    }

    /** Closes the current connection so that a fresh one is made (e.g. the venue stopped answering heartbeats). */
    public void drop(String reason) {
        WebSocket ws = socket;
        if (ws != null) {
            dropReason = reason;
            ws.close((short) 1001, reason).onFailure(err -> onClose(ws));
        }
    }

    /**
     * Drops the connection when no frame arrived on it for {@code timeoutMs}, counted from its opening or its last
     * frame: a venue that stops sending without closing is as good as gone. Venues send heartbeats or answer pings
     * well within any sensible timeout, so silence means a dead connection.
     *
     * @return whether it dropped the connection
     */
    public boolean dropIfSilent(long timeoutMs) {
        if (socket == null) {
            return false;
        }
        long now = monotonicMs.getAsLong();
        if (now - lastFrameMs < timeoutMs) {
            return false;
        }
        LOG.warn("feed={} nothing received for {} ms, reconnecting", name, now - lastFrameMs);
        // Counted afresh, so that the ticks until the close completes do not drop it again.
        lastFrameMs = now;
        drop("heartbeat timeout");
        return true;
    }

    /** Stops reconnecting and closes the connection. */
    public Future<Void> stop() {
        stopped = true;
        if (reconnectTimer >= 0) {
            vertx.cancelTimer(reconnectTimer);
            reconnectTimer = -1;
        }
        WebSocket ws = socket;
        socket = null;
        return ws == null ? Future.succeededFuture() : ws.close().recover(err -> Future.succeededFuture());
    }

    private void connect() {
        reconnectTimer = -1;
        if (stopped || connecting || socket != null) {
            return;
        }
        connecting = true;
        client.connect(options.get()).onComplete(ar -> {
            connecting = false;
            if (ar.failed()) {
                LOG.warn("feed={} connect failed: {}", name, ar.cause().toString());
                scheduleReconnect();
                return;
            }
            WebSocket ws = ar.result();
            if (stopped) {
                ws.close();
                return;
            }
            socket = ws;
            connects++;
            backoff.onConnected(monotonicMs.getAsLong());
            lastFrameMs = monotonicMs.getAsLong();
            ws.textMessageHandler(text -> {
                lastFrameMs = monotonicMs.getAsLong();
                listener.onText(text);
            });
            ws.binaryMessageHandler(data -> {
                lastFrameMs = monotonicMs.getAsLong();
                listener.onBinary(data);
            });
            ws.exceptionHandler(err -> LOG.debug("feed={} socket error", name, err));
            ws.closeHandler(v -> onClose(ws));
            LOG.info("feed={} connected (connection #{})", name, connects);
            listener.onOpen();
        });
    }

    private void onClose(WebSocket ws) {
        if (socket != ws) {
            return;
        }
        socket = null;
        String reason = dropReason != null ? dropReason : closeReason(ws);
        dropReason = null;
        backoff.onDisconnected(monotonicMs.getAsLong());
        if (stopped) {
            return;
        }
        LOG.warn("feed={} disconnected: {}", name, reason);
        listener.onClosed(reason);
        scheduleReconnect();
    }

    private static String closeReason(WebSocket ws) {
        Short code = ws.closeStatusCode();
        String text = ws.closeReason();
        return "closed by peer" + (code == null ? "" : " code=" + code) + (text == null ? "" : " reason=" + text);
    }

    private void scheduleReconnect() {
        if (stopped || reconnectTimer >= 0) {
            return;
        }
        long delay = backoff.nextDelayMs();
        LOG.info("feed={} reconnecting in {} ms (attempt {})", name, delay, backoff.attempts());
        reconnectTimer = vertx.setTimer(delay, id -> connect());
    }
}
