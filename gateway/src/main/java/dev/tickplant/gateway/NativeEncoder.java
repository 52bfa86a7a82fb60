package dev.tickplant.gateway;

import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Channel;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.Trade;

/** The native protocol's market-data messages ({@code tick}, {@code depth}, {@code trade}, {@code status}). */
enum NativeEncoder implements FeedEncoder {
    INSTANCE;

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

    /** The {@code reset} message announcing that {@code channel}'s sequence restarts at {@code nextSeq}. */
    static byte[] reset(Channel channel, String spelling, long nextSeq) {
        return MarketDataEncoder.bytes(MarketDataEncoder.reset(channel, spelling, nextSeq,
                "sequence restarted after a gap (lost messages or a normalizer restart); "
                        + "the next message is a fresh snapshot"));
    }
}
