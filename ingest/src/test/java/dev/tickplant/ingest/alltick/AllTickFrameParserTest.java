package dev.tickplant.ingest.alltick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.alltick.AllTickFrameParser.Parsed;
import dev.tickplant.ingest.alltick.AllTickFrames.Cancel;
import dev.tickplant.ingest.alltick.AllTickFrames.DepthCode;
import dev.tickplant.ingest.alltick.AllTickFrames.DepthPush;
import dev.tickplant.ingest.alltick.AllTickFrames.Frame;
import dev.tickplant.ingest.alltick.AllTickFrames.Heartbeat;
import dev.tickplant.ingest.alltick.AllTickFrames.Level;
import dev.tickplant.ingest.alltick.AllTickFrames.Reply;
import dev.tickplant.ingest.alltick.AllTickFrames.SubscribeDepth;
import dev.tickplant.ingest.alltick.AllTickFrames.SubscribeTrades;
import dev.tickplant.ingest.alltick.AllTickFrames.TradePush;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AllTickFrameParserTest {
    private static final String TRACE = "3baaa938-f92c-4a74-a228-fd49d5e2f8bc-1678419657806";
    private final AllTickFrameParser parser = new AllTickFrameParser();

    /** Frames shaped like the examples in AllTick's documentation (made strict JSON), and what they parse to. */
    static Stream<Arguments> validCases() {
        return Stream.of(
                Arguments.of("{\"cmd_id\":22000,\"seq_id\":123,\"trace\":\"" + TRACE + "\",\"data\":{}}",
                        new Heartbeat(123, TRACE)),
                Arguments.of("{\"ret\":200,\"msg\":\"ok\",\"cmd_id\":22001,\"seq_id\":123,\"trace\":\"" + TRACE
                        + "\",\"data\":{}}", new Reply(200, "ok", 22001, 123, TRACE, List.of())),
                Arguments.of("{\"cmd_id\":22002,\"seq_id\":123,\"trace\":\"" + TRACE + "\",\"data\":{\"symbol_list\":"
                        + "[{\"code\":\"700.HK\",\"depth_level\":5},{\"code\":\"UNH.US\",\"depth_level\":5}]}}",
                        new SubscribeDepth(123, TRACE,
                                List.of(new DepthCode("700.HK", 5), new DepthCode("UNH.US", 5)))),
                Arguments.of("{\"cmd_id\":22002,\"seq_id\":1,\"trace\":\"t\",\"data\":{\"symbol_list\":"
                        + "[{\"code\":\"BTCUSDT\"}]}}",
                        new SubscribeDepth(1, "t", List.of(new DepthCode("BTCUSDT", 0)))),
                Arguments.of("{\"ret\":200,\"msg\":\"ok\",\"cmd_id\":22003,\"seq_id\":123,\"trace\":\"" + TRACE
                        + "\",\"data\":{}}", new Reply(200, "ok", 22003, 123, TRACE, List.of())),
                Arguments.of("{\"cmd_id\":22004,\"seq_id\":123,\"trace\":\"" + TRACE + "\",\"data\":{\"symbol_list\":"
                        + "[{\"code\":\"BTCUSDT\"}]}}", new SubscribeTrades(123, TRACE, List.of("BTCUSDT"))),
                Arguments.of("{\"cmd_id\":22006,\"seq_id\":123,\"trace\":\"" + TRACE
                        + "\",\"data\":{\"cancel_type\":1}}", new Cancel(123, TRACE, 1)),
                Arguments.of("{\"ret\":600,\"msg\":\"code invalid\",\"cmd_id\":22003,\"seq_id\":7,\"trace\":\"x\","
                        + "\"data\":{\"invalid_codes\":[\"FOO\"]}}",
                        new Reply(600, "code invalid", 22003, 7, "x", List.of("FOO"))),
                Arguments.of("{\"cmd_id\":22999,\"data\":{\"code\":\"700.HK\",\"seq\":\"30842500\","
                        + "\"tick_time\":\"1677830357227\",\"bids\":[{\"price\":\"410.200\",\"volume\":\"4000\"},"
                        + "{\"price\":\"410.000\",\"volume\":\"2300\"}],\"asks\":[{\"price\":\"410.400\","
                        + "\"volume\":\"1200\"}]}}",
                        new DepthPush("700.HK", "30842500", 1677830357227L,
                                List.of(new Level("410.200", "4000"), new Level("410.000", "2300")),
                                List.of(new Level("410.400", "1200")))),
                Arguments.of("{\"cmd_id\":22998,\"data\":{\"code\":\"EURUSD\",\"seq\":\"1605509068000001\","
                        + "\"tick_time\":\"1605509068000\",\"price\":\"1.08512\",\"volume\":\"100000\","
                        + "\"turnover\":\"108512\",\"trade_direction\":1}}",
                        new TradePush("EURUSD", "1605509068000001", 1605509068000L, "1.08512", "100000", "108512",
                                1)),
                // Numbers where the documentation shows strings are accepted as well.
                Arguments.of("{\"cmd_id\":22998,\"data\":{\"code\":\"AAPL.US\",\"seq\":42,"
                        + "\"tick_time\":1605509068000,\"price\":\"230.01\",\"volume\":\"100\",\"turnover\":\"23001\","
                        + "\"trade_direction\":\"2\"}}",
                        new TradePush("AAPL.US", "42", 1605509068000L, "230.01", "100", "23001", 2)),
                // Optional fields left out: a one-sided book whose empty side is padded with "" levels, without
                // seq or tick_time; a trade with only code, seq and price; numbers in exponent form.
                Arguments.of("{\"cmd_id\":22999,\"data\":{\"code\":\"9988.HK\",\"bids\":[{\"price\":\"85.050\","
                        + "\"volume\":1E+2}],\"asks\":[{\"price\":\"\",\"volume\":\"\"}]}}",
                        new DepthPush("9988.HK", "", 0, List.of(new Level("85.050", "100.0")), List.of())),
                Arguments.of("{\"cmd_id\":22998,\"data\":{\"code\":\"AAPL.US\",\"seq\":\"7\",\"price\":230.01}}",
                        new TradePush("AAPL.US", "7", 0, "230.01", "0", "0", 0)));
    }

    @ParameterizedTest
    @MethodSource("validCases")
    void shouldParseDocumentedFrames(String text, Frame expected) {
        Parsed parsed = parser.parse(text);
        assertEquals(new Parsed.Ok(expected), parsed);
    }

    @ParameterizedTest
    @MethodSource("validCases")
    void shouldRoundTripThroughToJson(String text, Frame expected) {
        assertEquals(new Parsed.Ok(expected), parser.parse(expected.toJson()));
    }

    static Stream<Arguments> invalidCases() {
        return Stream.of(
                Arguments.of(null, Reject.PARSE_MALFORMED_FRAME),
                Arguments.of("", Reject.PARSE_MALFORMED_FRAME),
                Arguments.of("garbage", Reject.PARSE_MALFORMED_FRAME),
                Arguments.of("{\"cmd_id\":22999", Reject.PARSE_MALFORMED_FRAME),
                Arguments.of("[1,2,3]", Reject.PARSE_MALFORMED_FRAME),
                Arguments.of("42", Reject.PARSE_MALFORMED_FRAME),
                Arguments.of("{\"cmd_id\":22002,\"seq_id\":1,\"data\":{\"symbol_list\":[{\"code\":\"A\",}]}}",
                        Reject.PARSE_MALFORMED_FRAME),
                Arguments.of("{}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"cmd_id\":\"abc\"}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"cmd_id\":12345,\"data\":{}}", Reject.PARSE_UNKNOWN_COMMAND),
                Arguments.of("{\"cmd_id\":22999}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"cmd_id\":22999,\"data\":[]}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"cmd_id\":22999,\"data\":{\"code\":\"X\",\"seq\":\"1\",\"tick_time\":\"1\","
                        + "\"bids\":\"none\"}}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"cmd_id\":22999,\"data\":{\"code\":\"X\",\"seq\":\"1\",\"tick_time\":\"1\","
                        + "\"bids\":[{\"price\":{},\"volume\":\"1\"}]}}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"cmd_id\":22998,\"data\":{\"code\":\"X\",\"tick_time\":\"1\","
                        + "\"price\":\"1\",\"volume\":\"1\"}}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"cmd_id\":22999,\"data\":{\"code\":\"X\",\"seq\":\"1\",\"tick_time\":\"soon\"}}",
                        Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"cmd_id\":22998,\"data\":{\"code\":\"\",\"seq\":\"1\",\"tick_time\":\"1\","
                        + "\"price\":\"1\",\"volume\":\"1\"}}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"cmd_id\":22998,\"data\":{\"code\":\"X\",\"seq\":\"1\",\"tick_time\":\"1\","
                        + "\"price\":true,\"volume\":\"1\"}}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"cmd_id\":22002,\"seq_id\":1,\"data\":{}}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"cmd_id\":22004,\"seq_id\":1,\"data\":{\"symbol_list\":[\"BTCUSDT\"]}}",
                        Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"ret\":\"ok\",\"cmd_id\":22001}", Reject.PARSE_BAD_FIELD));
    }

    @ParameterizedTest
    @MethodSource("invalidCases")
    void shouldRejectMalformedFrames(String text, Reject reason) {
        Parsed parsed = parser.parse(text);
        Parsed.Rejected rejected = assertInstanceOf(Parsed.Rejected.class, parsed);
        assertEquals(reason, rejected.reason(), rejected.detail());
    }

    @Test
    void shouldNeverThrowOnRandomInput() {
        Random random = new Random(7);
        String alphabet = "{}[]\":,0123456789abcdefcmd_idatprice-.e ";
        String valid = "{\"cmd_id\":22999,\"data\":{\"code\":\"700.HK\",\"seq\":\"1\",\"tick_time\":\"1\","
                + "\"bids\":[{\"price\":\"410.200\",\"volume\":\"4000\"}],\"asks\":[]}}";
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder();
            if (n % 2 == 0) {
                sb.append(valid);
                int pos = random.nextInt(sb.length());
                sb.setCharAt(pos, alphabet.charAt(random.nextInt(alphabet.length())));
                sb.setLength(random.nextInt(sb.length()) + 1);
            } else {
                int len = random.nextInt(40);
                for (int i = 0; i < len; i++) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            Parsed parsed = parser.parse(sb.toString());
            assertTrue(parsed instanceof Parsed.Ok || parsed instanceof Parsed.Rejected);
        }
    }
}
