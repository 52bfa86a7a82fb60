package dev.tickplant.ingest.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.bybit.BybitFrameParser.Parsed;
import dev.tickplant.ingest.bybit.BybitFrames.Level;
import dev.tickplant.ingest.bybit.BybitFrames.OrderbookPush;
import dev.tickplant.ingest.bybit.BybitFrames.Request;
import dev.tickplant.ingest.bybit.BybitFrames.Response;
import dev.tickplant.ingest.bybit.BybitFrames.TickerPush;
import dev.tickplant.ingest.bybit.BybitFrames.TradeData;
import dev.tickplant.ingest.bybit.BybitFrames.TradePush;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bybit frames shaped like the examples of Bybit's v5 public WebSocket documentation. */
class BybitFrameParserTest {
    private final BybitFrameParser parser = new BybitFrameParser();
    private final Instrument btc = TestInstruments.defaultRegistry().byVenueCode("bybit", "BTCUSDT");

    private BybitFrames.Frame ok(String text) {
        Parsed p = parser.parse(text);
        return assertInstanceOf(Parsed.Ok.class, p, () -> "rejected: " + p).frame();
    }

    @Test
    void shouldParseRequestsAndResponses() {
        Request sub = (Request) ok("{\"req_id\":\"test\",\"op\":\"subscribe\",\"args\":[\"orderbook.1.BTCUSDT\","
                + "\"publicTrade.BTCUSDT\",\"orderbook.1.ETHUSDT\"]}");
        assertEquals(new Request("test", "subscribe", List.of("orderbook.1.BTCUSDT", "publicTrade.BTCUSDT",
                "orderbook.1.ETHUSDT")), sub);
        assertEquals(sub, ok(sub.toJson()));
        Request ping = (Request) ok("{\"req_id\":\"100001\",\"op\":\"ping\"}");
        assertEquals("ping", ping.op());
        assertEquals(new Response(true, "subscribe", "2324d924-aa4d-45b0-a858-7b8be29ab52b", "10001", "subscribe"),
                ok("{\"success\":true,\"ret_msg\":\"subscribe\",\"conn_id\":\"2324d924-aa4d-45b0-a858-7b8be29ab52b\","
                        + "\"req_id\":\"10001\",\"op\":\"subscribe\"}"));
        assertEquals(new Response(true, "pong", "0970e817-426e-429a-a679-ff7f55e0b16a", "100001", "ping"),
                ok("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"0970e817-426e-429a-a679-ff7f55e0b16a\","
                        + "\"req_id\":\"100001\",\"op\":\"ping\"}"));
    }

    @Test
    void shouldParseDocumentedOrderbookTradeAndTicker() {
        OrderbookPush book = (OrderbookPush) ok("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"snapshot\","
                + "\"ts\":1672304484978,\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"16493.50\",\"0.006\"],"
                + "[\"16493.00\",\"0.100\"]],\"a\":[[\"16611.00\",\"0.029\"],[\"16612.00\",\"0.213\"]],"
                + "\"u\":18521288,\"seq\":7961638724},\"cts\":1672304484976}");
        assertEquals(new OrderbookPush("orderbook.50.BTCUSDT", "snapshot", 1672304484978L, "BTCUSDT",
                List.of(new Level("16493.50", "0.006"), new Level("16493.00", "0.100")),
                List.of(new Level("16611.00", "0.029"), new Level("16612.00", "0.213")), 18521288, 7961638724L,
                1672304484976L), book);
        assertEquals(book, ok(book.toJson()));
        TradePush trades = (TradePush) ok("{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\","
                + "\"ts\":1672304486868,\"data\":[{\"T\":1672304486865,\"s\":\"BTCUSDT\",\"S\":\"Buy\","
                + "\"v\":\"0.001\",\"p\":\"16578.50\",\"L\":\"PlusTick\","
                + "\"i\":\"20f43950-d8dd-5b31-9112-a178eb6023af\",\"BT\":false}]}");
        assertEquals(new TradeData(1672304486865L, "BTCUSDT", "Buy", "0.001", "16578.50",
                "20f43950-d8dd-5b31-9112-a178eb6023af"), trades.data().get(0));
        TickerPush ticker = (TickerPush) ok("{\"topic\":\"tickers.BTCUSDT\",\"ts\":1673853746003,"
                + "\"type\":\"snapshot\",\"cs\":2588407389,\"data\":{\"symbol\":\"BTCUSDT\",\"lastPrice\":\"21109.77\","
                + "\"highPrice24h\":\"21426.99\",\"lowPrice24h\":\"20575\",\"prevPrice24h\":\"20704.93\","
                + "\"volume24h\":\"6780.866843\",\"turnover24h\":\"141946527.22907118\",\"price24hPcnt\":\"0.0196\","
                + "\"usdIndexPrice\":\"21120.2400136\"}}");
        assertEquals("21109.77", ticker.lastPrice());

        Trade t = BybitMapper.trade(btc, trades.data().get(0), 1L);
        assertEquals(Side.BUY, t.side());
        assertEquals(1_657_850L, t.price());
        assertEquals(100_000L, t.size());
        assertEquals("20f43950-d8dd-5b31-9112-a178eb6023af", t.tradeId());
        BookUpdate u = BybitMapper.book(btc, book, 5, 1L);
        assertEquals(true, u.snapshot());
        assertEquals(18521288, u.venueSeq());
        assertEquals(-1, u.prevVenueSeq());
        assertEquals(BookUpdate.NO_CHECKSUM, u.checksum());
    }

    @Test
    void shouldAcceptOneSidedBooksAndFieldsLeftOut() {
        // A delta that changes one side leaves the other out; s and ts may be missing; numbers as JSON numbers.
        OrderbookPush p = (OrderbookPush) ok("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\","
                + "\"data\":{\"a\":[[16611.0,\"2.5E-3\"]],\"u\":18521289}}");
        assertEquals("BTCUSDT", p.symbol());
        assertEquals(List.of(), p.bids());
        BookUpdate u = BybitMapper.book(btc, p, 18521288, 77L);
        assertEquals(77L, u.venueTsNanos(), "no ts: the receive time");
        assertEquals(1_661_100L, u.asks().get(0).price());
        assertEquals(250_000L, u.asks().get(0).size(), "2.5E-3 at size scale 8");
        // A trade without S and T: unknown side, the push's time; an id as Bybit writes it (a UUID) or a number.
        TradePush t = (TradePush) ok("{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\","
                + "\"ts\":1672304486868,\"data\":[{\"v\":\"0.001\",\"p\":\"16578.50\","
                + "\"i\":\"20f43950-d8dd-5b31-9112-a178eb6023af\"},{\"T\":1672304486865,\"s\":\"BTCUSDT\","
                + "\"S\":\"Sell\",\"v\":0.002,\"p\":16578.5,\"L\":\"PlusTick\",\"i\":123456789012345678901234,"
                + "\"BT\":false}]}");
        Trade first = BybitMapper.trade(btc, t.data().get(0), 5L);
        assertEquals(Side.UNKNOWN, first.side());
        assertEquals(1672304486868L * 1_000_000L, first.venueTsNanos());
        assertEquals("20f43950-d8dd-5b31-9112-a178eb6023af", first.tradeId());
        Trade second = BybitMapper.trade(btc, t.data().get(1), 5L);
        assertEquals("123456789012345678901234", second.tradeId());
        assertEquals(Side.SELL, second.side());
        // A derivatives ticker delta leaves unchanged fields out, lastPrice included.
        TickerPush delta = (TickerPush) ok("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{"
                + "\"symbol\":\"BTCUSDT\",\"bid1Price\":\"17215.50\"},\"cs\":24987956059,\"ts\":1673272861686}");
        assertEquals(null, delta.lastPrice());
        TickerPush spot = (TickerPush) ok("{\"topic\":\"tickers.BTCUSDT\",\"ts\":1673853746003,"
                + "\"type\":\"snapshot\",\"cs\":2588407389,\"data\":{\"lastPrice\":21109.77}}");
        assertEquals("21109.77", spot.lastPrice());
        assertEquals("BTCUSDT", spot.symbol());
    }

    static Stream<String> invalid() {
        return Stream.of("", "pong", "[1]", "{\"x\":1}", "{\"success\":\"yes\"}",
                "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"partial\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\","
                        + "\"b\":[],\"a\":[],\"u\":1}}",
                "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\","
                        + "\"b\":[[[],\"1\"]],\"a\":[],\"u\":2}}",
                "{\"topic\":\"publicTrade.BTCUSDT\",\"ts\":1,\"data\":[{\"T\":1,\"S\":\"Buy\",\"v\":\"1\","
                        + "\"p\":\"1\"}]}",
                "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\","
                        + "\"b\":[],\"a\":[]}}",
                "{\"topic\":\"publicTrade.BTCUSDT\",\"ts\":1,\"data\":[{\"T\":1,\"s\":\"BTCUSDT\",\"S\":\"Up\","
                        + "\"v\":\"1\",\"p\":\"1\",\"i\":\"x\"}]}",
                "{\"topic\":\"kline.1.BTCUSDT\",\"ts\":1,\"data\":[]}",
                "{\"op\":\"subscribe\",\"args\":[1]}");
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void shouldRejectMalformedFrames(String text) {
        assertInstanceOf(Parsed.Rejected.class, parser.parse(text), () -> "accepted: " + text);
    }
}
