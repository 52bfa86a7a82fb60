package dev.tickplant.ingest.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordedFrameTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"cmd_id\":22999,\"data\":{\"code\":\"EURUSD\",\"seq\":\"1\"}}",
        "ping",
        "line one\nline two\r\n",
        "back\\slash \\n not a newline",
        "tab\tinside",
        "ÉTÉ ✓",
        ""
    })
    void shouldRoundTripAnyFrameThroughOneLine(String frame) {
        String line = new RecordedFrame(1_700_000_000_123_456_789L, frame).toLine();
        assertFalse(line.contains("\n") || line.contains("\r"), line);
        assertEquals(new RecordedFrame(1_700_000_000_123_456_789L, frame), RecordedFrame.parse(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\u001f\u008b\u0008 gzip-like", "\n\r\\ all the escapes"})
    void shouldRoundTripBinaryFramesByteForByte(String seed) {
        byte[] data = new byte[seed.length() + 256];
        for (int i = 0; i < data.length; i++) {
            data[i] = i < seed.length() ? (byte) seed.charAt(i) : (byte) i;
        }
        String line = RecordedFrame.binary(42L, data).toLine();
        assertTrue(line.startsWith("42b\t"), line);
        RecordedFrame back = RecordedFrame.parse(line);
        assertEquals(RecordedFrame.Kind.BINARY, back.kind());
        assertArrayEquals(data, back.bytes());
    }

    @Test
    void shouldRoundTripARestResponseWithItsRequest() {
        RecordedHttpResponse response = new RecordedHttpResponse("GET", "/api/v3/depth?symbol=BTCUSDT&limit=100", 200,
                "{\"lastUpdateId\":7,\n\"bids\":[],\"asks\":[]}");
        String line = RecordedFrame.httpResponse(9L, response).toLine();
        assertTrue(line.startsWith("9h\t"), line);
        assertFalse(line.contains("\n"), line);
        RecordedFrame back = RecordedFrame.parse(line);
        assertEquals(RecordedFrame.Kind.HTTP_RESPONSE, back.kind());
        assertEquals(response, back.httpResponse());
        assertEquals("GET /api/v3/depth?symbol=BTCUSDT&limit=100", back.httpResponse().requestKey());
    }

    @Test
    void shouldReadATextFrameThatLooksLikeAMarkedLineAsText() {
        RecordedFrame frame = RecordedFrame.parse(new RecordedFrame(5L, "b\tnot binary").toLine());
        assertEquals(new RecordedFrame(5L, RecordedFrame.Kind.TEXT, "b\tnot binary"), frame);
        assertThrows(IllegalStateException.class, frame::bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1x\tunknown kind", "b\tAAAA", "1h\tno status line", "1h\tGET /x abc\nbody",
        "no tab here", "\tframe", "abc\tframe", "1\tdangling\\", "1\tbad \\x escape"})
    void shouldRejectMalformedLines(String line) {
        assertThrows(IllegalArgumentException.class, () -> {
            RecordedFrame frame = RecordedFrame.parse(line);
            if (frame.kind() == RecordedFrame.Kind.HTTP_RESPONSE) {
                frame.httpResponse();
            }
        });
    }
}
