package dev.tickplant.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tickplant.bench.load.MessageScanner.Kind;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageScannerTest {
    record Seen(Kind kind, long timeMs, long conflated, long recvUs, long normUs, long sendUs) {}

    private final List<Seen> seen = new ArrayList<>();
    private final MessageScanner scanner = new MessageScanner(
            (kind, time, conflated, recv, norm, send) -> seen.add(new Seen(kind, time, conflated, recv, norm, send)));

    static Stream<Arguments> validCases() {
        return Stream.of(
                Arguments.of("{\"type\":\"tick\",\"symbol\":\"EURUSD\",\"bid\":1.08500,\"time\":1709742000000,\"seq\":4}",
                        List.of(new Seen(Kind.MARKET_DATA, 1709742000000L, 0, -1, -1, -1))),
                Arguments.of("{\"type\":\"subscribed\",\"symbols\":[\"EURUSD\"],\"totalSubscriptions\":1}",
                        List.of(new Seen(Kind.SUBSCRIBED, -1, 0, -1, -1, -1))),
                Arguments.of("{\"type\":\"error\",\"code\":\"UNKNOWN_SYMBOL\",\"message\":\"no \\\"type\\\":\\\"tick\\\"\"}",
                        List.of(new Seen(Kind.ERROR, -1, 0, -1, -1, -1))),
                // nested arrays, objects and numbers named like our fields must not leak into the message
                Arguments.of("{\"type\":\"depth\",\"bids\":[[65000.10,0.5]],\"bidVenues\":[{\"time\":5,\"okx\":0.3}],"
                        + "\"time\":17,\"conflated\":3}",
                        List.of(new Seen(Kind.MARKET_DATA, 17, 3, -1, -1, -1))),
                Arguments.of("{\"type\":\"trade\",\"time\":9,\"hops\":{\"recv\":100,\"norm\":150,\"send\":175},\"seq\":2}",
                        List.of(new Seen(Kind.MARKET_DATA, 9, 0, 100, 150, 175))),
                Arguments.of("[{\"type\":\"tick\",\"time\":1},{\"type\":\"status\",\"time\":2,\"venues\":[{\"type\":\"x\"}]},"
                        + "{\"type\":\"tick\",\"time\":3,\"conflated\":12}]",
                        List.of(new Seen(Kind.MARKET_DATA, 1, 0, -1, -1, -1), new Seen(Kind.OTHER, 2, 0, -1, -1, -1),
                                new Seen(Kind.MARKET_DATA, 3, 12, -1, -1, -1))),
                Arguments.of(" { \"time\" : 42 , \"type\" : \"tick\" } ",
                        List.of(new Seen(Kind.MARKET_DATA, 42, 0, -1, -1, -1))),
                Arguments.of("{\"type\":\"welcome\",\"message\":\"{not a brace}\",\"server\":\"tickplant\"}",
                        List.of(new Seen(Kind.OTHER, -1, 0, -1, -1, -1))));
    }

    @ParameterizedTest
    @MethodSource("validCases")
    void shouldReadTheFieldsOfEveryMessage(String text, List<Seen> expected) {
        scanner.feed(text);
        scanner.endText();
        assertEquals(expected, seen);
    }

    @ParameterizedTest
    @MethodSource("validCases")
    void shouldReadTheSameWhenTheTextArrivesInOneBytePieces(String text, List<Seen> expected) {
        Buffer buffer = Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < buffer.length(); i++) {
            scanner.feed(buffer, i, i + 1);
        }
        scanner.endText();
        assertEquals(expected, seen);
    }

    @Test
    void shouldForgetATruncatedTextAtItsEnd() {
        scanner.feed("{\"type\":\"tick\",\"time\":5,\"symbol\":\"AA");
        scanner.endText();
        scanner.feed("{\"type\":\"tick\",\"time\":6}");
        scanner.endText();
        assertEquals(List.of(new Seen(Kind.MARKET_DATA, 6, 0, -1, -1, -1)), seen);
    }
}
