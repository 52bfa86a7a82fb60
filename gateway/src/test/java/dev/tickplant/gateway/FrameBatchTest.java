package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameBatchTest {
    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The payload of the drained frame, after checking its header: final text frame, unmasked, exact length. */
    private static byte[] drain(FrameBatch batch) {
        ByteBuf frame = batch.drainFrame();
        try {
            assertEquals(0x81, frame.readUnsignedByte(), "FIN + text opcode");
            int len = frame.readUnsignedByte();
            long length = len < 126 ? len : len == 126 ? frame.readUnsignedShort() : frame.readLong();
            assertEquals(frame.readableBytes(), length, "header length = payload length");
            byte[] payload = new byte[frame.readableBytes()];
            frame.readBytes(payload);
            return payload;
        } finally {
            frame.release();
        }
    }

    @Test
    void shouldRenderTheMessagesAsOneJsonArrayInOrder() {
        FrameBatch batch = new FrameBatch(3, ALLOC);
        assertTrue(batch.isEmpty());
        assertFalse(batch.add(json("{\"type\":\"tick\",\"seq\":1}")));
        assertFalse(batch.add(json("{\"type\":\"tick\",\"seq\":2}")));
        assertEquals(2, batch.size());
        String frame = new String(drain(batch), StandardCharsets.UTF_8);
        assertEquals("[{\"type\":\"tick\",\"seq\":1},{\"type\":\"tick\",\"seq\":2}]", frame);
        assertEquals(2, new JsonArray(frame).size());
        assertTrue(batch.isEmpty());
        assertTrue(batch.add(json("{}")) == false && batch.add(json("{}")) == false && batch.add(json("{}")),
                "full at maxMessages");
        assertEquals("[{},{},{}]", new String(drain(batch), StandardCharsets.UTF_8));
    }

    @Test
    void shouldStayUnderTheFrameLimitButTakeALoneLargeMessage() {
        FrameBatch batch = new FrameBatch(1000, ALLOC);
        byte[] big = new byte[FrameBatch.MAX_FRAME_BYTES / 2];
        java.util.Arrays.fill(big, (byte) '1');
        assertTrue(batch.fits(big.length));
        batch.add(big);
        assertFalse(batch.fits(big.length), "a second half-frame message would pass the limit");
        assertEquals(big.length + 2, drain(batch).length);
        byte[] huge = new byte[FrameBatch.MAX_FRAME_BYTES * 2];
        assertTrue(batch.fits(huge.length), "an empty batch takes any message");
        assertTrue(batch.add(huge), "and is then full");
        assertEquals(huge.length + 2, drain(batch).length, "with an 8-byte extended length");
        batch.add(json("{}"));
        batch.discard();
        assertTrue(batch.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new FrameBatch(0, ALLOC));
    }
}
