package dev.tickplant.gateway.alltick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AllTickRequestParserTest {

    @Test
    void shouldParseAllTickDocumentationExampleWithTrailingCommas() {
        String doc = "{\n\"cmd_id\":22002,\n\"seq_id\":123,\n\"trace\":\"asdfsdfa\",\n\"data\":{\n\"symbol_list\": [\n"
                + "{\n\"code\": \"HK-1288\",\n\"depth_level\": 5,\n},\n],\n}\n}";
        AllTickRequest.SubscribeDepth sub = assertInstanceOf(AllTickRequest.SubscribeDepth.class,
                AllTickRequestParser.parse(doc));
        assertEquals(new AllTickRequest.Header(22002, 123L, "asdfsdfa"), sub.header());
        assertEquals(List.of(new AllTickRequest.DepthCode("HK-1288", 5)), sub.codes());
    }

    @Test
    void shouldStripTrailingCommasOnlyOutsideStrings() {
        assertEquals("{\"a\":[1,2]}", AllTickRequestParser.stripTrailingCommas("{\"a\":[1,2,],}"));
        assertEquals("{\"a\":\"x,}\",\"b\":\"y\\\",]\"}",
                AllTickRequestParser.stripTrailingCommas("{\"a\":\"x,}\",\"b\":\"y\\\",]\" , }"
                        .replace(" , }", "}")));
        assertEquals("{\"a\":\"q\\\\\"\n }", AllTickRequestParser.stripTrailingCommas("{\"a\":\"q\\\\\",\n }"));
        String clean = "{\"cmd_id\":22000}";
        assertEquals(clean, AllTickRequestParser.stripTrailingCommas(clean));
    }

    @Test
    void shouldParseEveryCommand() {
        assertInstanceOf(AllTickRequest.Heartbeat.class,
                AllTickRequestParser.parse("{\"cmd_id\":22000,\"seq_id\":1,\"trace\":\"t\",\"data\":{}}"));
        // seq_id and trace may be missing; cmd_id may be a numeric string.
        AllTickRequest hb = AllTickRequestParser.parse("{\"cmd_id\":\"22000\"}");
        assertEquals(new AllTickRequest.Header(22000, 0L, ""), hb.header());
        AllTickRequest.SubscribeTrades trades = assertInstanceOf(AllTickRequest.SubscribeTrades.class,
                AllTickRequestParser.parse("{\"cmd_id\":22004,\"seq_id\":\"7\",\"trace\":\"t\",\"data\":"
                        + "{\"symbol_list\":[{\"code\":\"AAPL.US\"},\"EURUSD\"]}}"));
        assertEquals(List.of("AAPL.US", "EURUSD"), trades.codes());
        assertEquals(7L, trades.header().seqId());
        AllTickRequest.Cancel cancel = assertInstanceOf(AllTickRequest.Cancel.class,
                AllTickRequestParser.parse("{\"cmd_id\":22006,\"seq_id\":1,\"trace\":\"t\",\"data\":"
                        + "{\"cancel_type\":2}}"));
        assertEquals(2, cancel.cancelType());
        AllTickRequest.SubscribeDepth noLevel = assertInstanceOf(AllTickRequest.SubscribeDepth.class,
                AllTickRequestParser.parse("{\"cmd_id\":22002,\"data\":{\"symbol_list\":[{\"code\":\"700.HK\"}]}}"));
        assertEquals(0, noLevel.codes().get(0).depthLevel());
    }

    @Test
    void shouldDetectSeed002FlatVariant() {
        AllTickRequest.Flat sub = assertInstanceOf(AllTickRequest.Flat.class, AllTickRequestParser.parse(
                "{\"cmd_id\": 22004, \"action\": \"subscribe\", \"code\": [\"EURUSD\", \"GBPUSD\"]}"));
        assertTrue(sub.subscribe());
        assertEquals(List.of("EURUSD", "GBPUSD"), sub.codes());
        assertEquals(22004, sub.header().cmdId());
        AllTickRequest.Flat unsub = assertInstanceOf(AllTickRequest.Flat.class, AllTickRequestParser.parse(
                "{\"cmd_id\":22004,\"action\":\"unsubscribe\",\"code\":[\"AUDCHF\",\"USDCAD\"]}"));
        assertEquals(false, unsub.subscribe());
    }

    static Stream<Arguments> invalidCases() {
        return Stream.of(
                Arguments.of("", 601, "body empty"),
                Arguments.of("{}", 601, "body empty"),
                Arguments.of("[1]", 400, "request header param invalid"),
                Arguments.of("{\"cmd_id\":", 400, "request header param invalid"),
                Arguments.of("{\"seq_id\":1}", 400, "request header param invalid"),
                Arguments.of("{\"cmd_id\":22002.5}", 400, "request header param invalid"),
                Arguments.of("{\"cmd_id\":22000,\"seq_id\":[1]}", 400, "request header param invalid"),
                Arguments.of("{\"cmd_id\":22000,\"trace\":{}}", 400, "request header param invalid"),
                Arguments.of("{\"cmd_id\":22002,\"data\":[]}", 400, "request header param invalid"),
                Arguments.of("{\"cmd_id\":99,\"data\":{}}", 400, "request header param invalid"),
                Arguments.of("{\"cmd_id\":22002}", 601, "body empty"),
                Arguments.of("{\"cmd_id\":22002,\"data\":{}}", 601, "body empty"),
                Arguments.of("{\"cmd_id\":22002,\"data\":{\"x\":1}}", 400, "request data param invalid"),
                Arguments.of("{\"cmd_id\":22002,\"data\":{\"symbol_list\":[{\"depth_level\":5}]}}", 400,
                        "request data param invalid"),
                Arguments.of("{\"cmd_id\":22002,\"data\":{\"symbol_list\":[{\"code\":\"A\",\"depth_level\":0}]}}",
                        400, "request data param invalid"),
                Arguments.of("{\"cmd_id\":22004,\"data\":{\"symbol_list\":[{\"code\":\" \"}]}}", 400,
                        "request data param invalid"),
                Arguments.of("{\"cmd_id\":22006,\"data\":{\"cancel_type\":3}}", 400, "request data param invalid"),
                Arguments.of("{\"cmd_id\":22004,\"action\":\"follow\",\"code\":[\"EURUSD\"]}", 400,
                        "request header param invalid"),
                Arguments.of("{\"cmd_id\":22004,\"action\":\"subscribe\",\"code\":[]}", 601, "body empty"),
                Arguments.of("{\"cmd_id\":22000,\"action\":\"subscribe\",\"code\":[\"EURUSD\"]}", 400,
                        "request header param invalid"));
    }

    @ParameterizedTest
    @MethodSource("invalidCases")
    void shouldRejectInvalidRequestsWithRetAndMessage(String text, int ret, String msgPrefix) {
        AllTickRequest.Invalid invalid = assertInstanceOf(AllTickRequest.Invalid.class,
                AllTickRequestParser.parse(text));
        assertEquals(ret, invalid.ret(), invalid.msg());
        assertTrue(invalid.msg().startsWith(msgPrefix), invalid.msg());
    }
}
