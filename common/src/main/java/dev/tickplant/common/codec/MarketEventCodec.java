package dev.tickplant.common.codec;

import dev.tickplant.common.model.MarketEvent;
import io.vertx.core.buffer.Buffer;

/** Codec for one {@link MarketEvent} record type; the type tag inside guards against a mismatched class. */
public final class MarketEventCodec<T extends MarketEvent> extends VersionedCodec<T> {
    private final Class<T> type;

    /** A codec for {@code type}, registered under {@code name} (which carries the schema version). */
    public MarketEventCodec(Class<T> type, String name) {
        // v2: quotes carry bidVenue/askVenue; v3: statuses carry a per-venue breakdown; v4: quotes carry the venue
        // time of their last price; v5: consolidated quotes and books say whether they are crossed
        super(name, (byte) 5);
        this.type = type;
    }

    @Override
    void encode(Buffer buf, T value) {
        MarketEventWire.write(buf, value);
    }

    @Override
    T decode(WireReader in) {
        return type.cast(MarketEventWire.read(in));
    }
}
