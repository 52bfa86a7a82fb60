package dev.tickplant.common.codec;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** Write helpers matching {@link WireReader}. */
public final class WireWriter {
    private WireWriter() {}

    /** Writes a length-prefixed UTF-8 string; null is written as length -1. */
    public static void writeString(Buffer buf, String s) {
        if (s == null) {
            buf.appendInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        buf.appendInt(bytes.length).appendBytes(bytes);
    }

    /** Writes a boolean as one byte. */
    public static void writeBoolean(Buffer buf, boolean b) {
        buf.appendByte(b ? (byte) 1 : (byte) 0);
    }
}
