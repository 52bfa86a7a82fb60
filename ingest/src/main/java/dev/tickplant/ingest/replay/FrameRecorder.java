package dev.tickplant.ingest.replay;

import dev.tickplant.ingest.ws.ReconnectingWebSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every raw frame a connector receives to a recording file (see {@link RecordedFrame} for the format), for
 * deterministic replays and for backtesting with exactly what was seen live: text frames as they are, binary frames
 * byte for byte, and the REST responses a connector fetches alongside its stream (so that a replay can answer them).
 * Writes are asynchronous and never block the event loop; when the disk cannot keep up, frames are dropped and
 * counted rather than buffered without bound.
 *
 * <p>Confined to the owning connector's event loop.
 */
public final class FrameRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(FrameRecorder.class);

    private final AsyncFile file;
    private final LongSupplier epochNanos;
    private final String path;
    private long recorded;
    private long dropped;

    private FrameRecorder(AsyncFile file, LongSupplier epochNanos, String path) {
        this.file = file;
        this.epochNanos = epochNanos;
        this.path = path;
        // A few MB of pending writes absorb bursts; beyond that the recording is behind and must shed.
        file.setWriteQueueMaxSize(8 << 20);
        file.exceptionHandler(err -> LOG.warn("recording write failed path={}", path, err));
    }

    /** Opens (creating or appending to) the recording at {@code path}. */
    public static Future<FrameRecorder> open(Vertx vertx, String path, LongSupplier epochNanos) {
        return vertx.fileSystem().open(path, new OpenOptions().setCreate(true).setAppend(true).setWrite(true))
                .map(file -> {
                    LOG.info("recording raw frames to {}", path);
                    return new FrameRecorder(file, epochNanos, path);
                });
    }

    /** Records one text frame with the current receive time. */
    public void record(String frame) {
        write(new RecordedFrame(epochNanos.getAsLong(), frame));
    }

    /** Records one binary frame, byte for byte, with the current receive time. */
    public void recordBinary(Buffer frame) {
        write(RecordedFrame.binary(epochNanos.getAsLong(), frame.getBytes()));
    }

    /**
     * Records a REST response with the current receive time.
     *
     * @param target the request's path and query, e.g. {@code /api/v3/depth?symbol=BTCUSDT&limit=100}
     */
    public void recordHttpResponse(String method, String target, int status, Buffer body) {
        write(RecordedFrame.httpResponse(epochNanos.getAsLong(),
                new RecordedHttpResponse(method, target, status, body.toString())));
    }

    private void write(RecordedFrame frame) {
        if (file.writeQueueFull()) {
            if (dropped++ % 10_000 == 0) {
                LOG.warn("recording cannot keep up, dropping frames path={} dropped={}", path, dropped);
            }
            return;
        }
        file.write(Buffer.buffer(frame.toLine()).appendByte((byte) '\n'));
        recorded++;
    }

    /** A listener that records each text and binary frame, then hands it to {@code delegate}. */
    public ReconnectingWebSocket.Listener wrap(ReconnectingWebSocket.Listener delegate) {
        return new ReconnectingWebSocket.Listener() {
            @Override
            public void onOpen() {
                delegate.onOpen();
            }

            @Override
            public void onText(String text) {
                record(text);
                delegate.onText(text);
            }

            @Override
            public void onBinary(Buffer data) {
                recordBinary(data);
                delegate.onBinary(data);
            }

            @Override
            public void onClosed(String reason) {
                delegate.onClosed(reason);
            }
        };
    }

    /** Frames written so far. */
    public long recordedCount() {
        return recorded;
    }

    /** Frames dropped because the file could not keep up. */
    public long droppedCount() {
        return dropped;
    }

    /** Flushes and closes the file. */
    public Future<Void> close() {
        return file.flush().compose(v -> file.close());
    }
}
