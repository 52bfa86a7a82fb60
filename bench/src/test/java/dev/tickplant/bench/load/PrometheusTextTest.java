package dev.tickplant.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String TEXT = String.join("\n",
            "# HELP jvm_memory_used_bytes The amount of used memory",
            "# TYPE jvm_memory_used_bytes gauge",
            "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"} 1000.0",
            "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"} 2.5E3",
            "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\"} 99.0",
            "tickplant_gateway_ticks_conflated_total{node=\"n1\"} 7.0",
            "tickplant_gateway_ticks_conflated_total_extra 5.0",
            "");

    @Test
    void shouldSumTheSeriesWithTheGivenLabels() {
        assertEquals(3500.0, PrometheusText.sum(TEXT, "jvm_memory_used_bytes", Map.of("area", "heap")));
        assertEquals(3599.0, PrometheusText.sum(TEXT, "jvm_memory_used_bytes", Map.of()));
    }

    @Test
    void shouldNotTakeAMetricWhoseNameOnlyStartsWithTheOne() {
        assertEquals(7.0, PrometheusText.sum(TEXT, "tickplant_gateway_ticks_conflated_total", Map.of()));
    }

    @Test
    void shouldSayNaNWhenNothingMatches() {
        assertTrue(Double.isNaN(PrometheusText.sum(TEXT, "absent_total", Map.of())));
        assertTrue(Double.isNaN(PrometheusText.sum("", "jvm_memory_used_bytes", Map.of())));
    }
}
