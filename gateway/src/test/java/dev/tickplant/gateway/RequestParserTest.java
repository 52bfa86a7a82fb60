package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.model.Channel;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestParserTest {

    static Stream<Arguments> validCases() {
        return Stream.of(
                Arguments.of("{\"type\":\"auth\",\"apiKey\":\"k1\"}", new ClientRequest.Auth("k1")),
                Arguments.of("{\"type\":\"auth\"}", new ClientRequest.Auth(null)),
                Arguments.of("{\"type\":\"subscribe\",\"symbol\":\"EURUSD\"}",
                        new ClientRequest.Subscribe(List.of("EURUSD"), null)),
                Arguments.of("{\"type\":\"subscribe\",\"symbols\":[\"EURUSD\",\"GBPUSD\",\"XAUUSD\"]}",
                        new ClientRequest.Subscribe(List.of("EURUSD", "GBPUSD", "XAUUSD"), null)),
                Arguments.of("{\"action\":\"subscribe\",\"symbols\":[\"AAPL\",\"00001.HK\"]}",
                        new ClientRequest.Subscribe(List.of("AAPL", "00001.HK"), null)),
                Arguments.of("{\"action\":\"subscribe\",\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\"}",
                        new ClientRequest.Subscribe(List.of("BTCUSDT"), "binance")),
                Arguments.of("{\"type\":\"SUBSCRIBE\",\"symbol\":\"a\",\"symbols\":[\"b\"]}",
                        new ClientRequest.Subscribe(List.of("a", "b"), null)),
                Arguments.of("{\"type\":\"unsubscribe\",\"symbol\":\"EURUSD\"}",
                        new ClientRequest.Unsubscribe(List.of("EURUSD"), null)),
                Arguments.of("{\"type\":\"list\"}", new ClientRequest.ListSubscriptions()),
                Arguments.of("{\"type\":\"limits\"}", new ClientRequest.Limits()),
                Arguments.of("{\"type\":\"ping\",\"id\":7}", new ClientRequest.Ping(7)),
                Arguments.of("{\"type\":\"ping\"}", new ClientRequest.Ping(null)),
                Arguments.of("{\"type\":\"subscribe\",\"symbol\":\"BTCUSDT\",\"channel\":\"depth\",\"levels\":5}",
                        new ClientRequest.Subscribe(List.of("BTCUSDT"), null, List.of(Channel.DEPTH), 5)),
                Arguments.of("{\"type\":\"subscribe\",\"symbol\":\"BTCUSDT\",\"channel\":\"Depth\",\"depth\":3}",
                        new ClientRequest.Subscribe(List.of("BTCUSDT"), null, List.of(Channel.DEPTH), 3)),
                Arguments.of("{\"type\":\"subscribe\",\"symbol\":\"X\",\"channels\":[\"trade\",\"status\",\"trade\"]}",
                        new ClientRequest.Subscribe(List.of("X"), null, List.of(Channel.TRADE, Channel.STATUS), 10)),
                Arguments.of("{\"type\":\"subscribe\",\"symbol\":\"X\",\"channel\":\"tick\",\"channels\":[\"depth\"]}",
                        new ClientRequest.Subscribe(List.of("X"), null, List.of(Channel.TICK, Channel.DEPTH), 10)),
                Arguments.of("{\"type\":\"unsubscribe\",\"symbol\":\"X\",\"channel\":\"trade\"}",
                        new ClientRequest.Unsubscribe(List.of("X"), null, List.of(Channel.TRADE))));
    }

    static Stream<Arguments> invalidChannelCases() {
        return Stream.of(
                Arguments.of("{\"type\":\"subscribe\",\"symbol\":\"X\",\"channel\":\"candles\"}",
                        ErrorCode.INVALID_CHANNEL),
                Arguments.of("{\"type\":\"subscribe\",\"symbol\":\"X\",\"channel\":7}", ErrorCode.INVALID_CHANNEL),
                Arguments.of("{\"type\":\"subscribe\",\"symbol\":\"X\",\"channels\":[]}", ErrorCode.INVALID_CHANNEL),
                Arguments.of("{\"type\":\"subscribe\",\"symbol\":\"X\",\"channels\":\"depth\"}",
                        ErrorCode.INVALID_CHANNEL),
                Arguments.of("{\"type\":\"subscribe\",\"symbol\":\"X\",\"channel\":\"depth\",\"levels\":0}",
                        ErrorCode.INVALID_LEVELS),
                Arguments.of("{\"type\":\"subscribe\",\"symbol\":\"X\",\"channel\":\"depth\",\"levels\":51}",
                        ErrorCode.INVALID_LEVELS),
                Arguments.of("{\"type\":\"subscribe\",\"symbol\":\"X\",\"channel\":\"depth\",\"levels\":2.5}",
                        ErrorCode.INVALID_LEVELS));
    }

    @ParameterizedTest
    @MethodSource("invalidChannelCases")
    void shouldRejectBadChannelsAndLevels(String text, ErrorCode expected) {
        ClientRequest.Invalid invalid = assertInstanceOf(ClientRequest.Invalid.class, RequestParser.parse(text));
        assertEquals(expected, invalid.code());
        assertTrue(invalid.message().length() > 10, invalid.message());
    }

    @ParameterizedTest
    @MethodSource("validCases")
    void shouldParseValidRequests(String text, ClientRequest expected) {
        assertEquals(expected, RequestParser.parse(text));
    }

    static Stream<Arguments> invalidCases() {
        return Stream.of(
                Arguments.of("not json", ErrorCode.INVALID_JSON),
                Arguments.of("{\"type\":", ErrorCode.INVALID_JSON),
                Arguments.of("", ErrorCode.INVALID_JSON),
                Arguments.of("[1,2]", ErrorCode.INVALID_MESSAGE),
                Arguments.of("\"subscribe\"", ErrorCode.INVALID_MESSAGE),
                Arguments.of("42", ErrorCode.INVALID_MESSAGE),
                Arguments.of("{}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("{\"type\":7}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("{\"type\":\"dance\"}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("{\"type\":\"subscribe\"}", ErrorCode.INVALID_SYMBOLS),
                Arguments.of("{\"type\":\"subscribe\",\"symbols\":[]}", ErrorCode.INVALID_SYMBOLS),
                Arguments.of("{\"type\":\"subscribe\",\"symbols\":\"EURUSD\"}", ErrorCode.INVALID_SYMBOLS),
                Arguments.of("{\"type\":\"subscribe\",\"symbols\":[\"EURUSD\",5]}", ErrorCode.INVALID_SYMBOLS),
                Arguments.of("{\"type\":\"subscribe\",\"symbols\":[\"\"]}", ErrorCode.INVALID_SYMBOLS),
                Arguments.of("{\"type\":\"subscribe\",\"symbol\":42}", ErrorCode.INVALID_SYMBOLS),
                Arguments.of("{\"type\":\"subscribe\",\"symbol\":\"X\",\"exchange\":1}", ErrorCode.INVALID_SYMBOLS),
                Arguments.of("{\"type\":\"unsubscribe\",\"symbols\":null}", ErrorCode.INVALID_SYMBOLS));
    }

    @ParameterizedTest
    @MethodSource("invalidCases")
    void shouldRejectInvalidRequestsWithCode(String text, ErrorCode code) {
        ClientRequest.Invalid invalid = assertInstanceOf(ClientRequest.Invalid.class, RequestParser.parse(text));
        assertEquals(code, invalid.code());
        assertTrue(!invalid.message().isBlank());
    }

    @Test
    void shouldNameTheUnknownTypeInTheMessage() {
        ClientRequest.Invalid invalid = (ClientRequest.Invalid) RequestParser.parse("{\"action\":\"dance\"}");
        assertTrue(invalid.message().contains("'dance'"), invalid.message());
    }

    @Test
    void shouldPreferTypeOverAction() {
        assertEquals(new ClientRequest.ListSubscriptions(),
                RequestParser.parse("{\"type\":\"list\",\"action\":\"subscribe\"}"));
    }

    @Test
    void shouldTreatNonStringApiKeyAsMissing() {
        ClientRequest.Auth auth = (ClientRequest.Auth) RequestParser.parse("{\"type\":\"auth\",\"apiKey\":5}");
        assertNull(auth.apiKey());
    }
}
