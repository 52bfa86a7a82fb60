package dev.tickplant.bench.fanout;

import java.nio.charset.StandardCharsets;

/**
 * Tick messages shaped like the gateway's (about 130 bytes, the same {@code type}, {@code symbol}, {@code bid},
 * {@code ask}, {@code time} and {@code seq} fields), so the load client measures the reference servers exactly as it
 * measures tickplant. Prices walk a little per tick over a fixed symbol list.
 *
 * <p>Not thread-safe: one instance per producing event loop.
 */
public final class SyntheticTicks {
    private static final String[] SYMBOLS = {"AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "EURUSD", "GBPUSD", "USDJPY",
        "XAUUSD", "BTCUSDT"};

    private final StringBuilder sb = new StringBuilder(2048);
    private long seq;

    /**
     * The next {@code count} ticks as UTF-8: one JSON object when {@code count} is 1, else a JSON array of them.
     *
     * @param timeMs the {@code time} field (epoch ms), the moment the tick is made
     * @param hopsUs when positive, a {@code hops} object with this µs time as every hop (the bare servers have no
     *     pipeline, so all hops are the same instant)
     */
    public byte[] next(int count, long timeMs, long hopsUs) {
        sb.setLength(0);
        if (count > 1) {
            sb.append('[');
        }
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(',');
            }
            append(timeMs, hopsUs);
        }
        if (count > 1) {
            sb.append(']');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private void append(long timeMs, long hopsUs) {
        long n = seq++;
        String symbol = SYMBOLS[(int) (n % SYMBOLS.length)];
        long bidCents = 10_000 + (n * 7919) % 500;
        sb.append("{\"type\":\"tick\",\"symbol\":\"").append(symbol).append("\",\"bid\":");
        appendCents(bidCents);
        sb.append(",\"ask\":");
        appendCents(bidCents + 2);
        sb.append(",\"time\":").append(timeMs).append(",\"seq\":").append(n)
                .append(",\"bidSize\":100,\"askSize\":200,\"venue\":\"bare\"");
        if (hopsUs > 0) {
            sb.append(",\"hops\":{\"recv\":").append(hopsUs).append(",\"norm\":").append(hopsUs)
                    .append(",\"send\":").append(hopsUs).append('}');
        }
        sb.append('}');
    }

    private void appendCents(long cents) {
        sb.append(cents / 100).append('.');
        long fraction = cents % 100;
        if (fraction < 10) {
            sb.append('0');
        }
        sb.append(fraction);
    }
}
