package dev.tickplant.common.codec;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.model.VenueDepth;
import dev.tickplant.common.model.VenueStatus;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Compact binary form of every {@link MarketEvent}: a one-byte type tag, then fixed-width numbers and
 * length-prefixed strings in record-component order. Shared by the single-event codecs and the batch codec so
 * that an event has exactly one wire form.
 */
final class MarketEventWire {
    private static final byte QUOTE = 1;
    private static final byte TRADE = 2;
    private static final byte BOOK = 3;
    private static final byte STATUS = 4;

    private MarketEventWire() {}

    static void write(Buffer buf, MarketEvent event) {
        if (event instanceof Quote q) {
                buf.appendByte(QUOTE);
                WireWriter.writeString(buf, q.symbol());
                WireWriter.writeString(buf, q.venue());
                buf.appendLong(q.bidPrice()).appendLong(q.bidSize()).appendLong(q.askPrice()).appendLong(q.askSize())
                        .appendLong(q.lastPrice()).appendByte((byte) q.priceScale()).appendByte((byte) q.sizeScale())
                        .appendLong(q.venueSeq()).appendLong(q.venueTsNanos()).appendLong(q.recvTsNanos())
                        .appendLong(q.seq());
                WireWriter.writeString(buf, q.bidVenue());
                WireWriter.writeString(buf, q.askVenue());
                buf.appendLong(q.lastTsNanos());
                WireWriter.writeBoolean(buf, q.crossed());
        } else if (event instanceof Trade t) {
                buf.appendByte(TRADE);
                WireWriter.writeString(buf, t.symbol());
                WireWriter.writeString(buf, t.venue());
                WireWriter.writeString(buf, t.tradeId());
                buf.appendLong(t.price()).appendLong(t.size()).appendByte((byte) t.priceScale())
                        .appendByte((byte) t.sizeScale()).appendByte(t.side().wire()).appendLong(t.venueSeq())
                        .appendLong(t.venueTsNanos()).appendLong(t.recvTsNanos()).appendLong(t.seq());
        } else if (event instanceof BookUpdate b) {
                buf.appendByte(BOOK);
                WireWriter.writeString(buf, b.symbol());
                WireWriter.writeString(buf, b.venue());
                WireWriter.writeBoolean(buf, b.snapshot());
                writeLevels(buf, b.bids());
                writeLevels(buf, b.asks());
                buf.appendByte((byte) b.priceScale()).appendByte((byte) b.sizeScale()).appendLong(b.firstVenueSeq())
                        .appendLong(b.venueSeq()).appendLong(b.prevVenueSeq()).appendLong(b.checksum())
                        .appendLong(b.venueTsNanos()).appendLong(b.recvTsNanos()).appendLong(b.seq());
                buf.appendInt(b.venueDepths().size());
                for (VenueDepth d : b.venueDepths()) {
                    WireWriter.writeString(buf, d.venue());
                    writeLevels(buf, d.bids());
                    writeLevels(buf, d.asks());
                }
                WireWriter.writeBoolean(buf, b.crossed());
        } else if (event instanceof Status s) {
                buf.appendByte(STATUS);
                WireWriter.writeString(buf, s.symbol());
                WireWriter.writeString(buf, s.venue());
                buf.appendByte(s.state().wire());
                WireWriter.writeString(buf, s.reason());
                buf.appendLong(s.venueTsNanos()).appendLong(s.recvTsNanos()).appendLong(s.seq());
                buf.appendInt(s.venues().size());
                for (VenueStatus v : s.venues()) {
                    WireWriter.writeString(buf, v.venue());
                    buf.appendByte(v.state().wire());
                    WireWriter.writeString(buf, v.reason());
                }
        } else {
            throw new IllegalArgumentException("no wire form for " + event.getClass());
        }
    }

    static MarketEvent read(WireReader in) {
        byte type = in.readByte();
        return switch (type) {
            case QUOTE -> new Quote(in.readString(), in.readString(), in.readLong(), in.readLong(), in.readLong(),
                    in.readLong(), in.readLong(), in.readByte(), in.readByte(), in.readLong(), in.readLong(),
                    in.readLong(), in.readLong(), in.readString(), in.readString(), in.readLong(), in.readBoolean());
            case TRADE -> new Trade(in.readString(), in.readString(), in.readString(), in.readLong(), in.readLong(),
                    in.readByte(), in.readByte(), Side.fromWire(in.readByte()), in.readLong(), in.readLong(),
                    in.readLong(), in.readLong());
            case BOOK -> new BookUpdate(in.readString(), in.readString(), in.readBoolean(), readLevels(in),
                    readLevels(in), in.readByte(), in.readByte(), in.readLong(), in.readLong(), in.readLong(),
                    in.readLong(), in.readLong(), in.readLong(), in.readLong(), readVenueDepths(in), in.readBoolean());
            case STATUS -> new Status(in.readString(), in.readString(), StatusState.fromWire(in.readByte()),
                    in.readString(), in.readLong(), in.readLong(), in.readLong(), readVenueStatuses(in));
            default -> throw new IllegalStateException("unknown market event type " + type);
        };
    }

    private static List<VenueStatus> readVenueStatuses(WireReader in) {
        int n = in.readInt();
        List<VenueStatus> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new VenueStatus(in.readString(), StatusState.fromWire(in.readByte()), in.readString()));
        }
        return out;
    }

    private static void writeLevels(Buffer buf, List<BookLevel> levels) {
        buf.appendInt(levels.size());
        for (BookLevel l : levels) {
            buf.appendLong(l.price()).appendLong(l.size());
        }
    }

    private static List<VenueDepth> readVenueDepths(WireReader in) {
        int n = in.readInt();
        List<VenueDepth> depths = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            depths.add(new VenueDepth(in.readString(), readLevels(in), readLevels(in)));
        }
        return depths;
    }

    private static List<BookLevel> readLevels(WireReader in) {
        int n = in.readInt();
        List<BookLevel> levels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            levels.add(new BookLevel(in.readLong(), in.readLong()));
        }
        return levels;
    }
}
