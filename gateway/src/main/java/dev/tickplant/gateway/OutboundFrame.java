package dev.tickplant.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * One encoded message on its way to many sessions: its UTF-8 JSON, and the WebSocket frame holding it, built at most
 * once and shared (each session writes a retained duplicate, so the bytes are neither copied nor re-encoded per
 * session).
 *
 * <p>A market-data message may stand for several updates a slow path merged into it (conflation). In the native
 * protocol the message then says how many with a trailing {@code "conflated":N} field; other protocols
 * ({@code conflationField} false) have no such field and send the newest state as it is.
 *
 * <p>The creator releases the frame with {@link #release()} once every session has written it. Confined to one
 * event loop.
 */
public final class OutboundFrame {
    private final byte[] base;
    private final int conflated;
    private final boolean conflationField;
    private byte[] json;
    private ByteBuf frame;

    private OutboundFrame(byte[] base, int conflated, boolean conflationField) {
        this.base = base;
        this.conflated = conflated;
        this.conflationField = conflationField;
    }

    /** A message without a conflation field: control messages, and market data of other protocols. */
    public static OutboundFrame of(byte[] json) {
        return new OutboundFrame(json, 0, false);
    }

    /** A native-protocol market-data message that stands for itself and {@code conflated} older updates. */
    static OutboundFrame nativeData(byte[] json, int conflated) {
        return new OutboundFrame(json, conflated, true);
    }

    /** The same message standing for {@code more} further merged updates (a session's own conflation). */
    OutboundFrame mergedWith(int more) {
        return more == 0 ? this : new OutboundFrame(base, conflated + more, conflationField);
    }

    /** Updates this message stands for besides itself. */
    public int conflated() {
        return conflated;
    }

    /** The message's UTF-8 JSON, with the conflation field when it has one. */
    public byte[] json() {
        if (json == null) {
            json = conflationField && conflated > 0 ? withConflatedField(base, conflated) : base;
        }
        return json;
    }

    /** The frame holding {@link #json()}; shared: write {@code retainedDuplicate()} of it, never modify it. */
    ByteBuf frame(ByteBufAllocator alloc) {
        if (frame == null) {
            frame = WsFrames.text(alloc, json());
        }
        return frame;
    }

    /** Frees the shared frame, if one was built. */
    void release() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }

    /** {@code {...}} becomes {@code {...,"conflated":N}}. */
    static byte[] withConflatedField(byte[] object, int n) {
        byte[] field = (",\"conflated\":" + n + "}").getBytes(StandardCharsets.US_ASCII);
        int end = object.length - 1; // the closing brace
        byte[] out = new byte[end + field.length];
        System.arraycopy(object, 0, out, 0, end);
        System.arraycopy(field, 0, out, end, field.length);
        return out;
    }
}
