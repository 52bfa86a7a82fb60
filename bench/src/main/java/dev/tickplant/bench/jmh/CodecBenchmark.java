package dev.tickplant.bench.jmh;

import dev.tickplant.common.codec.EventBatchCodec;
import dev.tickplant.common.codec.MarketEventCodec;
import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import io.vertx.core.buffer.Buffer;
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
 * The event-bus codecs on the ingest → normalizer → gateway path: one quote, and a batch of 32 quotes as ingest
 * sends them, each encoded to the wire and decoded back (what crossing a cluster costs per event).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
    private final MarketEventCodec<Quote> quoteCodec = new MarketEventCodec<>(Quote.class, "tp.quote.bench");
    private final EventBatchCodec batchCodec = new EventBatchCodec();
    private Quote quote;
    private EventBatch batch;
    private Buffer encodedQuote;
    private Buffer encodedBatch;

    @Setup
    public void setUp() {
        quote = quote(0);
        List<MarketEvent> events = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            events.add(quote(i));
        }
        batch = new EventBatch("alltick-fx", events);
        encodedQuote = Buffer.buffer();
        quoteCodec.encodeToWire(encodedQuote, quote);
        encodedBatch = Buffer.buffer();
        batchCodec.encodeToWire(encodedBatch, batch);
    }

    private static Quote quote(int i) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return new Quote("EURUSD", "alltick", 108_500 + i, 100_000, 108_520 + i, 250_000, 108_510, 5, 2, 1000 + i,
                now, now + 1000, 42 + i);
    }

    @Benchmark
    public Buffer encodeQuote() {
        Buffer b = Buffer.buffer(128);
        quoteCodec.encodeToWire(b, quote);
        return b;
    }

    @Benchmark
    public Quote decodeQuote() {
        return quoteCodec.decodeFromWire(0, encodedQuote);
    }

    @Benchmark
    public Buffer encodeBatchOf32() {
        Buffer b = Buffer.buffer(4096);
        batchCodec.encodeToWire(b, batch);
        return b;
    }

    @Benchmark
    public EventBatch decodeBatchOf32() {
        return batchCodec.decodeFromWire(0, encodedBatch);
    }
}
