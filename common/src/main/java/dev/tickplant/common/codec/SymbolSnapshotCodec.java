package dev.tickplant.common.codec;

import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.SymbolSnapshot;
import dev.tickplant.common.model.Trade;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** Codec for {@link SymbolSnapshot}: the symbol, each part behind a presence byte, then the recent trades. */
public final class SymbolSnapshotCodec extends VersionedCodec<SymbolSnapshot> {
    /** Registered name. */
    public static final String NAME = "tp.symbol-snapshot.v6";

    /** Creates the codec. */
    public SymbolSnapshotCodec() {
        super(NAME, (byte) 6);
    }

    @Override
    void encode(Buffer buf, SymbolSnapshot s) {
        WireWriter.writeString(buf, s.symbol());
        writeOptional(buf, s.tick());
        writeOptional(buf, s.lastTrade());
        writeOptional(buf, s.book());
        writeOptional(buf, s.status());
        buf.appendInt(s.recentTrades().size());
        for (Trade t : s.recentTrades()) {
            MarketEventWire.write(buf, t);
        }
    }

    @Override
    SymbolSnapshot decode(WireReader in) {
        String symbol = in.readString();
        Quote tick = (Quote) readOptional(in);
        Trade last = (Trade) readOptional(in);
        BookUpdate book = (BookUpdate) readOptional(in);
        Status status = (Status) readOptional(in);
        int n = in.readInt();
        List<Trade> recent = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            recent.add((Trade) MarketEventWire.read(in));
        }
        return new SymbolSnapshot(symbol, tick, last, book, status, recent);
    }

    private static void writeOptional(Buffer buf, MarketEvent event) {
        WireWriter.writeBoolean(buf, event != null);
        if (event != null) {
            MarketEventWire.write(buf, event);
        }
    }

    private static MarketEvent readOptional(WireReader in) {
        return in.readBoolean() ? MarketEventWire.read(in) : null;
    }
}
