package dev.tickplant.deploy;

import io.vertx.core.json.JsonObject;

/**
 * The operations HTTP server every node runs: {@code /health/live}, {@code /health/ready}, {@code /metrics}.
 *
 * @param port 0 picks a free port
 */
public record ManagementConfig(String host, int port) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 9090;

    public ManagementConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("management.port out of range: " + port);
        }
    }

    /** Keys: {@code host}, {@code port}. */
    public static ManagementConfig fromJson(JsonObject json) {
        return new ManagementConfig(json.getString("host", DEFAULT_HOST), json.getInteger("port", DEFAULT_PORT));
    }
}
