package dev.tickplant.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NatsParserTest {
    private final List<String> events = new ArrayList<>();
    private final StringBuilder payload = new StringBuilder();
    private final NatsParser parser = new NatsParser(new NatsParser.Listener() {
        @Override
        public void onInfo(String json) {
            events.add("info " + json);
        }

        @Override
        public void onPing() {
            events.add("ping");
        }

        @Override
        public void onPong() {
            events.add("pong");
        }

        @Override
        public void onMessageStart(int payloadLength) {
            payload.setLength(0);
        }

        @Override
        public void onPayload(Buffer buffer, int from, int to) {
            payload.append(buffer.getString(from, to, "UTF-8"));
        }

        @Override
        public void onMessageEnd() {
            events.add("msg " + payload);
        }

        @Override
        public void onProtocolError(String line) {
            events.add("error " + line);
        }
    });

    private static final String STREAM = "INFO {\"server_id\":\"X\",\"max_payload\":1048576}\r\n"
            + "MSG ticks 1 15\r\n{\"type\":\"tick\"}\r\n"
            + "PING\r\n"
            + "MSG ticks 1 reply.to 7\r\n[1,\r\n2]\r\n"
            + "MSG ticks 1 0\r\n\r\n"
            + "PONG\r\n+OK\r\n-ERR 'Slow Consumer'\r\n";
    private static final List<String> EXPECTED = List.of("info {\"server_id\":\"X\",\"max_payload\":1048576}",
            "msg {\"type\":\"tick\"}", "ping", "msg [1,\r\n2]", "msg ", "pong", "error -ERR 'Slow Consumer'");

    @Test
    void shouldParseControlLinesAndPayloadsOfAWholeStream() {
        parser.feed(STREAM);
        assertEquals(EXPECTED, events);
    }

    @Test
    void shouldParseTheSameStreamCutAtEveryByte() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            parser.feed(Buffer.buffer(new byte[] {b}));
        }
        assertEquals(EXPECTED, events);
    }

    @Test
    void shouldReportAMessageLineWithoutSizeAndCarryOn() {
        parser.feed("MSG ticks\r\nMSG ticks 1 x\r\nPING\r\n");
        assertEquals(List.of("error MSG ticks", "error MSG ticks 1 x", "ping"), events);
    }
}
