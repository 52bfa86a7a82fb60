package dev.tickplant.common.codec;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** A read cursor over a {@link Buffer}, for codecs that decode variable-length fields in order. Not thread-safe. */
public final class WireReader {
    private final Buffer buf;
    private int pos;

    /** Starts reading {@code buf} at {@code pos}. */
    public WireReader(Buffer buf, int pos) {
        this.buf = buf;
        this.pos = pos;
    }

    /** Reads one byte. */
    public byte readByte() {
        return buf.getByte(pos++);
    }

    /** Reads a boolean written by {@link WireWriter#writeBoolean}. */
    public boolean readBoolean() {
        return readByte() != 0;
    }

    /** Reads a big-endian int. */
    public int readInt() {
        int v = buf.getInt(pos);
        pos += 4;
        return v;
    }

    /** Reads a big-endian long. */
    public long readLong() {
        long v = buf.getLong(pos);
        pos += 8;
        return v;
    }

    /** Reads a string written by {@link WireWriter#writeString}; may return null. */
    public String readString() {
        int len = readInt();
        if (len < 0) {
            return null;
        }
        String s = new String(buf.getBytes(pos, pos + len), StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /** Current position. */
    public int position() {
        return pos;
    }
}
