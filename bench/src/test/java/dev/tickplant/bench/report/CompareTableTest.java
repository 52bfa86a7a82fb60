package dev.tickplant.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareTableTest {
    private static String row(String label, int clients, String offered, long ticks, double p99) {
        return "RESULT " + new JsonObject().put("label", label).put("clients", clients).put("offered", offered)
                .put("ticks_per_s", ticks).put("frames_per_s", ticks).put("lat_ms_p50", 1.0).put("lat_ms_p99", p99)
                .put("lat_ms_p999", p99).encode();
    }

    private final List<JsonObject> rows = CompareTable.parse(List.of(
            "# a comment line",
            row("tickplant/default", 100, "100000", 100_000, 10),
            row("tickplant/default", 100, "300000", 290_000, 45),
            row("tickplant/default", 100, "600000", 450_000, 400),
            row("bare/fch", 100, "max", 1_000_000, 900),
            row("tickplant/batched", 100, "600000", 590_000, 600),
            row("nats/10", 100, "max", 5_000_000, 30)));

    @Test
    void shouldTakeTheHighestRateWhoseP99IsWithinTheBound() {
        assertEquals(290_000L, CompareTable.bestWithinBound(rows, 100, "tickplant/default").orElseThrow()
                .getLong("ticks_per_s"));
        assertTrue(CompareTable.bestWithinBound(rows, 100, "tickplant/batched").isEmpty());
    }

    @Test
    void shouldPrintOneRowPerRunAndTheRatios() {
        String table = CompareTable.render(rows);
        assertEquals(2 + 6, table.lines().filter(l -> l.startsWith("|")).count());
        assertTrue(table.contains("N=100: tickplant/default at p99 <= 50 ms: 290,000 ticks/s (offered 300000) = "
                + "0.29x bare/fch (1,000,000)"), table);
        assertTrue(table.contains("N=100: tickplant/batched never kept p99 <= 50 ms (most delivered at any p99: "
                + "590,000 ticks/s = 0.12x nats/10, 5,000,000)"), table);
    }
}
