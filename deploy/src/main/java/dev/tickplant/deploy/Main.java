package dev.tickplant.deploy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the runnable jar: parses options, loads config and starts a {@link TickplantNode}. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            LOG.info("\n{}", LaunchOptions.USAGE);
            return;
        }
        LaunchOptions options;
        JsonObject overrides;
        try {
            options = LaunchOptions.parse(args);
            overrides = options.configFile() == null
                    ? new JsonObject()
                    : new JsonObject(Files.readString(options.configFile()));
        } catch (IllegalArgumentException | IOException | io.vertx.core.json.DecodeException e) {
            LOG.error("cannot start: {}\n{}", e.getMessage(), LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        TickplantNode.start(options, overrides, System.getenv())
                .onSuccess(node -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    LOG.info("shutting down");
                    node.close().await();
                }, "tickplant-shutdown")))
                .onFailure(err -> {
                    LOG.error("node failed to start", err);
                    System.exit(1);
                });
    }
}
