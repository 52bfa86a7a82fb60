package dev.tickplant.ingest.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    @ValueSource(strings = {"no tab here", "\tframe", "abc\tframe", "1\tdangling\\", "1\tbad \\x escape"})
    void shouldRejectMalformedLines(String line) {
        assertThrows(IllegalArgumentException.class, () -> RecordedFrame.parse(line));
    }
}
