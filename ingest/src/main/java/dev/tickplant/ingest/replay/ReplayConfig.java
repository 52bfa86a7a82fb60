package dev.tickplant.ingest.replay;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A replay source: a loopback WebSocket server that plays a recording to every connector that connects, so the
 * recorded frames go back through the venue's own parser and mapper.
 *
 * @param file recording written by {@link FrameRecorder}
 * @param port 0 picks a free port
 * @param speed 0 plays as fast as the connection takes it; 1 keeps the recorded timing; 2 plays twice as fast
 */
public record ReplayConfig(String file, String host, int port, double speed) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final double DEFAULT_SPEED = 0;

    public ReplayConfig {
        Objects.requireNonNull(file, "replay.file");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("replay.port out of range: " + port);
        }
        if (speed < 0 || Double.isNaN(speed)) {
            throw new IllegalArgumentException("replay.speed must be >= 0: " + speed);
        }
    }

    /** Keys: {@code file} (required), {@code host}, {@code port}, {@code speed}. */
    public static ReplayConfig fromJson(JsonObject json) {
        String file = json.getString("file");
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("replay.file is required");
        }
        return new ReplayConfig(file, json.getString("host", DEFAULT_HOST), json.getInteger("port", 0),
                json.getDouble("speed", DEFAULT_SPEED));
    }
}
