package dev.tickplant.ingest.replay;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.parsetools.RecordParser;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a recording (see {@link FrameRecorder}) to every WebSocket client that connects, on any path: point a
 * connector's URI at it and the recorded frames pass through the venue's parser and mapper exactly as they did
 * live, binary frames as binary frames with their original bytes. Requests the connector sends on the WebSocket are
 * ignored, since the recording already holds the venue's answers. The file is streamed, not loaded, and each
 * client's write queue paces the reading, so recordings of any size replay in bounded memory.
 *
 * <p>Plain HTTP requests on the same port are answered with the REST responses in the recording (Binance's depth
 * snapshots): point the connector's REST URI here too. A request gets the next recorded response to the same method
 * and path-and-query, in recorded order, the last one again once they are used up, and 404 when there is none. Only
 * those responses are held in memory, read once at start. The stream stops at each recorded REST response until the
 * connector has asked for it (at most {@code restWait}), so that even at full speed the connector gets its snapshot
 * no later, counted in frames, than it did live, and never buffers more than it did live.
 */
public final class ReplayServerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayServerVerticle.class);

    /** How long a stream waits at a recorded REST response for the connector to ask for it. */
    public static final Duration DEFAULT_REST_WAIT = Duration.ofSeconds(2);

    /** A stream held at a recorded REST response until the {@code needed}-th request for {@code key}. */
    private record RestGate(String key, int needed, Runnable open) {}

    private final ReplayConfig config;
    private final long restWaitMs;
    // Confined to this verticle's event loop, like everything below.
    /** Recorded REST responses by request key, in recorded order. */
    private final Map<String, Deque<RecordedHttpResponse>> httpResponses = new HashMap<>();
    /** REST requests answered from the recording, by request key. */
    private final Map<String, Integer> answered = new HashMap<>();
    private final List<RestGate> gates = new ArrayList<>();
    private HttpServer server;
    private volatile int actualPort = -1;
    private volatile long framesSent;

    public ReplayServerVerticle(ReplayConfig config) {
        this(config, DEFAULT_REST_WAIT);
    }

    /** @param restWait how long a stream waits at a recorded REST response for the connector to ask for it */
    public ReplayServerVerticle(ReplayConfig config, Duration restWait) {
        this.config = config;
        this.restWaitMs = Math.max(1, restWait.toMillis());
    }

    @Override
    public Future<?> start() {
        return vertx.fileSystem().exists(config.file())
                .compose(exists -> exists ? Future.succeededFuture()
                        : Future.failedFuture(new IllegalArgumentException("no recording at " + config.file())))
                .compose(v -> indexHttpResponses())
                .compose(v -> vertx.createHttpServer().webSocketHandler(this::play).requestHandler(this::answer)
                        .listen(config.port(), config.host()))
                .onSuccess(s -> {
                    server = s;
                    actualPort = s.actualPort();
                    LOG.info("replaying {} on {}:{} speed={}", config.file(), config.host(), actualPort,
                            config.speed() == 0 ? "max" : config.speed());
                });
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The bound port once started. */
    public int actualPort() {
        return actualPort;
    }

    /** Frames sent to all clients so far. */
    public long framesSent() {
        return framesSent;
    }

    /** Reads the recording once and keeps its REST responses, which are few next to its frames. */
    private Future<Void> indexHttpResponses() {
        return vertx.fileSystem().open(config.file(), new OpenOptions().setRead(true).setWrite(false))
                .compose(file -> {
                    Promise<Void> done = Promise.promise();
                    RecordParser lines = RecordParser.newDelimited("\n", file);
                    lines.handler(buffer -> {
                        if (!isHttpResponseLine(buffer)) {
                            return;
                        }
                        try {
                            RecordedHttpResponse response = RecordedFrame.parse(buffer.toString()).httpResponse();
                            httpResponses.computeIfAbsent(response.requestKey(), k -> new ArrayDeque<>())
                                    .add(response);
                        } catch (IllegalArgumentException e) {
                            LOG.warn("skipping bad recorded REST response: {}", e.getMessage());
                        }
                    });
                    lines.endHandler(v -> done.tryComplete());
                    lines.exceptionHandler(done::tryFail);
                    return done.future().eventually(file::close);
                })
                .onSuccess(v -> {
                    if (!httpResponses.isEmpty()) {
                        LOG.info("recording {} answers {} REST request(s)", config.file(), httpResponses.size());
                    }
                });
    }

    /** Cheaper than parsing every frame line: the kind marker is the character before the first tab. */
    private static boolean isHttpResponseLine(Buffer line) {
        for (int i = 1; i < line.length() && i < 24; i++) {
            if (line.getByte(i) == '\t') {
                return line.getByte(i - 1) == 'h';
            }
        }
        return false;
    }

    private void answer(HttpServerRequest request) {
        Deque<RecordedHttpResponse> queue =
                httpResponses.get(RecordedHttpResponse.requestKey(request.method().name(), request.uri()));
        if (queue == null) {
            LOG.warn("no recorded response for {} {}", request.method(), request.uri());
            request.response().setStatusCode(404).end("not in the recording: " + request.method() + " "
                    + request.uri());
            return;
        }
        // Each request gets the next answer, as live; once they are used up the last one stands.
        RecordedHttpResponse response = queue.size() > 1 ? queue.poll() : queue.peek();
        request.response().setStatusCode(response.status()).putHeader("Content-Type", "application/json")
                .end(response.body());
        String key = response.requestKey();
        int count = answered.merge(key, 1, Integer::sum);
        List<RestGate> due = new ArrayList<>();
        gates.removeIf(gate -> gate.key().equals(key) && gate.needed() <= count && due.add(gate));
        // Opened only now: resuming a stream may reach its next gate at once, which adds to the list.
        due.forEach(gate -> gate.open().run());
    }

    /**
     * Holds the stream at a recorded REST response until the connector has asked for it as often as the recording
     * says it had by then, or {@code restWait} passed (a client that never asks, such as another venue's connector).
     *
     * @param answeredAtStart requests answered before this stream began, by key
     * @param reached recorded REST responses this stream has passed, by key
     */
    private void holdForRequest(RecordParser lines, RecordedFrame frame, Map<String, Integer> answeredAtStart,
            Map<String, Integer> reached, BooleanSupplier streamClosed) {
        String key;
        try {
            key = frame.httpResponse().requestKey();
        } catch (IllegalArgumentException e) {
            LOG.warn("skipping bad recorded REST response: {}", e.getMessage());
            return;
        }
        int needed = answeredAtStart.getOrDefault(key, 0) + reached.merge(key, 1, Integer::sum);
        if (answered.getOrDefault(key, 0) >= needed) {
            return;
        }
        lines.pause();
        boolean[] opened = {false};
        long[] timer = {-1};
        RestGate gate = new RestGate(key, needed, () -> {
            if (!opened[0]) {
                opened[0] = true;
                vertx.cancelTimer(timer[0]);
                if (!streamClosed.getAsBoolean()) {
                    lines.resume();
                }
            }
        });
        gates.add(gate);
        timer[0] = vertx.setTimer(restWaitMs, id -> {
            LOG.debug("nobody asked for {} within {} ms, replay goes on", key, restWaitMs);
            gates.remove(gate);
            gate.open().run();
        });
    }

    private void play(ServerWebSocket ws) {
        ws.textMessageHandler(ignored -> { }); // the recording holds the venue's replies already
        vertx.fileSystem().open(config.file(), new OpenOptions().setRead(true).setWrite(false))
                .onSuccess(file -> stream(ws, file))
                .onFailure(err -> {
                    LOG.warn("cannot open recording {}", config.file(), err);
                    ws.close((short) 1011, "recording unavailable");
                });
    }

    private void stream(ServerWebSocket ws, AsyncFile file) {
        RecordParser lines = RecordParser.newDelimited("\n", file);
        long[] firstRecordedNanos = {-1};
        boolean[] fileClosed = {false};
        Runnable closeFile = () -> {
            // The end of the recording and the client's close both release the file; only the first one may.
            if (!fileClosed[0]) {
                fileClosed[0] = true;
                file.close().onFailure(err -> LOG.debug("closing recording failed", err));
            }
        };
        long startNanos = System.nanoTime();
        Map<String, Integer> answeredAtStart = new HashMap<>(answered);
        Map<String, Integer> reached = new HashMap<>();
        lines.handler(buffer -> {
            if (buffer.length() == 0) {
                return;
            }
            RecordedFrame frame;
            try {
                frame = RecordedFrame.parse(buffer.toString());
            } catch (IllegalArgumentException e) {
                LOG.warn("skipping bad recording line: {}", e.getMessage());
                return;
            }
            if (frame.kind() == RecordedFrame.Kind.HTTP_RESPONSE) {
                // Served by answer(), not on the stream; the stream waits for it to be asked for.
                holdForRequest(lines, frame, answeredAtStart, reached, () -> fileClosed[0]);
                return;
            }
            if (config.speed() > 0) {
                if (firstRecordedNanos[0] < 0) {
                    firstRecordedNanos[0] = frame.recvEpochNanos();
                }
                long dueNanos = startNanos
                        + (long) ((frame.recvEpochNanos() - firstRecordedNanos[0]) / config.speed());
                long waitMs = (dueNanos - System.nanoTime()) / 1_000_000;
                if (waitMs > 0) {
                    lines.pause();
                    vertx.setTimer(waitMs, id -> {
                        if (send(ws, lines, frame)) {
                            lines.resume();
                        }
                    });
                    return;
                }
            }
            send(ws, lines, frame);
        });
        lines.endHandler(v -> {
            LOG.info("replay of {} finished for {}", config.file(), ws.remoteAddress());
            closeFile.run();
        });
        lines.exceptionHandler(err -> LOG.warn("replay read failed {}", config.file(), err));
        ws.closeHandler(v -> closeFile.run());
    }

    /** Sends one frame; false when reading must wait for the client's socket to drain (it resumes itself). */
    private boolean send(ServerWebSocket ws, RecordParser lines, RecordedFrame frame) {
        if (ws.isClosed()) {
            return false;
        }
        switch (frame.kind()) {
            case TEXT:
                ws.writeTextMessage(frame.text());
                break;
            case BINARY:
                try {
                    ws.writeBinaryMessage(Buffer.buffer(frame.bytes()));
                } catch (IllegalArgumentException e) {
                    LOG.warn("skipping binary frame that is not base64: {}", e.getMessage());
                    return true;
                }
                break;
            default:
                return true;
        }
        framesSent++;
        if (ws.writeQueueFull()) {
            // Backpressure: read no further until this client's socket drains.
            lines.pause();
            ws.drainHandler(v -> lines.resume());
            return false;
        }
        return true;
    }
}
