package dev.tickplant.gateway;

import java.io.ByteArrayOutputStream;

/**
 * Messages for one client in batched mode, written together as one WebSocket text frame holding a JSON array
 * ({@code [m1,m2,...]}). Per-frame costs (a frame header, a write, and above all the client's per-frame dispatch)
 * are what limits fan-out to busy clients; batching pays them once for up to {@code maxMessages} messages.
 *
 * <p>Frames stay under {@link #MAX_FRAME_BYTES}, the default frame limit of common WebSocket clients (Vert.x's
 * among them), so a client that opts in does not also have to raise its limits.
 */
final class FrameBatch {
    /** Largest frame payload a batch grows to, unless a single message is larger. */
    static final int MAX_FRAME_BYTES = 60 * 1024;

    private final int maxMessages;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    private int count;

    FrameBatch(int maxMessages) {
        if (maxMessages <= 0) {
            throw new IllegalArgumentException("maxMessages must be positive");
        }
        this.maxMessages = maxMessages;
    }

    /** Whether a message of {@code bytes} fits; when not, drain the batch first (a lone large message always fits). */
    boolean fits(int bytes) {
        return count == 0 || out.size() + bytes + 2 <= MAX_FRAME_BYTES;
    }

    /** Appends one encoded JSON message; true when the batch is now full and should be written. */
    boolean add(byte[] json) {
        out.write(count == 0 ? '[' : ',');
        out.write(json, 0, json.length);
        count++;
        return count >= maxMessages || out.size() >= MAX_FRAME_BYTES;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int size() {
        return count;
    }

    /** The frame payload, a JSON array of the messages in the order added; the batch is empty afterwards. */
    byte[] drain() {
        out.write(']');
        byte[] frame = out.toByteArray();
        out.reset();
        count = 0;
        return frame;
    }
}
