package dev.tickplant.bench.jmh;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.normalizer.book.OrderBook;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The normalizer's L2 book: a 50-level book taking the small deltas venues send (one level per side changed),
 * then the top 10 levels read for a depth image, as every book update costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OrderBookBenchmark {
    private static final long MID = 6_500_000;
    private final OrderBook book = new OrderBook();
    private final List<List<BookLevel>> bidDeltas = new ArrayList<>();
    private final List<List<BookLevel>> askDeltas = new ArrayList<>();
    private int next;

    @Setup
    public void setUp() {
        List<BookLevel> bids = new ArrayList<>();
        List<BookLevel> asks = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            bids.add(new BookLevel(MID - i, 1_000 + i));
            asks.add(new BookLevel(MID + i, 1_000 + i));
        }
        book.replace(bids, asks);
        for (int i = 0; i < 1024; i++) {
            int level = 1 + (i * 7) % 50;
            bidDeltas.add(List.of(new BookLevel(MID - level, 500 + i)));
            askDeltas.add(List.of(new BookLevel(MID + level, 500 + i)));
        }
    }

    @Benchmark
    public List<BookLevel> applyDeltaAndReadTop10() {
        int i = next++ & 1023;
        book.apply(bidDeltas.get(i), askDeltas.get(i));
        return book.bids(10);
    }

    @Benchmark
    public String applyDeltaAndCheckInvariants() {
        int i = next++ & 1023;
        book.apply(bidDeltas.get(i), askDeltas.get(i));
        return book.violation();
    }
}
