package dev.tickplant.common.codec;

import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.SymbolSnapshot;
import dev.tickplant.common.model.Trade;
import io.vertx.core.buffer.Buffer;

/** Codec for {@link SymbolSnapshot}: the symbol, then each part behind a presence byte. */
public final class SymbolSnapshotCodec extends VersionedCodec<SymbolSnapshot> {
    /** Registered name. */
    public static final String NAME = "tp.symbol-snapshot.v2";

    /** Creates the codec. */
    public SymbolSnapshotCodec() {
        super(NAME, (byte) 2);
    }

    @Override
    void encode(Buffer buf, SymbolSnapshot s) {
        WireWriter.writeString(buf, s.symbol());
        writeOptional(buf, s.tick());
        writeOptional(buf, s.lastTrade());
        writeOptional(buf, s.book());
        writeOptional(buf, s.status());
    }

    @Override
    SymbolSnapshot decode(WireReader in) {
        return new SymbolSnapshot(in.readString(), (Quote) readOptional(in), (Trade) readOptional(in),
                (BookUpdate) readOptional(in), (Status) readOptional(in));
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
