package dev.tickplant.ingest.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.binance.BinanceFrameParser.Parsed;
import dev.tickplant.ingest.binance.BinanceFrames.BookTicker;
import dev.tickplant.ingest.binance.BinanceFrames.DepthSnapshot;
import dev.tickplant.ingest.binance.BinanceFrames.DepthUpdate;
import dev.tickplant.ingest.binance.BinanceFrames.Level;
import dev.tickplant.ingest.binance.BinanceFrames.Reply;
import dev.tickplant.ingest.binance.BinanceFrames.Request;
import dev.tickplant.ingest.binance.BinanceFrames.TradeEvent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Binance frames shaped exactly like the examples in Binance's WebSocket streams and REST documentation. */
class BinanceFrameParserTest {
    private final BinanceFrameParser parser = new BinanceFrameParser();
    private final Instrument btc = TestInstruments.defaultRegistry().byVenueCode("binance", "BTCUSDT");

    private Parsed.Ok ok(String text) {
        Parsed p = parser.parse(text);
        return assertInstanceOf(Parsed.Ok.class, p, () -> "rejected: " + p);
    }

    @Test
    void shouldParseDocumentedSubscribeRequestAndReplies() {
        Request req = (Request) ok("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\",\"btcusdt@depth\"],"
                + "\"id\":1}").frame();
        assertEquals(new Request("SUBSCRIBE", List.of("btcusdt@aggTrade", "btcusdt@depth"), 1), req);
        assertEquals(req, ok(req.toJson()).frame());
        assertEquals(new Reply(1, List.of(), 0, null), ok("{\"result\":null,\"id\":1}").frame());
        assertEquals(new Reply(3, List.of("btcusdt@aggTrade"), 0, null),
                ok("{\"result\":[\"btcusdt@aggTrade\"],\"id\":3}").frame());
        Reply err = (Reply) ok("{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":7}").frame();
        assertEquals(2, err.errorCode());
        assertEquals(false, err.ok());
        assertEquals(err, ok(err.toJson()).frame());
        assertEquals(new Reply(4, List.of(), 0, "Unknown property"),
                ok("{\"code\": 0, \"msg\": \"Unknown property\",\"id\": 4}").frame());
    }

    @Test
    void shouldParseCombinedBookTickerTradeAggTradeAndDepth() {
        Parsed.Ok bt = ok("{\"stream\":\"bnbusdt@bookTicker\",\"data\":{\"u\":400900217,\"s\":\"BNBUSDT\","
                + "\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\"}}");
        assertEquals("bnbusdt@bookTicker", bt.stream());
        assertEquals(new BookTicker(400900217, "BNBUSDT", "25.35190000", "31.21000000", "25.36520000", "40.66000000"),
                bt.frame());
        assertEquals(new TradeEvent("trade", 1672515782136L, "BNBBTC", "12345", "0.001", "100", 1672515782136L, true),
                ok("{\"stream\":\"bnbbtc@trade\",\"data\":{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BNBBTC\","
                        + "\"t\":12345,\"p\":\"0.001\",\"q\":\"100\",\"T\":1672515782136,\"m\":true,\"M\":true}}")
                        .frame());
        assertEquals(new TradeEvent("aggTrade", 1672515782136L, "BNBBTC", "12345", "0.001", "100", 1672515782136L,
                        true),
                ok("{\"stream\":\"bnbbtc@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1672515782136,"
                        + "\"s\":\"BNBBTC\",\"a\":12345,\"p\":\"0.001\",\"q\":\"100\",\"f\":100,\"l\":105,"
                        + "\"T\":1672515782136,\"m\":true,\"M\":true}}").frame());
        assertEquals(new DepthUpdate(1672515782136L, "BNBBTC", 157, 160, List.of(new Level("0.0024", "10")),
                        List.of(new Level("0.0026", "100"))),
                ok("{\"stream\":\"bnbbtc@depth\",\"data\":{\"e\":\"depthUpdate\",\"E\":1672515782136,"
                        + "\"s\":\"BNBBTC\",\"U\":157,\"u\":160,\"b\":[[\"0.0024\",\"10\"]],"
                        + "\"a\":[[\"0.0026\",\"100\"]]}}").frame());
    }

    @Test
    void shouldParseDocumentedRestSnapshot() {
        assertEquals(new DepthSnapshot(1027024, List.of(new Level("4.00000000", "431.00000000")),
                        List.of(new Level("4.00000200", "12.00000000"))),
                parser.parseSnapshot("{\"lastUpdateId\":1027024,\"bids\":[[\"4.00000000\",\"431.00000000\"]],"
                        + "\"asks\":[[\"4.00000200\",\"12.00000000\"]]}"));
        assertThrows(IllegalArgumentException.class, () -> parser.parseSnapshot("{\"code\":-1121,\"msg\":\"x\"}"));
    }

    @Test
    void shouldKeepOneSidedBookTickersAndOptionalFields() {
        // A side without orders comes as "0.00000000" (or is left out); the quote keeps the other side.
        BookTicker zeroBid = (BookTicker) ok("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":400900217,"
                + "\"s\":\"BTCUSDT\",\"b\":\"0.00000000\",\"B\":\"0.00000000\",\"a\":\"37000.02000000\","
                + "\"A\":\"40.66000000\"}}").frame();
        Quote q = BinanceMapper.quote(btc, zeroBid, 5L);
        assertEquals(0, q.bidPrice());
        assertEquals(0, q.bidSize());
        assertEquals(3_700_002L, q.askPrice());
        BookTicker noAsk = (BookTicker) ok("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"s\":\"BTCUSDT\","
                + "\"b\":\"37000.01\",\"B\":\"1\"}}").frame();
        Quote q2 = BinanceMapper.quote(btc, noAsk, 5L);
        assertEquals(3_700_001L, q2.bidPrice());
        assertEquals(0, q2.askPrice());
        assertEquals(0, q2.venueSeq(), "no u: no venue sequence");
        // The futures bookTicker names its event and adds times; numbers may come as JSON numbers, e-notation too.
        BookTicker futures = (BookTicker) ok("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\","
                + "\"u\":400900217,\"E\":1568014460893,\"T\":1568014460891,\"s\":\"BTCUSDT\",\"b\":37000.01,"
                + "\"B\":\"31.21000000\",\"a\":\"3.700002E4\",\"A\":4e-8}}").frame();
        Quote q3 = BinanceMapper.quote(btc, futures, 5L);
        assertEquals(3_700_001L, q3.bidPrice());
        assertEquals(3_700_002L, q3.askPrice());
        assertEquals(4L, q3.askSize());
    }

    @Test
    void shouldKeepTradeIdsBeyondALongAndTradesWithoutOptionalFields() {
        TradeEvent big = (TradeEvent) ok("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\","
                + "\"E\":1672515782136,\"s\":\"BTCUSDT\",\"t\":123456789012345678901234,\"p\":\"37000.01\","
                + "\"q\":\"0.001\",\"T\":1672515782134,\"m\":false,\"M\":true}}").frame();
        Trade t = BinanceMapper.trade(btc, big, 5L);
        assertEquals("123456789012345678901234", t.tradeId());
        assertEquals(0, t.venueSeq());
        assertEquals(Side.BUY, t.side());
        assertEquals(1672515782134L * 1_000_000L, t.venueTsNanos());
        // Without T and m: the event time, and an unknown side.
        TradeEvent sparse = (TradeEvent) ok("{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\","
                + "\"E\":1672515782136,\"s\":\"BTCUSDT\",\"a\":\"7\",\"p\":37000.01,\"q\":\"1E-3\"}}").frame();
        Trade t2 = BinanceMapper.trade(btc, sparse, 5L);
        assertEquals("7", t2.tradeId());
        assertEquals(Side.UNKNOWN, t2.side());
        assertEquals(1672515782136L * 1_000_000L, t2.venueTsNanos());
        assertEquals(100_000L, t2.size());
    }

    @Test
    void shouldAcceptDepthMessagesWithAnAbsentSide() {
        DepthUpdate d = (DepthUpdate) ok("{\"stream\":\"btcusdt@depth\",\"data\":{\"e\":\"depthUpdate\","
                + "\"E\":1672515782136,\"s\":\"BTCUSDT\",\"U\":157,\"u\":160,\"b\":[[\"37000.00\",\"1\"]]}}").frame();
        assertEquals(List.of(), d.asks());
        assertEquals(1, d.bids().size());
        DepthSnapshot oneSided = parser.parseSnapshot("{\"lastUpdateId\":1027024,\"bids\":[],"
                + "\"asks\":[[\"37000.02000000\",\"12.00000000\"]]}");
        assertEquals(List.of(), oneSided.bids());
        BookUpdate b = BinanceMapper.snapshot(btc, oneSided, 5L);
        assertEquals(1, b.asks().size());
    }

    static Stream<String> invalid() {
        return Stream.of("", "not json", "[1,2]", "{\"foo\":1}",
                "{\"stream\":\"btcusdt@trade\",\"data\":[]}",
                "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\"}}",
                "{\"stream\":\"btcusdt@depth\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":5,"
                        + "\"u\":4,\"b\":[],\"a\":[]}}",
                "{\"stream\":\"btcusdt@depth\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":1,"
                        + "\"u\":4,\"b\":[[{},\"2\"]],\"a\":[]}}",
                "{\"stream\":\"btcusdt@depth\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"u\":4}}",
                "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"\","
                        + "\"q\":\"1\"}}",
                "{\"stream\":\"btcusdt@kline_1m\",\"data\":{\"e\":\"kline\"}}",
                "{\"method\":\"SUBSCRIBE\",\"params\":[\"x\"],\"id\":\"abc\"}");
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void shouldRejectMalformedFrames(String text) {
        Parsed p = parser.parse(text);
        Parsed.Rejected r = assertInstanceOf(Parsed.Rejected.class, p, () -> "accepted: " + text);
        assertInstanceOf(Reject.class, r.reason());
    }

    @Test
    void shouldMapToCommonEventsAtTheInstrumentScales() {
        Quote q = BinanceMapper.quote(btc, new BookTicker(9, "BTCUSDT", "37000.01000000", "0.50000000",
                "37000.02000000", "1.25000000"), 5L);
        assertEquals(3_700_001L, q.bidPrice());
        assertEquals(50_000_000L, q.bidSize());
        assertEquals(3_700_002L, q.askPrice());
        assertEquals(9, q.venueSeq());
        Trade t = BinanceMapper.trade(btc, new TradeEvent("trade", 1, "BTCUSDT", "42", "37000.01", "0.001", 2, true),
                5L);
        assertEquals("42", t.tradeId());
        assertEquals(Side.SELL, t.side());
        assertEquals(2_000_000L, t.venueTsNanos());
        BookUpdate d = BinanceMapper.delta(btc, new DepthUpdate(1, "BTCUSDT", 157, 160,
                List.of(new Level("37000.00", "0.00000000")), List.of()), 156, 5L);
        assertEquals(List.of(new BookLevel(3_700_000L, 0)), d.bids());
        assertEquals(157, d.firstVenueSeq());
        assertEquals(160, d.venueSeq());
        assertEquals(156, d.prevVenueSeq());
        assertEquals(BookUpdate.NO_CHECKSUM, d.checksum());
        assertThrows(NumberFormatException.class, () -> BinanceMapper.quote(btc, new BookTicker(1, "BTCUSDT",
                "37000.015", "1", "37000.02", "1"), 1L));
    }
}
