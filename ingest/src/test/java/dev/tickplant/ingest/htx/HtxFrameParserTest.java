package dev.tickplant.ingest.htx;

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
import dev.tickplant.ingest.htx.HtxFrameParser.Parsed;
import dev.tickplant.ingest.htx.HtxFrames.Inbound;
import dev.tickplant.ingest.htx.HtxFrames.Level;
import dev.tickplant.ingest.ws.FeedUniverse;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Messages shaped exactly like the examples of HTX's market WebSocket documentation, gzipped as the venue does. */
class HtxFrameParserTest {
    private static final long RECV = 1_700_000_000_000_000_000L;
    static final String BBO = "{\"ch\":\"market.btcusdt.bbo\",\"ts\":1630994555540,\"tick\":{\"seqId\":131499881747,"
            + "\"ask\":52011.54,\"askSize\":0.016,\"bid\":52011.53,\"bidSize\":1.0,\"quoteTime\":1630994555539,"
            + "\"symbol\":\"btcusdt\"}}";
    static final String TRADE = "{\"ch\":\"market.btcusdt.trade.detail\",\"ts\":1630994963175,\"tick\":"
            + "{\"id\":137005445109,\"ts\":1630994963173,\"data\":[{\"id\":137005445109359286410323766,"
            + "\"ts\":1630994963173,\"tradeId\":102523573486,\"amount\":0.006754,\"price\":52648.62,"
            + "\"direction\":\"buy\"}]}}";
    static final String DEPTH = "{\"ch\":\"market.btcusdt.depth.step0\",\"ts\":1630983549503,\"tick\":{\"bids\":"
            + "[[52690.69,0.36281],[52690.68,0.2]],\"asks\":[[52690.7,2.611586],[52691.0,1.0E-4]],"
            + "\"version\":136998124622,\"ts\":1630983549500}}";

    private final HtxFrameParser parser = new HtxFrameParser();
    private final HtxMapper mapper = new HtxMapper(
            new FeedUniverse(TestInstruments.defaultRegistry(), "htx", EnumSet.allOf(AssetClass.class)), 20);

    private Inbound ok(String text) {
        Parsed p = parser.parseGzip(HtxFrameParser.gzip(text));
        assertInstanceOf(Parsed.Ok.class, p, () -> text + " -> " + p);
        return ((Parsed.Ok) p).frame();
    }

    @Test
    void shouldParseTheDocumentedMessagesFromGzippedFrames() {
        assertEquals(new HtxFrames.Ping("1492420473027"), ok("{\"ping\": 1492420473027}"));
        assertEquals(new HtxFrames.Reply("id1", true, "market.btcusdt.kline.1min", null, null),
                ok("{\"id\":\"id1\",\"status\":\"ok\",\"subbed\":\"market.btcusdt.kline.1min\",\"ts\":1489474081631}"));
        assertEquals(new HtxFrames.Reply("id4", true, "market.btcusdt.trade.detail", null, null),
                ok("{\"id\":\"id4\",\"status\":\"ok\",\"unsubbed\":\"market.btcusdt.trade.detail\",\"ts\":1494326028889}"));
        assertEquals(new HtxFrames.Reply("id2", false, null, "bad-request",
                "invalid topic market.invalidsymbol.kline.1min"), ok("{\"id\":\"id2\",\"status\":\"error\","
                        + "\"err-code\":\"bad-request\",\"err-msg\":\"invalid topic market.invalidsymbol.kline.1min\","
                        + "\"ts\":1494301904959}"));
        assertEquals(new HtxFrames.Bbo("btcusdt", 131499881747L, "52011.53", "1.0", "52011.54", "0.016",
                1630994555539L), ok(BBO));
        assertEquals(new HtxFrames.TradeDetail("btcusdt", "137005445109", List.of(new HtxFrames.TradeItem(
                "137005445109359286410323766", "102523573486", 1630994963173L, "0.006754", "52648.62", "buy"))),
                ok(TRADE));
        assertEquals(new HtxFrames.Depth("btcusdt", 136998124622L, 1630983549500L,
                List.of(new Level("52690.69", "0.36281"), new Level("52690.68", "0.2")),
                List.of(new Level("52690.7", "2.611586"), new Level("52691.0", "1.0E-4"))), ok(DEPTH));
    }

    @Test
    void shouldKeepATradeIdWithoutTradeIdFieldAsText() {
        HtxFrames.TradeDetail t = (HtxFrames.TradeDetail) ok(TRADE.replace("\"tradeId\":102523573486,", ""));
        assertEquals("137005445109359286410323766", t.data().get(0).tradeId());
    }

    @Test
    void shouldKeepOneSidedBboAndBooksAndOptionalFields() {
        // A side without orders is left out; without seqId and quoteTime the push's ts is the venue time.
        HtxFrames.Bbo bbo = (HtxFrames.Bbo) ok("{\"ch\":\"market.btcusdt.bbo\",\"ts\":1630994555540,\"tick\":{"
                + "\"ask\":52011.54,\"askSize\":0.016,\"symbol\":\"btcusdt\"}}");
        assertEquals(new HtxFrames.Bbo("btcusdt", 0, null, null, "52011.54", "0.016", 1630994555540L), bbo);
        Quote q = (Quote) ((HtxMapper.Mapped.Ok) mapper.quote(bbo, RECV)).event();
        assertEquals(0, q.bidPrice());
        assertEquals(0, q.bidSize());
        assertEquals(5_201_154, q.askPrice());
        assertEquals(1630994555540L * 1_000_000L, q.venueTsNanos());
        // Decimals as text too, and an exponent.
        Quote text = (Quote) ((HtxMapper.Mapped.Ok) mapper.quote((HtxFrames.Bbo) ok(BBO.replace("52011.53",
                "\"5.201153E4\"")), RECV)).event();
        assertEquals(5_201_153, text.bidPrice());
        // A depth image without version or one side; a trade without direction, ts or a push tick id.
        HtxFrames.Depth d = (HtxFrames.Depth) ok(DEPTH.replace("\"version\":136998124622,", "")
                .replace("\"asks\":[[52690.7,2.611586],[52691.0,1.0E-4]],", ""));
        assertEquals(0, d.version());
        assertEquals(List.of(), d.asks());
        BookUpdate b = (BookUpdate) ((HtxMapper.Mapped.Ok) mapper.book(d, RECV)).event();
        assertEquals(2, b.bids().size());
        HtxFrames.TradeDetail td = (HtxFrames.TradeDetail) ok("{\"ch\":\"market.btcusdt.trade.detail\","
                + "\"ts\":1630994963175,\"tick\":{\"data\":[{\"id\":137005445109359286410323766,"
                + "\"amount\":0.006754,\"price\":52648.62}]}}");
        assertEquals(null, td.tickId());
        Trade t = (Trade) ((HtxMapper.Mapped.Ok) mapper.trade(td.symbol(), td.data().get(0), RECV)).event();
        assertEquals("137005445109359286410323766", t.tradeId());
        assertEquals(Side.UNKNOWN, t.side());
        assertEquals(1630994963175L * 1_000_000L, t.venueTsNanos());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("{\"ch\":\"market.btcusdt.bbo\"}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"foo\":1}", Reject.PARSE_BAD_FIELD),
                Arguments.of("[1]", Reject.PARSE_MALFORMED_FRAME),
                Arguments.of("{\"ping\":\"x\"}", Reject.PARSE_BAD_FIELD),
                Arguments.of("{\"ch\":\"market.btcusdt.kline.1min\",\"tick\":{}}", Reject.PARSE_UNKNOWN_COMMAND),
                Arguments.of(BBO.replace("\"seqId\":131499881747,", "\"seqId\":true,"), Reject.PARSE_BAD_FIELD),
                Arguments.of(TRADE.replace("\"buy\"", "\"up\""), Reject.PARSE_BAD_FIELD),
                Arguments.of(TRADE.replace("\"id\":137005445109359286410323766,", "")
                        .replace("\"tradeId\":102523573486,", ""), Reject.PARSE_BAD_FIELD),
                Arguments.of(TRADE.replace("\"price\":52648.62,", ""), Reject.PARSE_BAD_FIELD),
                Arguments.of(DEPTH.replace("[52690.69,0.36281]", "[52690.69]"), Reject.PARSE_BAD_FIELD));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void shouldRejectMalformedMessages(String text, Reject reason) {
        Parsed p = parser.parseGzip(HtxFrameParser.gzip(text));
        assertInstanceOf(Parsed.Rejected.class, p, () -> text + " -> " + p);
        assertEquals(reason, ((Parsed.Rejected) p).reason());
    }

    @Test
    void shouldRejectAFrameThatIsNotGzip() {
        Parsed p = parser.parseGzip("{\"ping\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Reject.PARSE_MALFORMED_FRAME, ((Parsed.Rejected) p).reason());
    }

    @Test
    void shouldMapBboTradesAndDepthToCommonEvents() {
        Quote q = (Quote) ((HtxMapper.Mapped.Ok) mapper.quote((HtxFrames.Bbo) ok(BBO), RECV)).event();
        assertEquals(new Quote("BTCUSDT", "htx", 5_201_153, 100_000_000, 5_201_154, 1_600_000, 0, 2, 8,
                131499881747L, 1630994555539L * 1_000_000L, RECV, 0), q);

        HtxFrames.TradeDetail td = (HtxFrames.TradeDetail) ok(TRADE);
        Trade t = (Trade) ((HtxMapper.Mapped.Ok) mapper.trade(td.symbol(), td.data().get(0), RECV)).event();
        assertEquals("102523573486", t.tradeId());
        assertEquals(Side.BUY, t.side());
        assertEquals(5_264_862, t.price());
        assertEquals(675_400, t.size());

        BookUpdate b = (BookUpdate) ((HtxMapper.Mapped.Ok) mapper.book((HtxFrames.Depth) ok(DEPTH), RECV)).event();
        assertEquals(true, b.snapshot());
        assertEquals(136998124622L, b.venueSeq());
        assertEquals(List.of(new BookLevel(5_269_069, 36_281_000), new BookLevel(5_269_068, 20_000_000)), b.bids());
        assertEquals(List.of(new BookLevel(5_269_070, 261_158_600), new BookLevel(5_269_100, 10_000)), b.asks());
        assertEquals(BookUpdate.NO_CHECKSUM, b.checksum());

        assertEquals(Reject.PARSE_UNKNOWN_SYMBOL, ((HtxMapper.Mapped.Rejected) mapper.quote(
                new HtxFrames.Bbo("dogeusdt", 1, "1", "1", "1", "1", 1), RECV)).reason());
        assertEquals(Reject.MAP_BAD_DECIMAL, ((HtxMapper.Mapped.Rejected) mapper.quote(
                new HtxFrames.Bbo("btcusdt", 1, "1.001", "1", "2", "1", 1), RECV)).reason());
    }

    @Test
    void shouldRenderRequestsAsDocumented() {
        assertEquals(new JsonObject("{\"sub\":\"market.btcusdt.bbo\",\"id\":\"id1\"}"),
                new JsonObject(HtxFrames.sub(HtxFrames.bboTopic("btcusdt"), "id1")));
        assertEquals(new JsonObject("{\"unsub\":\"market.btcusdt.trade.detail\",\"id\":\"id4\"}"),
                new JsonObject(HtxFrames.unsub(HtxFrames.tradeTopic("btcusdt"), "id4")));
        assertEquals("{\"pong\":1492420473027}", HtxFrames.pong("1492420473027"));
        assertEquals("market.ethusdt.depth.step0", HtxFrames.depthTopic("ethusdt"));
        assertEquals("ethusdt", HtxFrames.symbolOf("market.ethusdt.depth.step0"));
    }
}
