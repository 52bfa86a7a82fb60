package dev.tickplant.common.codec;

import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.MarketEvent;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** Codec for {@link EventBatch}: source, count, then each event in its {@link MarketEventWire} form. */
public final class EventBatchCodec extends VersionedCodec<EventBatch> {
    /** Registered name. */
    public static final String NAME = "tp.event-batch.v5";

    /** Creates the codec. */
    public EventBatchCodec() {
        super(NAME, (byte) 5);
    }

    @Override
    void encode(Buffer buf, EventBatch batch) {
        WireWriter.writeString(buf, batch.source());
        buf.appendInt(batch.events().size());
        for (MarketEvent e : batch.events()) {
            MarketEventWire.write(buf, e);
        }
    }

    @Override
    EventBatch decode(WireReader in) {
        String source = in.readString();
        int n = in.readInt();
        List<MarketEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(MarketEventWire.read(in));
        }
        return new EventBatch(source, events);
    }
}
