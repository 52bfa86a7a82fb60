package dev.tickplant.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Messages for one client in batched mode, written together as one WebSocket text frame holding a JSON array
 * ({@code [m1,m2,...]}). Per-frame costs (a frame header, a write, and above all the client's per-frame dispatch)
 * are what limits fan-out to busy clients; batching pays them once for up to {@code maxMessages} messages.
 *
 * <p>The messages are appended to a pooled buffer that starts {@link WsFrames#MAX_HEADER_BYTES} in, so the frame
 * header goes in front of the array when the batch is drained and the bytes are written to the socket as they are,
 * without another copy.
 *
 * <p>Frames stay under {@link #MAX_FRAME_BYTES}, the default frame limit of common WebSocket clients (Vert.x's
 * among them), so a client that opts in does not also have to raise its limits. Not thread-safe: confined to the
 * session's event loop.
 */
final class FrameBatch {
    /** Largest frame payload a batch grows to, unless a single message is larger. */
    static final int MAX_FRAME_BYTES = 60 * 1024;
    private static final int INITIAL_CAPACITY = 1024;

    private final int maxMessages;
    private final ByteBufAllocator alloc;
    private ByteBuf buf;
    private int count;

    FrameBatch(int maxMessages, ByteBufAllocator alloc) {
        if (maxMessages <= 0) {
            throw new IllegalArgumentException("maxMessages must be positive");
        }
        this.maxMessages = maxMessages;
        this.alloc = alloc;
    }

    /** Whether a message of {@code bytes} fits; when not, drain the batch first (a lone large message always fits). */
    boolean fits(int bytes) {
        return count == 0 || payloadBytes() + bytes + 2 <= MAX_FRAME_BYTES;
    }

    /** Appends one encoded JSON message; true when the batch is now full and should be written. */
    boolean add(byte[] json) {
        if (buf == null) {
            buf = alloc.directBuffer(Math.max(INITIAL_CAPACITY, WsFrames.MAX_HEADER_BYTES + json.length + 2));
            buf.writerIndex(WsFrames.MAX_HEADER_BYTES);
        }
        buf.writeByte(count == 0 ? '[' : ',');
        buf.writeBytes(json);
        count++;
        return count >= maxMessages || payloadBytes() >= MAX_FRAME_BYTES;
    }

    private int payloadBytes() {
        return buf == null ? 0 : buf.writerIndex() - WsFrames.MAX_HEADER_BYTES;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int size() {
        return count;
    }

    /**
     * The whole text frame, header included, holding a JSON array of the messages in the order added. The caller owns
     * (and must write or release) the buffer; the batch is empty afterwards.
     */
    ByteBuf drainFrame() {
        if (count == 0) {
            throw new IllegalStateException("empty batch");
        }
        buf.writeByte(']');
        int payload = payloadBytes();
        int start = WsFrames.MAX_HEADER_BYTES - WsFrames.headerLength(payload);
        int end = buf.writerIndex();
        buf.writerIndex(start);
        WsFrames.writeHeader(buf, payload);
        buf.readerIndex(start).writerIndex(end);
        ByteBuf frame = buf;
        buf = null;
        count = 0;
        return frame;
    }

    /** Frees the buffer of messages not yet drained (the session closed). */
    void discard() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
        count = 0;
    }
}
