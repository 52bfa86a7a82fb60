package dev.tickplant.ingest.coinbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.coinbase.CoinbaseFrameParser.Parsed;
import dev.tickplant.ingest.coinbase.CoinbaseFrames.Change;
import dev.tickplant.ingest.coinbase.CoinbaseFrames.Inbound;
import dev.tickplant.ingest.ws.FeedUniverse;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Messages shaped exactly like the examples of the Coinbase Exchange WebSocket feed documentation. */
class CoinbaseFrameParserTest {
    private static final long RECV = 1_700_000_000_000_000_000L;
    private static final String TICKER = "{\"type\":\"ticker\",\"sequence\":37475248783,\"product_id\":\"ETH-USD\","
            + "\"price\":\"1285.22\",\"open_24h\":\"1310.79\",\"volume_24h\":\"245532.79269678\",\"low_24h\":\"1280.52\","
            + "\"high_24h\":\"1313.8\",\"volume_30d\":\"9788783.60117027\",\"best_bid\":\"1285.04\","
            + "\"best_bid_size\":\"0.46688654\",\"best_ask\":\"1285.27\",\"best_ask_size\":\"1.56637040\","
            + "\"side\":\"buy\",\"time\":\"2022-10-19T23:28:22.061769Z\",\"trade_id\":370843401,"
            + "\"last_size\":\"11.4396987\"}";
    private static final String MATCH = "{\"type\":\"match\",\"trade_id\":10,\"sequence\":50,"
            + "\"maker_order_id\":\"ac928c66-ca53-498f-9c13-a110027a60e8\","
            + "\"taker_order_id\":\"132fb6ae-456b-4654-b4e0-d681ac05cea1\",\"time\":\"2014-11-07T08:19:27.028459Z\","
            + "\"product_id\":\"BTC-USD\",\"size\":\"5.23512\",\"price\":\"400.23\",\"side\":\"sell\"}";

    private final CoinbaseFrameParser parser = new CoinbaseFrameParser();
    private final CoinbaseMapper mapper = new CoinbaseMapper(
            new FeedUniverse(TestInstruments.defaultRegistry(), "coinbase", EnumSet.allOf(AssetClass.class)));

    private Inbound ok(String text) {
        Parsed p = parser.parse(text);
        assertInstanceOf(Parsed.Ok.class, p, () -> text + " -> " + p);
        return ((Parsed.Ok) p).frame();
    }

    @Test
    void shouldParseTheDocumentedMessages() {
        assertEquals(new CoinbaseFrames.Subscriptions(List.of("level2", "heartbeat", "ticker")),
                ok("{\"type\":\"subscriptions\",\"channels\":[{\"name\":\"level2\",\"product_ids\":[\"ETH-USD\","
                        + "\"ETH-EUR\"]},{\"name\":\"heartbeat\",\"product_ids\":[\"ETH-USD\",\"ETH-EUR\"]},"
                        + "{\"name\":\"ticker\",\"product_ids\":[\"ETH-USD\",\"ETH-EUR\",\"ETH-BTC\"]}]}"));
        assertEquals(new CoinbaseFrames.Heartbeat("BTC-USD", 90, 20, "2014-11-07T08:19:28.464459Z"),
                ok("{\"type\":\"heartbeat\",\"sequence\":90,\"last_trade_id\":20,\"product_id\":\"BTC-USD\","
                        + "\"time\":\"2014-11-07T08:19:28.464459Z\"}"));
        assertEquals(new CoinbaseFrames.Ticker("ETH-USD", 37475248783L, "1285.22", "1285.04", "0.46688654",
                "1285.27", "1.56637040", "2022-10-19T23:28:22.061769Z"), ok(TICKER));
        assertEquals(new CoinbaseFrames.Snapshot("BTC-USD", List.of(new Change("buy", "10101.10", "0.45054140")),
                List.of(new Change("sell", "10102.55", "0.57753524"))),
                ok("{\"type\":\"snapshot\",\"product_id\":\"BTC-USD\",\"bids\":[[\"10101.10\",\"0.45054140\"]],"
                        + "\"asks\":[[\"10102.55\",\"0.57753524\"]]}"));
        assertEquals(new CoinbaseFrames.L2Update("BTC-USD", List.of(new Change("buy", "10101.80000000", "0.162567")),
                "2019-08-14T20:42:27.265Z"), ok("{\"type\":\"l2update\",\"product_id\":\"BTC-USD\",\"changes\":"
                        + "[[\"buy\",\"10101.80000000\",\"0.162567\"]],\"time\":\"2019-08-14T20:42:27.265Z\"}"));
        assertEquals(new CoinbaseFrames.Match(false, "BTC-USD", "10", 50, "400.23", "5.23512", "sell",
                "2014-11-07T08:19:27.028459Z"), ok(MATCH));
        assertEquals(new CoinbaseFrames.Error("Failed to subscribe", "XYZ-USD is not a valid product"),
                ok("{\"type\":\"error\",\"message\":\"Failed to subscribe\",\"reason\":\"XYZ-USD is not a valid "
                        + "product\"}"));
    }

    @Test
    void shouldKeepTradeIdsBeyondALongAsText() {
        CoinbaseFrames.Match m = (CoinbaseFrames.Match) ok(MATCH.replace("\"trade_id\":10",
                "\"trade_id\":123456789012345678901234"));
        assertEquals("123456789012345678901234", m.tradeId());
    }

    @Test
    void shouldIgnoreMessageTypesItDoesNotUse() {
        assertEquals(new Parsed.Ignored("status"), parser.parse("{\"type\":\"status\",\"products\":[]}"));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("nope", Reject.PARSE_MALFORMED_FRAME),
                Arguments.of("[]", Reject.PARSE_MALFORMED_FRAME),
                Arguments.of("{\"product_id\":\"BTC-USD\"}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"type\":\"heartbeat\",\"sequence\":true,\"product_id\":\"BTC-USD\"}",
                        Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"type\":\"match\",\"product_id\":\"BTC-USD\",\"trade_id\":1,\"price\":\"\","
                        + "\"size\":\"1\"}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"type\":\"l2update\",\"product_id\":\"BTC-USD\",\"changes\":[[\"up\",\"1\",\"1\"]]}",
                        Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"type\":\"l2update\",\"product_id\":\"BTC-USD\"}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"type\":\"snapshot\",\"product_id\":\"BTC-USD\",\"bids\":[[\"1\"]],\"asks\":[]}",
                        Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"type\":\"match\",\"product_id\":\"BTC-USD\",\"sequence\":1,\"price\":\"1\","
                        + "\"size\":\"1\",\"side\":\"sell\"}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"type\":\"ticker\",\"sequence\":\"x\",\"product_id\":\"BTC-USD\"}",
                        Reject.PARSE_BAD_FIELD));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void shouldRejectMalformedMessages(String text, Reject reason) {
        Parsed p = parser.parse(text);
        assertInstanceOf(Parsed.Rejected.class, p, () -> text + " -> " + p);
        assertEquals(reason, ((Parsed.Rejected) p).reason());
    }

    @Test
    void shouldMapTickerMatchAndLevel2ToCommonEvents() {
        CoinbaseFrames.Ticker t = (CoinbaseFrames.Ticker) ok(TICKER.replace("ETH-USD", "BTC-USD"));
        Quote q = (Quote) ((CoinbaseMapper.Mapped.Ok) mapper.quote(t, RECV)).event();
        assertEquals("BTCUSD", q.symbol());
        assertEquals(128_504, q.bidPrice());
        assertEquals(46_688_654, q.bidSize());
        assertEquals(128_522, q.lastPrice());
        assertEquals(37475248783L, q.venueSeq());

        Trade trade = (Trade) ((CoinbaseMapper.Mapped.Ok) mapper.trade((CoinbaseFrames.Match) ok(MATCH), RECV))
                .event();
        assertEquals(Side.BUY, trade.side(), "the maker sold, so the taker bought");
        assertEquals("10", trade.tradeId());
        assertEquals(40_023, trade.price());
        assertEquals(523_512_000, trade.size());
        assertEquals(50, trade.venueSeq());

        var btc = TestInstruments.defaultRegistry().byVenueCode("coinbase", "BTC-USD");
        BookUpdate u = (BookUpdate) ((CoinbaseMapper.Mapped.Ok) mapper.book(btc, false,
                List.of(new Change("buy", "10101.80000000", "0.162567"), new Change("sell", "10102.55", "0")), null,
                RECV)).event();
        assertEquals(List.of(new BookLevel(1_010_180, 16_256_700)), u.bids());
        assertEquals(List.of(new BookLevel(1_010_255, 0)), u.asks());
        assertEquals(BookUpdate.NO_CHECKSUM, u.checksum());

        assertEquals(Reject.MAP_BAD_DECIMAL, ((CoinbaseMapper.Mapped.Rejected) mapper.book(btc, true,
                List.of(new Change("buy", "1.001", "1")), null, RECV)).reason());
        assertEquals(Reject.PARSE_UNKNOWN_SYMBOL, ((CoinbaseMapper.Mapped.Rejected) mapper.quote(
                new CoinbaseFrames.Ticker("DOGE-USD", 1, "1", "1", "1", "1", "1", null), RECV)).reason());
    }

    @Test
    void shouldKeepOneSidedTickersAndOptionalFields() {
        // A side without orders comes empty or is left out; older versions lack the sizes; no sequence or time.
        CoinbaseFrames.Ticker t = (CoinbaseFrames.Ticker) ok("{\"type\":\"ticker\",\"product_id\":\"BTC-USD\","
                + "\"price\":\"1285.22\",\"best_bid\":\"\",\"best_ask\":\"1285.23\"}");
        Quote q = (Quote) ((CoinbaseMapper.Mapped.Ok) mapper.quote(t, RECV)).event();
        assertEquals(0, q.bidPrice());
        assertEquals(0, q.bidSize());
        assertEquals(128_523, q.askPrice());
        assertEquals(0, q.askSize(), "no size given");
        assertEquals(128_522, q.lastPrice());
        assertEquals(0, q.venueSeq());
        assertEquals(RECV, q.venueTsNanos());
        CoinbaseFrames.Ticker noLast = (CoinbaseFrames.Ticker) ok("{\"type\":\"ticker\",\"sequence\":5,"
                + "\"product_id\":\"BTC-USD\",\"best_bid\":1285.2,\"best_bid_size\":\"1e-2\"}");
        Quote q2 = (Quote) ((CoinbaseMapper.Mapped.Ok) mapper.quote(noLast, RECV)).event();
        assertEquals(128_520, q2.bidPrice());
        assertEquals(1_000_000, q2.bidSize());
        assertEquals(0, q2.askPrice());
        assertEquals(0, q2.lastPrice());
        // A one-sided snapshot, a match without side/sequence/time, ids as text or numbers of any size.
        CoinbaseFrames.Snapshot s = (CoinbaseFrames.Snapshot) ok("{\"type\":\"snapshot\",\"product_id\":"
                + "\"BTC-USD\",\"asks\":[[\"10102.55\",\"0.57753524\"]]}");
        assertEquals(List.of(), s.bids());
        CoinbaseFrames.Match m = (CoinbaseFrames.Match) ok("{\"type\":\"match\",\"trade_id\":"
                + "\"123456789012345678901234\",\"product_id\":\"BTC-USD\",\"size\":\"5.23512\",\"price\":400.23}");
        Trade trade = (Trade) ((CoinbaseMapper.Mapped.Ok) mapper.trade(m, RECV)).event();
        assertEquals("123456789012345678901234", trade.tradeId());
        assertEquals(Side.UNKNOWN, trade.side());
        assertEquals(40_023, trade.price());
    }

    @Test
    void shouldRenderRequestsAsDocumented() {
        assertEquals(new JsonObject("{\"type\":\"subscribe\",\"product_ids\":[\"ETH-USD\",\"ETH-EUR\"],"
                + "\"channels\":[\"level2_batch\",\"heartbeat\"]}"),
                new JsonObject(CoinbaseFrames.subscribe(List.of("ETH-USD", "ETH-EUR"), List.of("level2_batch",
                        "heartbeat"))));
        assertEquals(new JsonObject("{\"type\":\"unsubscribe\",\"product_ids\":[\"ETH-USD\"],"
                + "\"channels\":[\"ticker\"]}"),
                new JsonObject(CoinbaseFrames.unsubscribe(List.of("ETH-USD"), List.of("ticker"))));
    }
}
