package dev.tickplant.common.codec;

import dev.tickplant.common.model.KeyConnectionCounts;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;

/** Codec for {@link KeyConnectionCounts}. */
public final class KeyConnectionCountsCodec extends VersionedCodec<KeyConnectionCounts> {
    /** Registered name. */
    public static final String NAME = "tp.key-connection-counts.v1";

    /** Creates the codec. */
    public KeyConnectionCountsCodec() {
        super(NAME, (byte) 1);
    }

    @Override
    void encode(Buffer buf, KeyConnectionCounts counts) {
        WireWriter.writeString(buf, counts.nodeId());
        buf.appendLong(counts.ttlMillis());
        buf.appendInt(counts.connections().size());
        for (Map.Entry<String, Integer> e : counts.connections().entrySet()) {
            WireWriter.writeString(buf, e.getKey());
            buf.appendInt(e.getValue());
        }
    }

    @Override
    KeyConnectionCounts decode(WireReader in) {
        String node = in.readString();
        long ttl = in.readLong();
        int n = in.readInt();
        Map<String, Integer> connections = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            String keyId = in.readString();
            connections.put(keyId, in.readInt());
        }
        return new KeyConnectionCounts(node, connections, ttl);
    }
}
