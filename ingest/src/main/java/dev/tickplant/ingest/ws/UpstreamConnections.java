package dev.tickplant.ingest.ws;

import dev.tickplant.ingest.replay.FrameRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A feed's WebSocket connections to its venue: one client, one {@link ReconnectingWebSocket} per connection (most
 * feeds have one; Binance shards by stream count), each with its own {@link Backoff}, and the optional
 * {@link FrameRecorder} that records what every connection receives. {@link #close()} stops the connections, then
 * the client, then the recording, so the recording holds everything that was received.
 *
 * <p>Confined to the owning connector's event loop.
 */
public final class UpstreamConnections {

    /**
     * How a feed connects.
     *
     * @param feedId connection names start with it (logs; never the URI, which may carry a token)
     * @param connectTimeout a connection attempt that takes longer fails and is retried with backoff
     * @param maxMessageSize largest message accepted, in bytes (frames are limited to 1 MiB each)
     * @param reconnectMin first reconnect delay
     * @param reconnectMax cap of the reconnect delay
     * @param healthyAfter a connection up this long resets the backoff
     * @param recordFile when set, every frame received is recorded there (see {@link FrameRecorder}); else null
     */
    public record Settings(String feedId, Duration connectTimeout, int maxMessageSize, Duration reconnectMin,
            Duration reconnectMax, Duration healthyAfter, String recordFile) {
        public Settings {
            Objects.requireNonNull(feedId, "feedId");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(reconnectMin, "reconnectMin");
            Objects.requireNonNull(reconnectMax, "reconnectMax");
            Objects.requireNonNull(healthyAfter, "healthyAfter");
        }
    }

    private static final int MAX_FRAME_SIZE = 1 << 20;

    private final Vertx vertx;
    private final Settings settings;
    private final LongSupplier monotonicMs;
    private final WebSocketClient client;
    private final FrameRecorder recorder;
    private final List<ReconnectingWebSocket> connections = new ArrayList<>();

    private UpstreamConnections(Vertx vertx, Settings settings, LongSupplier monotonicMs, WebSocketClient client,
            FrameRecorder recorder) {
        this.vertx = vertx;
        this.settings = settings;
        this.monotonicMs = monotonicMs;
        this.client = client;
        this.recorder = recorder;
    }

    /**
     * Creates the client and opens the recording, if any; no connection is made yet.
     *
     * @param epochNanos receive times in the recording
     * @param monotonicMs the backoffs' clock
     */
    public static Future<UpstreamConnections> open(Vertx vertx, Settings settings, LongSupplier epochNanos,
            LongSupplier monotonicMs) {
        Future<FrameRecorder> recording = settings.recordFile() == null
                ? Future.succeededFuture()
                : FrameRecorder.open(vertx, settings.recordFile(), epochNanos);
        return recording.map(recorder -> {
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                    .setMaxFrameSize(MAX_FRAME_SIZE)
                    .setMaxMessageSize(settings.maxMessageSize()));
            return new UpstreamConnections(vertx, settings, monotonicMs, client, recorder);
        });
    }

    /**
     * A new connection, not started yet; its frames are recorded before {@code listener} sees them.
     *
     * @param name the connection's name in logs
     * @param uri the absolute URI, asked for on every attempt
     */
    public ReconnectingWebSocket connection(String name, Supplier<String> uri,
            ReconnectingWebSocket.Listener listener) {
        Backoff backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax(), settings.healthyAfter(),
                () -> ThreadLocalRandom.current().nextDouble());
        ReconnectingWebSocket socket = new ReconnectingWebSocket(vertx, client,
                () -> new WebSocketConnectOptions().setAbsoluteURI(uri.get()), backoff, monotonicMs,
                recorder == null ? listener : recorder.wrap(listener), name);
        connections.add(socket);
        return socket;
    }

    /** Starts every connection made so far; starting one that is already started does nothing. */
    public void startAll() {
        connections.forEach(ReconnectingWebSocket::start);
    }

    /** The recording, for what a feed receives besides frames (REST responses); null when not recording. */
    public FrameRecorder recorder() {
        return recorder;
    }

    /** Stops every connection, then closes the client, then the recording. */
    public Future<Void> close() {
        List<Future<Void>> stopping = new ArrayList<>();
        for (ReconnectingWebSocket socket : connections) {
            stopping.add(socket.stop());
        }
        return Future.join(stopping)
                .eventually(client::close)
                .eventually(() -> recorder == null ? Future.succeededFuture() : recorder.close())
                .mapEmpty();
    }
}
