package dev.tickplant.ingest.okx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.okx.OkxFrameParser.Parsed;
import dev.tickplant.ingest.okx.OkxFrames.Arg;
import dev.tickplant.ingest.okx.OkxFrames.BookData;
import dev.tickplant.ingest.okx.OkxFrames.BookPush;
import dev.tickplant.ingest.okx.OkxFrames.Event;
import dev.tickplant.ingest.okx.OkxFrames.Level;
import dev.tickplant.ingest.okx.OkxFrames.Request;
import dev.tickplant.ingest.okx.OkxFrames.TickerData;
import dev.tickplant.ingest.okx.OkxFrames.TickersPush;
import dev.tickplant.ingest.okx.OkxFrames.TradeData;
import dev.tickplant.ingest.okx.OkxFrames.TradesPush;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** OKX frames shaped like the examples of OKX's v5 WebSocket documentation, and its checksum examples. */
class OkxFrameParserTest {
    private final OkxFrameParser parser = new OkxFrameParser();
    private final Instrument btc = TestInstruments.defaultRegistry().byVenueCode("okx", "BTC-USDT");

    private OkxFrames.Frame ok(String text) {
        Parsed p = parser.parse(text);
        return assertInstanceOf(Parsed.Ok.class, p, () -> "rejected: " + p).frame();
    }

    @Test
    void shouldParseSubscribeRequestsAndEventReplies() {
        Request req = (Request) ok("{\"id\":\"1512\",\"op\":\"subscribe\",\"args\":[{\"channel\":\"tickers\","
                + "\"instId\":\"BTC-USDT\"}]}");
        assertEquals(new Request("1512", "subscribe", List.of(new Arg("tickers", "BTC-USDT"))), req);
        assertEquals(req, ok(req.toJson()));
        assertEquals(new Event("1512", "subscribe", new Arg("tickers", "BTC-USDT"), null, null, "accb8e21"),
                ok("{\"id\":\"1512\",\"event\":\"subscribe\",\"arg\":{\"channel\":\"tickers\","
                        + "\"instId\":\"BTC-USDT\"},\"connId\":\"accb8e21\"}"));
        Event err = (Event) ok("{\"id\":\"1512\",\"event\":\"error\",\"code\":\"60012\",\"msg\":\"Invalid request: "
                + "{\\\"op\\\": \\\"subscribe\\\", \\\"argss\\\":[]}\",\"connId\":\"a4d3ae55\"}");
        assertEquals("60012", err.code());
        assertEquals(true, err.error());
        assertInstanceOf(OkxFrames.Pong.class, ok("pong"));
        assertInstanceOf(OkxFrames.Ping.class, ok("ping"));
    }

    @Test
    void shouldParseDocumentedBookSnapshotAndUpdate() {
        BookPush snap = (BookPush) ok("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},"
                + "\"action\":\"snapshot\","
                + "\"data\":[{\"asks\":[[\"8476.98\",\"415\",\"0\",\"13\"],[\"8477\",\"7\",\"0\",\"2\"]],"
                + "\"bids\":[[\"8476.97\",\"256\",\"0\",\"12\"],[\"8475.55\",\"101\",\"0\",\"1\"]],"
                + "\"ts\":\"1597026383085\",\"checksum\":-855196043,\"prevSeqId\":-1,\"seqId\":123456}]}");
        assertEquals("snapshot", snap.action());
        BookData d = snap.data().get(0);
        assertEquals(new Level("8476.98", "415", "0", "13"), d.asks().get(0));
        assertEquals(-855196043L, d.checksum());
        assertEquals(-1, d.prevSeqId());
        assertEquals(123456, d.seqId());
        assertEquals(1597026383085L, d.tsMs());
        BookPush bbo = (BookPush) ok("{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"BCH-USDT-SWAP\"},\"data\":[{"
                + "\"asks\":[[\"111.06\",\"55154\",\"0\",\"2\"]],\"bids\":[[\"111.05\",\"57745\",\"0\",\"2\"]],"
                + "\"ts\":\"1670324386802\",\"seqId\":363996337}]}");
        assertEquals(null, bbo.action());
        assertEquals(363996337, bbo.data().get(0).seqId());
        assertEquals(snap, ok(snap.toJson()));
        assertTrue(d.hasChecksum());
    }

    @Test
    void shouldTreatAZeroOrMissingChecksumAsNotGiven() {
        String update = "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\","
                + "\"data\":[{\"asks\":[[\"8476.98\",\"415\",\"0\",\"13\"]],\"bids\":[],\"ts\":\"1597026383085\","
                + "\"checksum\":0,\"prevSeqId\":123456,\"seqId\":123457}]}";
        BookData zero = ((BookPush) ok(update)).data().get(0);
        assertEquals(0, zero.checksum());
        assertFalse(zero.hasChecksum(), "OKX deprecated the field and sends 0");
        BookData missing = ((BookPush) ok(update.replace("\"checksum\":0,", ""))).data().get(0);
        assertEquals(BookData.NO_CHECKSUM, missing.checksum());
        assertFalse(missing.hasChecksum());
        assertEquals(123456, missing.prevSeqId());
    }

    @Test
    void shouldParseDocumentedTradesAndTickers() {
        TradesPush t = (TradesPush) ok("{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{"
                + "\"instId\":\"BTC-USDT\",\"tradeId\":\"130639474\",\"px\":\"42219.9\",\"sz\":\"0.12060306\","
                + "\"side\":\"buy\",\"ts\":\"1630048897897\",\"count\":\"3\"}]}");
        assertEquals(new TradeData("BTC-USDT", "130639474", "42219.9", "0.12060306", "buy", 1630048897897L),
                t.data().get(0));
        TickersPush k = (TickersPush) ok("{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":[{"
                + "\"instType\":\"SPOT\",\"instId\":\"BTC-USDT\",\"last\":\"9999.99\",\"lastSz\":\"0.1\","
                + "\"askPx\":\"9999.99\",\"askSz\":\"11\",\"bidPx\":\"8888.88\",\"bidSz\":\"5\","
                + "\"open24h\":\"9000\",\"high24h\":\"10000\",\"low24h\":\"8888.88\",\"volCcy24h\":\"2222\","
                + "\"vol24h\":\"2222\",\"sodUtc0\":\"2222\",\"sodUtc8\":\"2222\",\"ts\":\"1597026383085\"}]}");
        Quote q = OkxMapper.ticker(btc, k.data().get(0), 1L);
        assertEquals(888_888L, q.bidPrice());
        assertEquals(999_999L, q.lastPrice());
        Trade tr = OkxMapper.trade(btc, t.data().get(0), 1L);
        assertEquals("130639474", tr.tradeId());
        assertEquals(Side.BUY, tr.side());
        assertEquals(4_221_990L, tr.price());
        assertEquals(12_060_306L, tr.size());
    }

    @Test
    void shouldKeepAOneSidedTickerWithItsAskAndLast() {
        // OKX sends "" for a side without orders (options, thin books); the ticker is not dropped.
        TickersPush k = (TickersPush) ok("{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":[{"
                + "\"instType\":\"SPOT\",\"instId\":\"BTC-USDT\",\"last\":\"9999.99\",\"lastSz\":\"0.1\","
                + "\"askPx\":\"10000.5\",\"askSz\":\"11\",\"bidPx\":\"\",\"bidSz\":\"\",\"open24h\":\"9000\","
                + "\"high24h\":\"10000\",\"low24h\":\"8888.88\",\"volCcy24h\":\"2222\",\"vol24h\":\"2222\","
                + "\"sodUtc0\":\"2222\",\"sodUtc8\":\"2222\",\"ts\":\"1597026383085\"}]}");
        TickerData d = k.data().get(0);
        assertEquals(null, d.bidPx());
        Quote q = OkxMapper.ticker(btc, d, 1L);
        assertEquals(0, q.bidPrice());
        assertEquals(0, q.bidSize());
        assertEquals(1_000_050L, q.askPrice());
        assertEquals(999_999L, q.lastPrice());
        assertEquals(1597026383085L * 1_000_000L, q.lastTsNanos(), "the ticker's last is as of the ticker's ts");
        // ... and the other side, and a ticker before the first trade (last ""), and one with fields left out.
        Quote noAsk = OkxMapper.ticker(btc, ((TickersPush) ok("{\"arg\":{\"channel\":\"tickers\","
                + "\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\",\"last\":\"\",\"lastSz\":\"\","
                + "\"askPx\":\"\",\"askSz\":\"\",\"bidPx\":\"8888.88\",\"bidSz\":\"5\",\"ts\":\"1\"}]}")).data()
                .get(0), 1L);
        assertEquals(888_888L, noAsk.bidPrice());
        assertEquals(0, noAsk.askPrice());
        assertEquals(0, noAsk.lastPrice());
        Quote sparse = OkxMapper.ticker(btc, ((TickersPush) ok("{\"arg\":{\"channel\":\"tickers\","
                + "\"instId\":\"BTC-USDT\"},\"data\":[{\"last\":\"9999.99\"}]}")).data().get(0), 7L);
        assertEquals(999_999L, sparse.lastPrice());
        assertEquals(0, sparse.bidPrice() + sparse.askPrice());
        assertEquals(7L, sparse.venueTsNanos(), "no ts: the receive time");
    }

    @Test
    void shouldTakeNumbersAsJsonNumbersAndInExponentForm() {
        TickersPush k = (TickersPush) ok("{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":[{"
                + "\"instId\":\"BTC-USDT\",\"last\":9999.99,\"askPx\":\"1.00005E4\",\"askSz\":1e-3,"
                + "\"bidPx\":8888.88,\"bidSz\":\"5E-8\",\"ts\":1597026383085}]}");
        Quote q = OkxMapper.ticker(btc, k.data().get(0), 1L);
        assertEquals(888_888L, q.bidPrice());
        assertEquals(5L, q.bidSize());
        assertEquals(1_000_050L, q.askPrice());
        assertEquals(100_000L, q.askSize());
        assertEquals(999_999L, q.lastPrice());
        assertEquals(1597026383085L * 1_000_000L, q.venueTsNanos());
        BookPush b = (BookPush) ok("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\","
                + "\"data\":[{\"asks\":[[8476.98,415,0,13]],\"bids\":[],\"ts\":1597026383085,\"seqId\":\"5\","
                + "\"prevSeqId\":\"4\"}]}");
        assertEquals(new Level("8476.98", "415", "0", "13"), b.data().get(0).asks().get(0));
        assertEquals(5, b.data().get(0).seqId());
    }

    @Test
    void shouldAcceptBookMessagesWithoutSequenceIdsOrASide() {
        // Older feeds and recordings: no seqId/prevSeqId (and no checksum); a one-sided book leaves a side out.
        BookPush snap = (BookPush) ok("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},"
                + "\"action\":\"snapshot\",\"data\":[{\"asks\":[[\"8476.98\",\"415\",\"0\",\"13\"]],"
                + "\"ts\":\"1597026383085\",\"checksum\":-1}]}");
        BookData d = snap.data().get(0);
        assertEquals(List.of(), d.bids());
        assertFalse(d.hasSeqId());
        assertFalse(d.chained());
        assertTrue(d.hasChecksum());
        BookUpdate u = OkxMapper.book(btc, true, d, 5L);
        assertEquals(0, u.venueSeq());
        assertEquals(-1, u.prevVenueSeq());
        assertEquals(-1, u.checksum());
        assertEquals(847_698L, u.asks().get(0).price());
        BookPush update = (BookPush) ok("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},"
                + "\"action\":\"update\",\"data\":[{\"asks\":[],\"bids\":[[\"8476.9\",\"1\",\"0\",\"1\"]],"
                + "\"ts\":\"1597026383086\"}]}");
        BookUpdate delta = OkxMapper.book(btc, false, update.data().get(0), 6L);
        assertEquals(-1, delta.prevVenueSeq());
        assertEquals(BookUpdate.NO_CHECKSUM, delta.checksum());
        assertEquals(update.data().get(0), ((BookPush) ok(update.toJson())).data().get(0));
        // bbo-tbt without a bid: a one-sided quote, and without seqId: no venue sequence.
        BookPush bbo = (BookPush) ok("{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT\"},\"data\":[{"
                + "\"asks\":[[\"111.06\",\"55154\",\"0\",\"2\"]],\"bids\":[],\"ts\":\"1670324386802\"}]}");
        Quote q = OkxMapper.bbo(btc, bbo.data().get(0), 1L);
        assertEquals(0, q.bidPrice());
        assertEquals(11_106L, q.askPrice());
        assertEquals(0, q.venueSeq());
    }

    @Test
    void shouldKeepTradeIdsBeyondALongAndOptionalTradeFields() {
        TradesPush t = (TradesPush) ok("{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{"
                + "\"tradeId\":\"123456789012345678901234567890\",\"px\":\"42219.9\",\"sz\":\"0.1\"},"
                + "{\"instId\":\"BTC-USDT\",\"tradeId\":98765432109876543210,\"px\":42219.9,\"sz\":1E-8,"
                + "\"side\":\"sell\",\"ts\":\"1630048897897\",\"count\":\"1\",\"source\":\"0\","
                + "\"seqId\":1234}]}");
        Trade first = OkxMapper.trade(btc, t.data().get(0), 9L);
        assertEquals("123456789012345678901234567890", first.tradeId());
        assertEquals(Side.UNKNOWN, first.side());
        assertEquals(9L, first.venueTsNanos());
        Trade second = OkxMapper.trade(btc, t.data().get(1), 9L);
        assertEquals("98765432109876543210", second.tradeId());
        assertEquals(Side.SELL, second.side());
        assertEquals(1L, second.size());
    }

    static Stream<String> invalid() {
        return Stream.of("", "PONG", "[]", "{\"foo\":1}",
                "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"weird\",\"data\":[]}",
                "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{"
                        + "\"asks\":[[true,\"415\",\"0\",\"13\"]],\"bids\":[],\"ts\":\"1\",\"checksum\":1,"
                        + "\"prevSeqId\":1,\"seqId\":2}]}",
                "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\","
                        + "\"tradeId\":\"1\",\"px\":\"1\",\"sz\":\"1\",\"side\":\"up\",\"ts\":\"1\"}]}",
                "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\","
                        + "\"px\":\"1\",\"sz\":\"1\",\"side\":\"buy\",\"ts\":\"1\"}]}",
                "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"tradeId\":\"1\","
                        + "\"px\":\"\",\"sz\":\"1\"}]}",
                "{\"arg\":{\"channel\":\"candle1m\",\"instId\":\"BTC-USDT\"},\"data\":[]}",
                "{\"event\":\"error\",\"msg\":\"no code\"}");
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void shouldRejectMalformedFrames(String text) {
        assertInstanceOf(Parsed.Rejected.class, parser.parse(text), () -> "accepted: " + text);
    }

    @Test
    void shouldBuildTheChecksumTextOfOkxsDocumentedExamples() {
        // OKX documentation: bids [[3366.1,7],[3366,6]], asks [[3366.8,9],[3368,8]]
        // -> "3366.1:7:3366.8:9:3366:6:3368:8"
        List<Level> bids = List.of(lv("3366.1", "7"), lv("3366", "6"));
        List<Level> asks = List.of(lv("3366.8", "9"), lv("3368", "8"));
        assertEquals("3366.1:7:3366.8:9:3366:6:3368:8", OkxBook.checksumText(bids, asks));
        // ... and with uneven sides: bid [[3366.1,7]], asks [[3366.8,9],[3368,8],[3372,8]].
        assertEquals("3366.1:7:3366.8:9:3368:8:3372:8",
                OkxBook.checksumText(List.of(lv("3366.1", "7")), List.of(lv("3366.8", "9"), lv("3368", "8"),
                        lv("3372", "8"))));
        // CRC32 as signed 32-bit; values computed independently (Python zlib.crc32, converted to signed).
        assertEquals(-1881014294, OkxBook.checksum(bids, asks));
        assertEquals(831078360, OkxBook.crc32("3366.1:7:3366.8:9:3368:8:3372:8"));
    }

    @Test
    void shouldChecksumOnlyTheBest25LevelsOfTheExactText() {
        OkxBook book = new OkxBook();
        List<Level> bids = new java.util.ArrayList<>();
        List<Level> asks = new java.util.ArrayList<>();
        for (int n = 0; n < 30; n++) {
            bids.add(lv(Integer.toString(1000 - n), "1.0"));
            asks.add(lv(Integer.toString(1001 + n), "2"));
        }
        book.snapshot(bids, asks);
        assertEquals(OkxBook.checksum(bids.subList(0, 25), asks.subList(0, 25)), book.checksum());
        book.update(List.of(lv("1000", "0")), List.of(lv("1001.0", "3")));
        assertEquals("999:1.0:1001.0:3", OkxBook.checksumText(book.bids(), book.asks()).substring(0, 16));
        assertThrows(NumberFormatException.class, () -> book.update(List.of(lv("x", "1")), List.of()));
    }

    @Test
    void shouldMapBookMessagesWithSequenceAndChecksum() {
        BookUpdate u = OkxMapper.book(btc, false, new BookData(List.of(lv("42219.9", "0")), List.of(),
                1597026383085L, -855196043L, 10, 12), 5L);
        assertEquals(12, u.venueSeq());
        assertEquals(10, u.prevVenueSeq());
        assertEquals(-855196043L, u.checksum());
        assertEquals(0, u.asks().get(0).size());
    }

    private static Level lv(String price, String size) {
        return new Level(price, size, "0", "1");
    }
}
