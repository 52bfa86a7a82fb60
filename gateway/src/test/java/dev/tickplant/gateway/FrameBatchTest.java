package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameBatchTest {
    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRenderTheMessagesAsOneJsonArrayInOrder() {
        FrameBatch batch = new FrameBatch(3);
        assertTrue(batch.isEmpty());
        assertFalse(batch.add(json("{\"type\":\"tick\",\"seq\":1}")));
        assertFalse(batch.add(json("{\"type\":\"tick\",\"seq\":2}")));
        assertEquals(2, batch.size());
        String frame = new String(batch.drain(), StandardCharsets.UTF_8);
        assertEquals("[{\"type\":\"tick\",\"seq\":1},{\"type\":\"tick\",\"seq\":2}]", frame);
        assertEquals(2, new JsonArray(frame).size());
        assertTrue(batch.isEmpty());
        assertTrue(batch.add(json("{}")) == false && batch.add(json("{}")) == false && batch.add(json("{}")),
                "full at maxMessages");
        assertEquals("[{},{},{}]", new String(batch.drain(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldStayUnderTheFrameLimitButTakeALoneLargeMessage() {
        FrameBatch batch = new FrameBatch(1000);
        byte[] big = new byte[FrameBatch.MAX_FRAME_BYTES / 2];
        java.util.Arrays.fill(big, (byte) '1');
        assertTrue(batch.fits(big.length));
        batch.add(big);
        assertFalse(batch.fits(big.length), "a second half-frame message would pass the limit");
        assertEquals(big.length + 2, batch.drain().length);
        byte[] huge = new byte[FrameBatch.MAX_FRAME_BYTES * 2];
        assertTrue(batch.fits(huge.length), "an empty batch takes any message");
        assertTrue(batch.add(huge), "and is then full");
        assertThrows(IllegalArgumentException.class, () -> new FrameBatch(0));
    }
}
