package dev.tickplant.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Server-to-client WebSocket text frames built by hand (RFC 6455 section 5.2): a final frame, opcode 1, unmasked, no
 * extension bits. Building the frame bytes ourselves lets one buffer, header included, be written to every session
 * that gets the same message, instead of Netty encoding a header and copying the payload per session.
 *
 * <p>A frame without the RSV1 bit is a valid uncompressed message also on a connection that negotiated
 * permessage-deflate (RFC 7692 section 6), so these frames bypass compression and stay shareable.
 */
final class WsFrames {
    /** The longest header: 2 bytes plus an 8-byte extended length. */
    static final int MAX_HEADER_BYTES = 10;
    private static final int FIN_TEXT = 0x81;

    private WsFrames() {}

    /** Bytes the header of a frame with {@code payloadLength} bytes of payload takes. */
    static int headerLength(int payloadLength) {
        return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** A new buffer holding one complete text frame with {@code payload} (UTF-8 JSON). */
    static ByteBuf text(ByteBufAllocator alloc, byte[] payload) {
        ByteBuf frame = alloc.directBuffer(headerLength(payload.length) + payload.length);
        writeHeader(frame, payload.length);
        frame.writeBytes(payload);
        return frame;
    }

    /** Writes the header of a text frame of {@code payloadLength} bytes at the buffer's writer index. */
    static void writeHeader(ByteBuf out, int payloadLength) {
        out.writeByte(FIN_TEXT);
        if (payloadLength < 126) {
            out.writeByte(payloadLength);
        } else if (payloadLength <= 0xFFFF) {
            out.writeByte(126);
            out.writeShort(payloadLength);
        } else {
            out.writeByte(127);
            out.writeLong(payloadLength);
        }
    }
}
