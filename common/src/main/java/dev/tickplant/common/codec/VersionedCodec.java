package dev.tickplant.common.codec;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Base of every tickplant codec: the first byte on the wire is the schema version, and an unknown version throws,
 * because a mixed-version rolling deploy must fail loudly rather than mis-parse. Records are immutable, so {@link
 * #transform} shares the instance for local delivery, as the {@link MessageCodec} contract allows.
 */
abstract class VersionedCodec<T> implements MessageCodec<T, T> {
    private final String name;
    private final byte version;

    VersionedCodec(String name, byte version) {
        this.name = name;
        this.version = version;
    }

    abstract void encode(Buffer buf, T value);

    abstract T decode(WireReader in);

    @Override
    public final void encodeToWire(Buffer buffer, T value) {
        buffer.appendByte(version);
        encode(buffer, value);
    }

    @Override
    public final T decodeFromWire(int pos, Buffer buffer) {
        byte seen = buffer.getByte(pos);
        if (seen != version) {
            throw new IllegalStateException("unsupported " + name + " version " + seen + ", expected " + version);
        }
        return decode(new WireReader(buffer, pos + 1));
    }

    @Override
    public final T transform(T value) {
        return value;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final byte systemCodecID() {
        return -1;
    }
}
