package dev.tickplant.ingest.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.kraken.KrakenFrameParser.Parsed;
import dev.tickplant.ingest.kraken.KrakenFrames.Ack;
import dev.tickplant.ingest.kraken.KrakenFrames.BookMessage;
import dev.tickplant.ingest.kraken.KrakenFrames.Heartbeat;
import dev.tickplant.ingest.kraken.KrakenFrames.Inbound;
import dev.tickplant.ingest.kraken.KrakenFrames.Level;
import dev.tickplant.ingest.kraken.KrakenFrames.Pong;
import dev.tickplant.ingest.kraken.KrakenFrames.SystemStatus;
import dev.tickplant.ingest.kraken.KrakenFrames.TickerMessage;
import dev.tickplant.ingest.kraken.KrakenFrames.TradeMessage;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Messages shaped exactly like the examples of Kraken's WebSocket v2 documentation. */
class KrakenFrameParserTest {
    private final KrakenFrameParser parser = new KrakenFrameParser();

    private Inbound ok(String text) {
        Parsed p = parser.parse(text);
        assertInstanceOf(Parsed.Ok.class, p, () -> "expected Ok for " + text + " but got " + p);
        return ((Parsed.Ok) p).frame();
    }

    @Test
    void shouldKeepTheLiteralDecimalTextOfBookLevels() {
        BookMessage m = (BookMessage) ok("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"MATIC/USD\","
                + "\"bids\":[{\"price\":0.5657,\"qty\":1098.3947558}],\"asks\":[],\"checksum\":2114181697,"
                + "\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}");
        assertFalse(m.snapshot());
        assertEquals(1, m.data().size());
        assertEquals("MATIC/USD", m.data().get(0).symbol());
        assertEquals(List.of(new Level("0.5657", "1098.3947558")), m.data().get(0).bids());
        assertEquals(List.of(), m.data().get(0).asks());
        assertEquals(2114181697L, m.data().get(0).checksum());
        assertEquals("2023-10-06T17:35:55.440295Z", m.data().get(0).timestamp());
    }

    @Test
    void shouldKeepTrailingZerosThatADoubleWouldLose() {
        BookMessage m = (BookMessage) ok("{\"channel\":\"book\",\"type\":\"snapshot\",\"data\":[{\"symbol\":\"BTC/USD\","
                + "\"bids\":[{\"price\":45283.5,\"qty\":0.10000000}],\"asks\":[{\"price\":45285.2,\"qty\":0.00100000}],"
                + "\"checksum\":3310070434}]}");
        assertTrue(m.snapshot());
        assertEquals(new Level("45283.5", "0.10000000"), m.data().get(0).bids().get(0));
        assertEquals(new Level("45285.2", "0.00100000"), m.data().get(0).asks().get(0));
        assertEquals(3310070434L, m.data().get(0).checksum());
    }

    @Test
    void shouldParseTheDocumentedTickerSnapshot() {
        TickerMessage m = (TickerMessage) ok("{\"channel\":\"ticker\",\"type\":\"snapshot\",\"data\":[{\"symbol\":"
                + "\"ALGO/USD\",\"bid\":0.10025,\"bid_qty\":740.0,\"ask\":0.10036,\"ask_qty\":1361.44813783,"
                + "\"last\":0.10035,\"volume\":997038.98383185,\"vwap\":0.10148,\"low\":0.09979,\"high\":0.10285,"
                + "\"change\":-0.00017,\"change_pct\":-0.17}]}");
        assertTrue(m.snapshot());
        assertEquals(new KrakenFrames.Ticker("ALGO/USD", "0.10025", "740.0", "0.10036", "1361.44813783", "0.10035",
                null), m.data().get(0));
    }

    @Test
    void shouldParseTheDocumentedTrade() {
        TradeMessage m = (TradeMessage) ok("{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":"
                + "\"MATIC/USD\",\"side\":\"sell\",\"price\":0.5117,\"qty\":40.0,\"ord_type\":\"market\","
                + "\"trade_id\":4665906,\"timestamp\":\"2023-09-25T07:49:37.708706Z\"}]}");
        assertEquals(new KrakenFrames.Trade("MATIC/USD", "sell", "0.5117", "40.0", "4665906",
                "2023-09-25T07:49:37.708706Z"), m.data().get(0));
    }

    @Test
    void shouldParseAcknowledgementsPongsHeartbeatsAndStatus() {
        assertEquals(new Ack("subscribe", 0, true, "ticker", "ALGO/USD", null),
                ok("{\"method\":\"subscribe\",\"result\":{\"channel\":\"ticker\",\"snapshot\":true,\"symbol\":"
                        + "\"ALGO/USD\"},\"success\":true,\"time_in\":\"2023-09-25T09:04:31.742599Z\","
                        + "\"time_out\":\"2023-09-25T09:04:31.742648Z\"}"));
        assertEquals(new Ack("subscribe", 7, false, null, "ABC/USD", "Currency pair not supported ABC/USD"),
                ok("{\"error\":\"Currency pair not supported ABC/USD\",\"method\":\"subscribe\",\"req_id\":7,"
                        + "\"success\":false,\"symbol\":\"ABC/USD\",\"time_in\":\"2023-09-25T09:04:31.742599Z\","
                        + "\"time_out\":\"2023-09-25T09:04:31.742648Z\"}"));
        assertEquals(new Pong(101), ok("{\"method\":\"pong\",\"req_id\":101,\"time_in\":\"2023-09-24T14:10:23.799685Z\","
                + "\"time_out\":\"2023-09-24T14:10:23.799703Z\"}"));
        assertEquals(new Heartbeat(), ok("{\"channel\":\"heartbeat\"}"));
        // connection_id exceeds a long; it must not break parsing.
        assertEquals(new SystemStatus("online"), ok("{\"channel\":\"status\",\"data\":[{\"api_version\":\"v2\","
                + "\"connection_id\":12393906104898154338,\"system\":\"online\",\"version\":\"2.0.0\"}],"
                + "\"type\":\"update\"}"));
    }

    @Test
    void shouldKeepOneSidedTickersAndOptionalFields() {
        // A side without orders is left out (or null); the last before the first trade too.
        TickerMessage m = (TickerMessage) ok("{\"channel\":\"ticker\",\"type\":\"update\",\"data\":[{\"symbol\":"
                + "\"ALGO/USD\",\"ask\":0.10036,\"ask_qty\":1361.44813783,\"last\":0.10035,\"bid\":null,"
                + "\"bid_qty\":null},{\"symbol\":\"BTC/USD\"}]}");
        assertEquals(new KrakenFrames.Ticker("ALGO/USD", null, null, "0.10036", "1361.44813783", "0.10035", null),
                m.data().get(0));
        assertEquals(new KrakenFrames.Ticker("BTC/USD", null, null, null, null, null, null), m.data().get(1));
        // A book message without a checksum, a trade without side and timestamp, ids beyond a long, exponents.
        BookMessage b = (BookMessage) ok("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":"
                + "\"BTC/USD\",\"bids\":[{\"price\":45283.5,\"qty\":1.5e-7}],\"timestamp\":"
                + "\"2023-10-06T17:35:55.440295Z\"}]}");
        assertEquals(KrakenFrames.Book.NO_CHECKSUM, b.data().get(0).checksum());
        assertEquals(List.of(), b.data().get(0).asks());
        assertEquals("1.5e-7", b.data().get(0).bids().get(0).qty());
        TradeMessage t = (TradeMessage) ok("{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":"
                + "\"MATIC/USD\",\"price\":0.5117,\"qty\":40.0,\"trade_id\":123456789012345678901234}]}");
        assertEquals(new KrakenFrames.Trade("MATIC/USD", null, "0.5117", "40.0", "123456789012345678901234", null),
                t.data().get(0));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("not json", Reject.PARSE_MALFORMED_FRAME),
                Arguments.of("[1,2]", Reject.PARSE_MALFORMED_FRAME),
                Arguments.of("{\"channel\":\"heartbeat\"} trailing", Reject.PARSE_MALFORMED_FRAME),
                Arguments.of("{\"foo\":1}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"channel\":\"ohlc\",\"type\":\"update\",\"data\":[]}", Reject.PARSE_UNKNOWN_COMMAND),
                Arguments.of("{\"channel\":\"book\",\"type\":\"delta\",\"data\":[]}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"channel\":\"book\",\"type\":\"update\",\"data\":{}}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\","
                        + "\"bids\":[{\"price\":true,\"qty\":1}],\"asks\":[],\"checksum\":1}]}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\","
                        + "\"side\":\"buy\",\"price\":1.5,\"qty\":1}]}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\","
                        + "\"bids\":[],\"asks\":[],\"checksum\":1.5}]}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"channel\":\"ticker\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\","
                        + "\"bid\":true}]}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"method\":\"subscribe\",\"success\":true}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"method\":\"add_order\"}", Reject.PARSE_UNKNOWN_COMMAND));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void shouldRejectMalformedOrUnknownMessages(String text, Reject reason) {
        Parsed p = parser.parse(text);
        assertInstanceOf(Parsed.Rejected.class, p, () -> text + " -> " + p);
        assertEquals(reason, ((Parsed.Rejected) p).reason(), text);
    }

    @Test
    void shouldRenderRequestsAsDocumented() {
        assertEquals(new JsonObject("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":"
                + "[\"BTC/USD\",\"ETH/EUR\"],\"depth\":10},\"req_id\":3}"),
                new JsonObject(KrakenFrames.subscribe("book", List.of("BTC/USD", "ETH/EUR"), 10, 3)));
        assertEquals(new JsonObject("{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":"
                + "[\"BTC/USD\"],\"snapshot\":false},\"req_id\":4}"),
                new JsonObject(KrakenFrames.subscribe("trade", List.of("BTC/USD"), 10, 4)));
        assertEquals(new JsonObject("{\"method\":\"unsubscribe\",\"params\":{\"channel\":\"ticker\",\"symbol\":"
                + "[\"BTC/USD\"]},\"req_id\":5}"),
                new JsonObject(KrakenFrames.unsubscribe("ticker", List.of("BTC/USD"), 10, 5)));
        assertEquals(new JsonObject("{\"method\":\"ping\",\"req_id\":6}"), new JsonObject(KrakenFrames.ping(6)));
    }
}
