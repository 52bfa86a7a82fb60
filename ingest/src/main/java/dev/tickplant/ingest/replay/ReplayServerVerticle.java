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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
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
 * those responses are held in memory, read once at start.
 */
public final class ReplayServerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayServerVerticle.class);

    private final ReplayConfig config;
    /** Recorded REST responses by request key, in recorded order; confined to this verticle's event loop. */
    private final Map<String, Deque<RecordedHttpResponse>> httpResponses = new HashMap<>();
    private HttpServer server;
    private volatile int actualPort = -1;
    private volatile long framesSent;

    public ReplayServerVerticle(ReplayConfig config) {
        this.config = config;
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
                return; // served by answer(), not on the stream
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
