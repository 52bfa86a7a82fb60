package dev.tickplant.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real jar as a separate JVM, for tests of what only separate processes show (cluster membership, kill -9).
 * Output goes to a log file under {@code target/}; {@link #close()} kills the process tree. Nodes bind their HTTP
 * ports to 0 and the test reads the ports from the node's "ready" log line: a port picked beforehand and closed
 * again could be taken meanwhile by another process's ephemeral bind (the clustered event bus makes several).
 */
final class JarProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target", "tickplant.jar");
    private static final Pattern READY =
            Pattern.compile("ready roles=\\[[^]]*] gatewayPort=(-?\\d+) managementPort=(-?\\d+) clusterPort=(-?\\d+)");
    private final Process process;
    private final Path log;
    private int managementPort = -1;
    private int gatewayPort = -1;
    private int clusterPort = -1;

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java -jar tickplant.jar -cluster -roles ROLES -conf <config>} and returns at once. The config
     * should bind {@code management.port} (and {@code gateway.port}) to 0.
     */
    static JarProcess start(String name, String roles, String configJson) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " missing: failsafe runs after package");
        }
        Path dir = Files.createDirectories(Path.of("target", "process-it"));
        Path config = dir.resolve(name + ".json");
        Files.writeString(config, configJson);
        Path log = dir.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar",
                JAR.toString(), "-cluster", "-roles", roles, "-conf", config.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new JarProcess(p, log);
    }

    /** Waits until the node has logged its ports and {@code /health/ready} answers 200. */
    void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited: " + tail());
            }
            if (managementPort < 0) {
                Matcher m = READY.matcher(Files.readString(log));
                if (!m.find()) {
                    Thread.sleep(200);
                    continue;
                }
                gatewayPort = Integer.parseInt(m.group(1));
                managementPort = Integer.parseInt(m.group(2));
                clusterPort = Integer.parseInt(m.group(3));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + managementPort + "/health/ready")).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling until the deadline
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not ready within " + timeout + ": " + tail());
    }

    /** The port the node's gateway listens on (-1 without the gateway role); known after {@link #awaitReady}. */
    int gatewayPort() {
        return gatewayPort;
    }

    /**
     * The port the node's Hazelcast member listens on, which other members join through (see {@link TestCluster});
     * known after {@link #awaitReady}.
     */
    int clusterPort() {
        return clusterPort;
    }

    /** The node's readiness report ({@code /health/ready}), or null when it does not answer. */
    io.vertx.core.json.JsonObject readiness() {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                    + "/health/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return new io.vertx.core.json.JsonObject(r.body());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The last lines of the process's log, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
