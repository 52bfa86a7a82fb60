package dev.tickplant.gateway;

import dev.tickplant.common.model.Quote;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The gateway's tick JSON rendering, once per event per spelling on the fan-out path. In the gateway's package
 * because the encoder is package-private; a rename there shows up here as a compile error of the bench module.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TickEncoderBenchmark {
    private final Quote single = new Quote("EURUSD", "alltick", 108_500, 100_000, 108_520, 250_000, 108_510, 5, 2,
            1000, 1_764_000_000_000_000_000L, 1_764_000_000_001_000_000L, 42);
    private final Quote consolidated = new Quote("BTCUSDT", "consolidated", 6_500_010, 50_000_000, 6_500_020,
            120_000_000, 6_500_015, 2, 8, 0, 1_764_000_000_000_000_000L, 1_764_000_000_001_000_000L, 43, "okx",
            "kraken");

    @Benchmark
    public byte[] encodeTick() {
        return TickEncoder.encodeBytes(single, "EURUSD");
    }

    @Benchmark
    public byte[] encodeConsolidatedTick() {
        return TickEncoder.encodeBytes(consolidated, "BTCUSDT");
    }
}
