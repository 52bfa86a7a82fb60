package dev.tickplant.ingest.testsupport;

import dev.tickplant.ingest.replay.RecordedFrame;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/** What connector tests do with a recording. */
public final class Recordings {
    private Recordings() {}

    /**
     * Lets a connector deployed with {@code recordFile} {@code file} run until {@code enough} holds, undeploys it
     * (which closes the recording) and reads the recording back; fails when a line does not parse or has no receive
     * time.
     */
    public static Future<List<RecordedFrame>> recordUntil(Vertx vertx, Future<String> deployment,
            BooleanSupplier enough, Path file, long timeoutMs) {
        return deployment
                .compose(id -> Eventually.until(vertx, timeoutMs, enough, () -> "enough recorded in " + file)
                        .compose(v -> vertx.undeploy(id)))
                .compose(v -> vertx.fileSystem().readFile(file.toString()))
                .map(buffer -> buffer.toString().lines().map(RecordedFrame::parse).toList())
                .compose(frames -> frames.stream().allMatch(f -> f.recvEpochNanos() > 0)
                        ? Future.succeededFuture(frames)
                        : Future.failedFuture(new AssertionError("a recorded frame has no receive time")));
    }
}
