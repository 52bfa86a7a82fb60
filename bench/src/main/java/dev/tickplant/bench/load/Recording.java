package dev.tickplant.bench.load;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What the clients measured, kept per event-loop thread so recording takes no lock and no atomic: each thread gets
 * its own {@link LoopStats} the first time one of its connections records, and the report merges them once the
 * window is over (after a task has run on every connection's context, so no recording is in progress).
 *
 * <p>Only messages received while {@link #measuring()} count; the flag is read once per frame.
 */
public final class Recording {
    /** Latencies above this are recorded as this (µs). */
    static final long MAX_LATENCY_US = TimeUnit.MINUTES.toMicros(10);

    private final ConcurrentLinkedQueue<LoopStats> all = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<LoopStats> mine = ThreadLocal.withInitial(() -> {
        LoopStats s = new LoopStats();
        all.add(s);
        return s;
    });
    private volatile boolean measuring;

    public boolean measuring() {
        return measuring;
    }

    public void measuring(boolean on) {
        measuring = on;
    }

    /** The calling thread's stats. */
    public LoopStats forThisThread() {
        return mine.get();
    }

    /** Every thread's stats merged; call only once no thread records any more. */
    public LoopStats merged() {
        LoopStats sum = new LoopStats();
        for (LoopStats s : all) {
            sum.add(s);
        }
        return sum;
    }

    /** One thread's counts and histograms (µs). */
    public static final class LoopStats {
        /** Receive time minus the message's {@code time} (venue ms), in µs at ms resolution. */
        final Histogram fromVenueTime = histogram();
        /** Receive time minus {@code hops.recv}. */
        final Histogram fromIngest = histogram();
        final Histogram recvToNorm = histogram();
        final Histogram normToSend = histogram();
        final Histogram sendToClient = histogram();
        long marketData;
        long frames;
        long conflated;
        long errors;

        void add(LoopStats o) {
            fromVenueTime.add(o.fromVenueTime);
            fromIngest.add(o.fromIngest);
            recvToNorm.add(o.recvToNorm);
            normToSend.add(o.normToSend);
            sendToClient.add(o.sendToClient);
            marketData += o.marketData;
            frames += o.frames;
            conflated += o.conflated;
            errors += o.errors;
        }

        /** Records one market-data message received at {@code nowMs}/{@code nowUs} (epoch). */
        void record(long nowMs, long nowUs, long timeMs, long conflatedCount, long recvUs, long normUs,
                long sendUs) {
            marketData++;
            conflated += conflatedCount;
            if (timeMs > 0) {
                fromVenueTime.recordValue(clamp((nowMs - timeMs) * 1000));
            }
            if (recvUs > 0 && nowUs > 0) {
                fromIngest.recordValue(clamp(nowUs - recvUs));
                if (normUs > 0) {
                    recvToNorm.recordValue(clamp(normUs - recvUs));
                }
                if (sendUs > 0) {
                    if (normUs > 0) {
                        normToSend.recordValue(clamp(sendUs - normUs));
                    }
                    sendToClient.recordValue(clamp(nowUs - sendUs));
                }
            }
        }

        List<Histogram> hopHistograms() {
            return List.of(recvToNorm, normToSend, sendToClient);
        }

        private static long clamp(long us) {
            // Clocks of one machine; a negative difference is rounding between ms and µs stamps.
            return Math.min(MAX_LATENCY_US, Math.max(0, us));
        }

        private static Histogram histogram() {
            return new Histogram(MAX_LATENCY_US, 3);
        }
    }
}
