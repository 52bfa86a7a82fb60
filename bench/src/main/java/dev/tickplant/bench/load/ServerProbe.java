package dev.tickplant.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Samples the process under test: CPU time from {@code /proc/PID/stat}, resident memory from {@code /proc/PID/status},
 * and, for a tickplant node, heap and gateway counters from its Prometheus {@code /metrics}. Linux only; every value
 * that cannot be read is {@code NaN} or -1, so a report still comes out.
 */
public final class ServerProbe {
    /** Kernel clock ticks per second of {@code /proc/PID/stat} times ({@code getconf CLK_TCK}; 100 on Linux). */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    private final long pid;
    private final String metricsUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param pid the process to sample, or -1 for none
     * @param metricsUri its Prometheus endpoint, or null
     */
    public ServerProbe(long pid, String metricsUri) {
        this.pid = pid;
        this.metricsUri = metricsUri;
    }

    /** One reading. */
    public record Sample(long nanoTime, double cpuSeconds, long rssBytes, double heapUsedBytes, double conflated,
            double ticksSent) {}

    public Sample sample() {
        String metrics = metrics();
        return new Sample(System.nanoTime(), cpuSeconds(pid), rssBytes(pid),
                PrometheusText.sum(metrics, "jvm_memory_used_bytes", Map.of("area", "heap")),
                PrometheusText.sum(metrics, "tickplant_gateway_ticks_conflated_total", Map.of()),
                PrometheusText.sum(metrics, "tickplant_gateway_ticks_sent_total", Map.of()));
    }

    /** CPU used between two samples, in % of one core. */
    public static double cpuPercent(Sample from, Sample to) {
        double seconds = (to.nanoTime() - from.nanoTime()) / 1e9;
        return seconds <= 0 ? Double.NaN : 100 * (to.cpuSeconds() - from.cpuSeconds()) / seconds;
    }

    /** User plus system CPU seconds of a process so far, or NaN. */
    public static double cpuSeconds(long pid) {
        if (pid < 0) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name, which is in parentheses and may contain spaces: state is field 3,
            // utime field 14, stime field 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Resident set size in bytes, or -1. */
    public static long rssBytes(long pid) {
        if (pid < 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private String metrics() {
        if (metricsUri == null) {
            return "";
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metricsUri))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
