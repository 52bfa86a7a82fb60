package dev.tickplant.bench.report;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns the {@code RESULT {json}} lines of several {@code LoadClient} runs into one comparison table (Markdown), with
 * the ratios the benchmark's targets are stated in:
 *
 * <ul>
 *   <li>tickplant default mode: its highest delivered ticks/s with p99 ≤ {@value #P99_BOUND_MS} ms, divided by the
 *       bare Vert.x flush-coalesced server's ({@code bare/fch}) delivered ticks/s, same N;
 *   <li>tickplant batched mode: the same, divided by nats-server's with 10 ticks per message ({@code nats/10}).
 * </ul>
 *
 * <p>Rows are matched by their {@code label} ({@code tickplant/default}, {@code tickplant/batched}, {@code bare/fch},
 * {@code nats/10}, ...), as {@code compare.sh} sets them. Usage: {@code CompareTable RESULTS_FILE}.
 */
public final class CompareTable {
    /** The p99 bound under which a tickplant rate counts as sustained (issue targets). */
    public static final double P99_BOUND_MS = 50;

    private CompareTable() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CompareTable RESULTS_FILE (lines 'RESULT {json}')");
            System.exit(2);
        }
        System.out.print(render(parse(Files.readAllLines(Path.of(args[0])))));
    }

    /** The JSON objects of every {@code RESULT } line, in order; other lines are ignored. */
    public static List<JsonObject> parse(List<String> lines) {
        List<JsonObject> rows = new ArrayList<>();
        for (String line : lines) {
            int at = line.indexOf("RESULT {");
            if (at >= 0) {
                rows.add(new JsonObject(line.substring(at + "RESULT ".length())));
            }
        }
        return rows;
    }

    /** The table and the ratio lines. */
    public static String render(List<JsonObject> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| system/mode | N | offered | delivered ticks/s | frames/s | p50 ms | p99 ms | p99.9 ms | "
                + "server CPU % | heap MB | RSS MB | conflated |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (JsonObject r : rows) {
            int failed = r.getInteger("failed_clients", 0);
            // Clients that never subscribed are not in the figures: say so where N is.
            String clients = failed == 0 ? Integer.toString(r.getInteger("clients"))
                    : r.getInteger("clients") + " (" + (r.getInteger("clients") - failed) + " subscribed)";
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.getString("label"), clients, text(r.getValue("offered")),
                    thousands(r.getValue("ticks_per_s")), thousands(r.getValue("frames_per_s")),
                    text(r.getValue("lat_ms_p50")), text(r.getValue("lat_ms_p99")), text(r.getValue("lat_ms_p999")),
                    text(r.getValue("server_cpu_pct")), text(r.getValue("server_heap_mb")),
                    text(r.getValue("server_rss_mb")), text(r.getValue("conflated_server"))));
        }
        TreeSet<Integer> sizes = new TreeSet<>();
        rows.forEach(r -> sizes.add(r.getInteger("clients")));
        sb.append('\n');
        for (int n : sizes) {
            sb.append(ratioLine(rows, n, "tickplant/default", "bare/fch"));
            sb.append(ratioLine(rows, n, "tickplant/batched", "nats/10"));
        }
        return sb.toString();
    }

    /** Highest delivered ticks/s of {@code label} at N with p99 within the bound, if any run stayed within it. */
    public static Optional<JsonObject> bestWithinBound(List<JsonObject> rows, int clients, String label) {
        return rows.stream()
                .filter(r -> r.getInteger("clients") == clients && label.equals(r.getString("label")))
                .filter(r -> r.getValue("lat_ms_p99") instanceof Number p99 && p99.doubleValue() <= P99_BOUND_MS)
                .max((a, b) -> Long.compare(a.getLong("ticks_per_s"), b.getLong("ticks_per_s")));
    }

    private static String ratioLine(List<JsonObject> rows, int clients, String label, String reference) {
        Optional<JsonObject> ref = rows.stream()
                .filter(r -> r.getInteger("clients") == clients && reference.equals(r.getString("label")))
                .max((a, b) -> Long.compare(a.getLong("ticks_per_s"), b.getLong("ticks_per_s")));
        boolean measured = rows.stream()
                .anyMatch(r -> r.getInteger("clients") == clients && label.equals(r.getString("label")));
        if (ref.isEmpty() || !measured) {
            return "";
        }
        Optional<JsonObject> best = bestWithinBound(rows, clients, label);
        long refTicks = ref.get().getLong("ticks_per_s");
        if (best.isEmpty()) {
            long most = rows.stream()
                    .filter(r -> r.getInteger("clients") == clients && label.equals(r.getString("label")))
                    .mapToLong(r -> r.getLong("ticks_per_s")).max().orElse(0);
            return String.format(Locale.ROOT, "N=%d: %s never kept p99 <= %.0f ms (most delivered at any p99: %s "
                            + "ticks/s = %.2fx %s, %s)%n", clients, label, P99_BOUND_MS, thousands(most),
                    refTicks == 0 ? Double.NaN : (double) most / refTicks, reference, thousands(refTicks));
        }
        long ticks = best.get().getLong("ticks_per_s");
        return String.format(Locale.ROOT, "N=%d: %s at p99 <= %.0f ms: %s ticks/s (offered %s) = %.2fx %s (%s)%n",
                clients, label, P99_BOUND_MS, thousands(ticks), text(best.get().getValue("offered")),
                refTicks == 0 ? Double.NaN : (double) ticks / refTicks, reference, thousands(refTicks));
    }

    private static String text(Object v) {
        return v == null || "".equals(v) ? "-" : v.toString();
    }

    private static String thousands(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%,d", n.longValue()) : text(v);
    }
}
