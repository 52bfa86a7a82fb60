package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutboundFrameTest {
    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);
    private static final byte[] TICK = "{\"type\":\"tick\",\"seq\":7}".getBytes(StandardCharsets.UTF_8);

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void shouldSayHowManyUpdatesANativeMessageStandsFor() {
        assertSame(TICK, OutboundFrame.nativeData(TICK, 0).json(), "no field, no copy, when nothing was merged");
        OutboundFrame merged = OutboundFrame.nativeData(TICK, 3);
        assertEquals(new JsonObject().put("type", "tick").put("seq", 7).put("conflated", 3),
                new JsonObject(text(merged.json())));
        OutboundFrame more = merged.mergedWith(2);
        assertEquals(5, more.conflated());
        assertEquals(5, new JsonObject(text(more.json())).getInteger("conflated"));
        assertSame(merged, merged.mergedWith(0));
    }

    @Test
    void shouldNeverAddTheFieldToOtherProtocols() {
        OutboundFrame foreign = OutboundFrame.of(TICK).mergedWith(4);
        assertEquals(4, foreign.conflated());
        assertSame(TICK, foreign.json());
    }

    @Test
    void shouldBuildOneSharedTextFrameAndReleaseIt() {
        OutboundFrame message = OutboundFrame.nativeData(TICK, 0);
        ByteBuf frame = message.frame(ALLOC);
        assertSame(frame, message.frame(ALLOC), "built once");
        assertEquals(0x81, frame.getUnsignedByte(0));
        assertEquals(TICK.length, frame.getUnsignedByte(1));
        assertEquals(text(TICK), frame.toString(2, TICK.length, StandardCharsets.UTF_8));
        ByteBuf copy = frame.retainedDuplicate();
        message.release();
        assertEquals(1, frame.refCnt(), "a session's duplicate keeps it alive");
        copy.release();
        assertEquals(0, frame.refCnt());
    }

    @Test
    void shouldUseTheLongerLengthEncodingsAtTheirThresholds() {
        assertEquals(2, WsFrames.headerLength(125));
        assertEquals(4, WsFrames.headerLength(126));
        assertEquals(4, WsFrames.headerLength(65_535));
        assertEquals(10, WsFrames.headerLength(65_536));
        ByteBuf mid = WsFrames.text(ALLOC, new byte[300]);
        assertEquals(126, mid.getUnsignedByte(1));
        assertEquals(300, mid.getUnsignedShort(2));
        assertEquals(304, mid.readableBytes());
        mid.release();
        ByteBuf big = WsFrames.text(ALLOC, new byte[70_000]);
        assertEquals(127, big.getUnsignedByte(1));
        assertEquals(70_000L, big.getLong(2));
        big.release();
    }
}
