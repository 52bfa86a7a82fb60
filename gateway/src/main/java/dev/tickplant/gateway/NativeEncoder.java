package dev.tickplant.gateway;

import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Channel;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.time.Clocks;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The native protocol's market-data messages ({@code tick}, {@code depth}, {@code trade}, {@code status}).
 * {@link #WITH_HOPS} is the same for clients that connected with {@code ?hops=true}: every market-data message then
 * ends with {@code "hops":{"recv":µs,"send":µs}}, the epoch microseconds at which ingest read the venue's frame and at
 * which the gateway encoded the message for sending, so a client (or the benchmark) can tell sub-millisecond latency
 * apart and see where time goes.
 */
enum NativeEncoder implements FeedEncoder {
    INSTANCE,
    WITH_HOPS {
        @Override
        public byte[] encode(MarketEvent e, String spelling, int levels) {
            return withHops(INSTANCE.encode(e, spelling, levels), e.recvTsNanos() / 1_000,
                    Clocks.epochNanos() / 1_000);
        }
    };

    @Override
    public byte[] encode(MarketEvent e, String spelling, int levels) {
        if (e instanceof Quote q) {
            return TickEncoder.encodeBytes(q, spelling);
        } else if (e instanceof BookUpdate b) {
            return MarketDataEncoder.bytes(MarketDataEncoder.depth(b, spelling, levels));
        } else if (e instanceof Trade t) {
            return MarketDataEncoder.bytes(MarketDataEncoder.trade(t, spelling));
        } else if (e instanceof Status s) {
            return MarketDataEncoder.bytes(MarketDataEncoder.status(s, spelling));
        }
        throw new IllegalArgumentException("no encoding for " + e.getClass());
    }

    @Override
    public boolean nativeProtocol() {
        return true;
    }

    /** {@code {...}} becomes {@code {...,"hops":{"recv":R,"send":S}}}. */
    static byte[] withHops(byte[] object, long recvMicros, long sendMicros) {
        byte[] field = (",\"hops\":{\"recv\":" + recvMicros + ",\"send\":" + sendMicros + "}}")
                .getBytes(StandardCharsets.US_ASCII);
        int end = object.length - 1; // the closing brace
        byte[] out = Arrays.copyOf(object, end + field.length);
        System.arraycopy(field, 0, out, end, field.length);
        return out;
    }

    /** The {@code reset} message announcing that {@code channel}'s sequence restarts at {@code nextSeq}. */
    static byte[] reset(Channel channel, String spelling, long nextSeq) {
        return MarketDataEncoder.bytes(MarketDataEncoder.reset(channel, spelling, nextSeq,
                "sequence restarted after a gap (lost messages or a normalizer restart); "
                        + "the next message is a fresh snapshot"));
    }
}
