package dev.tickplant.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Partitions;
import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionBatcherTest {
    private record Sent(int partition, EventBatch batch) {}

    private final List<Sent> sent = new ArrayList<>();
    private final List<Runnable> scheduled = new ArrayList<>();

    private PartitionBatcher batcher(int partitions, int max) {
        return new PartitionBatcher(partitions, max, "alltick@test", (p, b) -> sent.add(new Sent(p, b)),
                scheduled::add);
    }

    private static MarketEvent event(String symbol, int n) {
        return new Status(symbol, "alltick", StatusState.LIVE, "n" + n, n, n, 0);
    }

    private void runScheduled() {
        List<Runnable> tasks = new ArrayList<>(scheduled);
        scheduled.clear();
        tasks.forEach(Runnable::run);
    }

    @Test
    void shouldFlushAtTheEndOfTheTurnWithOneScheduleForManyEvents() {
        PartitionBatcher b = batcher(4, 100);
        for (int i = 0; i < 10; i++) {
            b.add(event(i % 2 == 0 ? "EURUSD" : "AAPL.US", i));
        }
        assertEquals(1, scheduled.size(), "one flush per turn");
        assertTrue(sent.isEmpty(), "nothing sent before the turn ends");
        runScheduled();
        int total = sent.stream().mapToInt(s -> s.batch().events().size()).sum();
        assertEquals(10, total);
        for (Sent s : sent) {
            assertEquals("alltick@test", s.batch().source());
            for (MarketEvent e : s.batch().events()) {
                assertEquals(s.partition(), Partitions.of(e.symbol(), 4), "event in its symbol's partition");
            }
        }
    }

    @Test
    void shouldKeepOrderWithinAPartition() {
        PartitionBatcher b = batcher(1, 100);
        for (int i = 0; i < 5; i++) {
            b.add(event("EURUSD", i));
        }
        runScheduled();
        assertEquals(1, sent.size());
        List<String> reasons = sent.get(0).batch().events().stream().map(e -> ((Status) e).reason()).toList();
        assertEquals(List.of("n0", "n1", "n2", "n3", "n4"), reasons);
    }

    @Test
    void shouldSendAFullBatchAtOnce() {
        PartitionBatcher b = batcher(1, 3);
        for (int i = 0; i < 7; i++) {
            b.add(event("EURUSD", i));
        }
        assertEquals(2, sent.size(), "two full batches went out without waiting");
        assertEquals(3, sent.get(0).batch().events().size());
        runScheduled();
        assertEquals(3, sent.size());
        assertEquals(1, sent.get(2).batch().events().size());
        assertEquals(7, b.eventsSent());
        assertEquals(3, b.batchesSent());
    }

    @Test
    void shouldScheduleAgainInTheNextTurn() {
        PartitionBatcher b = batcher(2, 100);
        b.add(event("EURUSD", 1));
        runScheduled();
        b.add(event("EURUSD", 2));
        assertEquals(1, scheduled.size());
        runScheduled();
        assertEquals(2, sent.size());
        runScheduled();
        assertEquals(2, sent.size(), "an empty flush sends nothing");
    }
}
