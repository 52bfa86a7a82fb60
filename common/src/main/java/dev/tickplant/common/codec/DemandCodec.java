package dev.tickplant.common.codec;

import dev.tickplant.common.model.Demand;
import io.vertx.core.buffer.Buffer;
import java.util.HashSet;
import java.util.Set;

/** Codec for {@link Demand}. */
public final class DemandCodec extends VersionedCodec<Demand> {
    /** Registered name. */
    public static final String NAME = "tp.demand.v1";

    /** Creates the codec. */
    public DemandCodec() {
        super(NAME, (byte) 1);
    }

    @Override
    void encode(Buffer buf, Demand demand) {
        WireWriter.writeString(buf, demand.nodeId());
        buf.appendLong(demand.ttlMillis());
        buf.appendInt(demand.symbols().size());
        for (String s : demand.symbols()) {
            WireWriter.writeString(buf, s);
        }
    }

    @Override
    Demand decode(WireReader in) {
        String node = in.readString();
        long ttl = in.readLong();
        int n = in.readInt();
        Set<String> symbols = new HashSet<>(n * 2);
        for (int i = 0; i < n; i++) {
            symbols.add(in.readString());
        }
        return new Demand(node, symbols, ttl);
    }
}
