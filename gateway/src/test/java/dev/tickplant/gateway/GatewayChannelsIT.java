package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The depth, trade and status channels over real WebSocket connections, with a {@link ScriptedNormalizer}. */
@ExtendWith(VertxExtension.class)
class GatewayChannelsIT {
    private static final InstrumentRegistry REGISTRY = TestInstruments.defaultRegistry();
    private static final int PARTITIONS = 4;
    private static final long NOW_NANOS = 1_763_700_000_000_000_000L;
    private static final Pattern LEVEL = Pattern.compile("\\[([0-9.]+),([0-9.]+)\\]");

    private Vertx vertx;
    private ScriptedNormalizer normalizer;
    private int port;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        Codecs.registerAll(vertx.eventBus());
        normalizer = new ScriptedNormalizer(vertx, PARTITIONS);
        normalizer.start().await();
        port = TestGateways.deploy(vertx, REGISTRY, PARTITIONS, "gw-channels-it", new JsonObject());
    }

    @AfterEach
    void tearDown() {
        clients.forEach(TestClient::close);
        normalizer.stop().await();
    }

    private TestClient authenticated() {
        TestClient c = TestClient.authenticated(vertx, port);
        clients.add(c);
        return c;
    }

    private static List<BookLevel> levels(long... priceSize) {
        List<BookLevel> out = new ArrayList<>();
        for (int i = 0; i < priceSize.length; i += 2) {
            out.add(new BookLevel(priceSize[i], priceSize[i + 1]));
        }
        return out;
    }

    private static BookUpdate image(String venue, long seq, List<BookLevel> bids, List<BookLevel> asks) {
        return new BookUpdate("BTCUSDT", venue, true, bids, asks, 2, 8, 0, 0, -1, BookUpdate.NO_CHECKSUM, NOW_NANOS,
                NOW_NANOS, seq);
    }

    private static Trade trade(String id, long seq) {
        return new Trade("BTCUSDT", "binance", id, 6_500_010, 1_000_000, 2, 8, Side.SELL, 0, NOW_NANOS, NOW_NANOS,
                seq);
    }

    /** What a client does to verify a depth message: rebuild the checksum string from the text as received. */
    private static long clientChecksum(String raw) {
        String bids = raw.substring(raw.indexOf("\"bids\":[") + 8, raw.indexOf("],\"asks\":["));
        String asks = raw.substring(raw.indexOf("\"asks\":[") + 8, raw.indexOf("],\"seq\""));
        String text = side(bids) + "#" + side(asks);
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    private static String side(String levels) {
        List<String> parts = new ArrayList<>();
        Matcher m = LEVEL.matcher(levels);
        while (m.find()) {
            parts.add(m.group(1) + ":" + m.group(2));
        }
        return String.join("|", parts);
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldServeDepthSnapshotThenLiveImagesWithVerifiableChecksum(VertxTestContext ctx) {
        normalizer.record("BTCUSDT", image("consolidated", 41, levels(6_500_000, 50_000_000, 6_499_990, 1, 6_499_900,
                7), levels(6_500_020, 120_000_000, 6_500_100, 3)));
        TestClient c = authenticated();
        c.send(new JsonObject().put("type", "subscribe").put("symbol", "BTC/USDT").put("channel", "depth")
                .put("levels", 2));
        JsonObject subscribed = c.next();
        assertEquals("subscribed", subscribed.getString("type"));
        assertEquals("depth", subscribed.getString("channel"));
        assertEquals(2, subscribed.getInteger("levels"));
        assertEquals(new JsonArray().add("BTC/USDT"), subscribed.getJsonArray("symbols"));

        JsonObject depth = c.next();
        String raw = c.lastRaw;
        assertEquals("depth", depth.getString("type"), raw);
        assertEquals("BTC/USDT", depth.getString("symbol"));
        assertEquals(41, depth.getLong("seq"));
        assertEquals("consolidated", depth.getString("venue"));
        assertTrue(raw.contains("\"bids\":[[65000.00,0.50000000],[64999.90,0.00000001]]"), raw);
        assertTrue(raw.contains("\"asks\":[[65000.20,1.20000000],[65001.00,0.00000003]]"), raw);
        assertEquals(clientChecksum(raw), depth.getLong("checksum"));
        assertEquals(MarketDataEncoder.checksum("65000.00:0.50000000|64999.90:0.00000001#65000.20:1.20000000|"
                + "65001.00:0.00000003"), depth.getLong("checksum"));
        assertEquals(NOW_NANOS / 1_000_000, depth.getLong("time"));

        normalizer.publish("BTCUSDT", image("consolidated", 41, levels(1, 1), levels(2, 1))); // duplicate: dropped
        normalizer.publish("BTCUSDT", image("consolidated", 42, levels(6_500_010, 2), levels(6_500_020, 1)));
        JsonObject live = c.next();
        assertEquals(42, live.getLong("seq"));
        assertEquals(clientChecksum(c.lastRaw), live.getLong("checksum"));
        assertEquals(6_500_010, Math.round(live.getJsonArray("bids").getJsonArray(0).getDouble(0) * 100));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldAnnounceResetThenServeFreshDepthAfterLostImages(VertxTestContext ctx) {
        normalizer.record("ETHUSDT@okx", image("okx", 10, levels(300_000, 1), levels(300_100, 1)));
        TestClient c = authenticated();
        c.send(new JsonObject().put("type", "subscribe").put("symbol", "ETHUSDT@okx").put("channel", "depth")
                .put("levels", 5));
        assertEquals("subscribed", c.next().getString("type"));
        assertEquals(10, c.next().getLong("seq"));
        normalizer.record("ETHUSDT@okx", image("okx", 11, levels(300_010, 1), levels(300_100, 1))); // lost
        normalizer.publish("ETHUSDT@okx", image("okx", 12, levels(300_020, 1), levels(300_100, 1)));
        JsonObject reset = c.next();
        assertEquals("reset", reset.getString("type"), reset.encode());
        assertEquals("depth", reset.getString("channel"));
        assertEquals("ETHUSDT@okx", reset.getString("symbol"));
        JsonObject fresh = c.next();
        assertEquals("depth", fresh.getString("type"));
        assertEquals(reset.getLong("seq"), fresh.getLong("seq"));
        assertEquals(12, fresh.getLong("seq"));
        assertEquals(clientChecksum(c.lastRaw), fresh.getLong("checksum"));
        normalizer.publish("ETHUSDT@okx", image("okx", 13, levels(300_030, 1), levels(300_100, 1)));
        assertEquals(13, c.next().getLong("seq"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldDeliverEachTradeOnceAfterTheSnapshotPoint(VertxTestContext ctx) {
        normalizer.record("BTCUSDT@binance", trade("100", 5));
        TestClient c = authenticated();
        c.send(new JsonObject().put("type", "subscribe").put("symbol", "BTCUSDT").put("exchange", "binance")
                .put("channel", "trade"));
        assertEquals("trade", c.next().getString("channel"));
        c.send(new JsonObject().put("type", "ping").put("id", 1)); // the feed is joined once the pong is back
        assertEquals("pong", c.next().getString("type"));
        normalizer.publish("BTCUSDT@binance", trade("100", 5)); // the snapshot's last trade: history, not news
        normalizer.publish("BTCUSDT@binance", trade("101", 6));
        normalizer.publish("BTCUSDT@binance", trade("101", 6)); // a duplicate on the bus
        normalizer.publish("BTCUSDT@binance", trade("102", 7));
        JsonObject first = c.next();
        assertEquals("trade", first.getString("type"), first.encode());
        assertEquals("101", first.getString("tradeId"));
        assertEquals(6, first.getLong("seq"));
        assertEquals("sell", first.getString("side"));
        assertEquals("binance", first.getString("venue"));
        assertEquals("BTCUSDT", first.getString("symbol"));
        assertTrue(c.lastRaw.contains("\"price\":65000.10,\"size\":0.01000000"), c.lastRaw);
        assertEquals(NOW_NANOS / 1_000_000, first.getLong("time"));
        JsonObject second = c.next();
        assertEquals("102", second.getString("tradeId"));
        assertEquals(7, second.getLong("seq"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldSubscribeSeveralChannelsAtOnceAndPushStatus(VertxTestContext ctx) {
        Status closed = new Status("AAPL.US", "alltick", StatusState.CLOSED, "market closed", NOW_NANOS, NOW_NANOS, 9);
        normalizer.record("AAPL.US", closed);
        TestClient c = authenticated();
        c.send(new JsonObject().put("type", "subscribe").put("symbol", "AAPL").put("channels",
                new JsonArray().add("tick").add("status")));
        JsonObject tickConfirm = c.next();
        assertEquals("subscribed", tickConfirm.getString("type"));
        assertNull(tickConfirm.getString("channel"), "the tick confirmation keeps seed 003's shape");
        JsonObject statusConfirm = c.next();
        assertEquals("status", statusConfirm.getString("channel"));
        assertEquals(2, statusConfirm.getInteger("totalSubscriptions"));

        JsonObject status = c.next();
        assertEquals("status", status.getString("type"));
        assertEquals("closed", status.getString("state"));
        assertEquals("AAPL", status.getString("symbol"));
        assertEquals(9, status.getLong("seq"));
        normalizer.publish("AAPL.US", new Status("AAPL.US", "alltick", StatusState.LIVE, "market open", NOW_NANOS,
                NOW_NANOS, 10));
        JsonObject open = c.next();
        assertEquals("live", open.getString("state"));
        assertEquals("market open", open.getString("reason"));
        assertEquals(10, open.getLong("seq"));

        c.send(new JsonObject().put("type", "list"));
        JsonObject list = c.next();
        assertEquals(new JsonArray().add("AAPL"), list.getJsonArray("symbols"));
        assertEquals(2, list.getJsonArray("subscriptions").size());

        c.send(new JsonObject().put("type", "unsubscribe").put("symbol", "AAPL").put("channel", "status"));
        JsonObject unsubscribed = c.next();
        assertEquals("unsubscribed", unsubscribed.getString("type"));
        assertEquals("status", unsubscribed.getString("channel"));
        assertEquals(1, unsubscribed.getInteger("totalSubscriptions"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldShowEachSideOfAConsolidatedTickWithItsVenue(VertxTestContext ctx) {
        normalizer.record("BTCUSDT", new Quote("BTCUSDT", "consolidated", 6_500_100, 1, 6_500_200, 2, 0, 2, 8, 0,
                NOW_NANOS, NOW_NANOS, 3, "okx", "kraken"));
        TestClient c = authenticated();
        c.send(new JsonObject().put("type", "subscribe").put("symbol", "BTCUSDT"));
        assertEquals("subscribed", c.next().getString("type"));
        JsonObject tick = c.next();
        assertEquals("consolidated", tick.getString("venue"));
        assertEquals("okx", tick.getString("bidVenue"));
        assertEquals("kraken", tick.getString("askVenue"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldRejectUnknownChannelAndBadLevelsAndStayUsable(VertxTestContext ctx) {
        TestClient c = authenticated();
        c.send(new JsonObject().put("type", "subscribe").put("symbol", "EURUSD").put("channel", "candles"));
        JsonObject error = c.next();
        assertEquals("INVALID_CHANNEL", error.getString("code"), error.encode());
        c.send(new JsonObject().put("type", "subscribe").put("symbol", "EURUSD").put("channel", "depth")
                .put("levels", 0));
        assertEquals("INVALID_LEVELS", c.next().getString("code"));
        c.send(new JsonObject().put("type", "subscribe").put("symbol", "EURUSD").put("channel", "depth"));
        JsonObject ok = c.next();
        assertEquals("subscribed", ok.getString("type"));
        assertEquals(10, ok.getInteger("levels"));
        c.send(new JsonObject().put("type", "subscribe").put("symbol", "EURUSD").put("channel", "depth"));
        JsonObject again = c.next();
        assertEquals("ALREADY_SUBSCRIBED", again.getString("code"));
        assertFalse(again.getString("message").isBlank());
        ctx.completeNow();
    }
}
