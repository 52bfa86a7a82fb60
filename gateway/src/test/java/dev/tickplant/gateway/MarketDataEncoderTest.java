package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Channel;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.model.VenueDepth;
import dev.tickplant.common.model.VenueStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class MarketDataEncoderTest {
    private static final long T = 1_709_742_000_123_000_000L;

    @Test
    void shouldRenderDepthAtInstrumentPrecisionWithChecksumOfTheLevelsSent() {
        BookUpdate book = new BookUpdate("EURUSD", "alltick", true,
                List.of(new BookLevel(108_500, 100), new BookLevel(108_490, 250), new BookLevel(108_480, 1)),
                List.of(new BookLevel(108_520, 300)), 5, 2, 0, 0, -1, BookUpdate.NO_CHECKSUM, T, T, 77);
        String json = MarketDataEncoder.depth(book, "EUR/USD", 2);
        CRC32 crc = new CRC32();
        crc.update("1.08500:1.00|1.08490:2.50#1.08520:3.00".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"type\":\"depth\",\"symbol\":\"EUR/USD\",\"bids\":[[1.08500,1.00],[1.08490,2.50]],"
                + "\"asks\":[[1.08520,3.00]],\"seq\":77,\"checksum\":" + crc.getValue()
                + ",\"time\":1709742000123,\"venue\":\"alltick\",\"levels\":2}", json);
    }

    @Test
    void shouldBreakMergedLevelsDownByVenue() {
        BookUpdate merged = new BookUpdate("BTCUSDT", "consolidated", true,
                List.of(new BookLevel(6_500_000, 30), new BookLevel(6_499_900, 5)), List.of(new BookLevel(6_500_100, 7)),
                2, 0, 0, 0, -1, BookUpdate.NO_CHECKSUM, T, T, 5, List.of(
                        new VenueDepth("okx", List.of(new BookLevel(6_500_000, 10)), List.of(new BookLevel(6_500_100,
                                7))),
                        new VenueDepth("bybit", List.of(new BookLevel(6_500_000, 20), new BookLevel(6_499_900, 5)),
                                List.of())));
        String json = MarketDataEncoder.depth(merged, "BTCUSDT", 1);
        assertEquals(true, json.endsWith(",\"levels\":1,\"bidVenues\":[{\"okx\":10,\"bybit\":20}],"
                + "\"askVenues\":[{\"okx\":7}]}"), json);
    }

    @Test
    void shouldFlagAMergedBookWhoseVenuesDisagree() {
        BookUpdate crossed = new BookUpdate("BTCUSDT", "consolidated", true, List.of(new BookLevel(6_500_150, 1)),
                List.of(new BookLevel(6_500_100, 2)), 2, 0, 0, 0, -1, BookUpdate.NO_CHECKSUM, T, T, 5, List.of(
                        new VenueDepth("kraken", List.of(new BookLevel(6_500_150, 1)), List.of()),
                        new VenueDepth("okx", List.of(), List.of(new BookLevel(6_500_100, 2)))), true);
        String json = MarketDataEncoder.depth(crossed, "BTCUSDT", 1);
        assertEquals(true, json.endsWith(",\"askVenues\":[{\"okx\":2}],\"crossed\":true}"), json);
        BookUpdate agreeing = new BookUpdate("BTCUSDT", "consolidated", true, crossed.asks(), crossed.bids(), 2, 0,
                0, 0, -1, BookUpdate.NO_CHECKSUM, T, T, 6, List.of());
        assertEquals(false, MarketDataEncoder.depth(agreeing, "BTCUSDT", 1).contains("crossed"), "only when crossed");
    }

    @Test
    void shouldChecksumAnEmptyBookAsTheSeparatorAlone() {
        BookUpdate empty = new BookUpdate("EURUSD", "alltick", true, List.of(), List.of(), 5, 2, 0, 0, -1,
                BookUpdate.NO_CHECKSUM, T, T, 1);
        assertEquals(MarketDataEncoder.checksum("#"), new io.vertx.core.json.JsonObject(MarketDataEncoder.depth(empty,
                "EURUSD", 5)).getLong("checksum"));
    }

    @Test
    void shouldRenderTradeStatusAndReset() {
        Trade t = new Trade("BTCUSDT", "okx", "4711", 6_500_010, 1_500_000, 2, 8, Side.BUY, 0, T, T, 8);
        assertEquals("{\"type\":\"trade\",\"symbol\":\"BTCUSDT\",\"price\":65000.10,\"size\":0.01500000,"
                + "\"side\":\"buy\",\"venue\":\"okx\",\"tradeId\":\"4711\",\"seq\":8,\"time\":1709742000123}",
                MarketDataEncoder.trade(t, "BTCUSDT"));
        Status s = new Status("AAPL.US", "alltick", StatusState.RESYNCING, "gap \"x\"", T, T, 3);
        assertEquals("{\"type\":\"status\",\"symbol\":\"AAPL\",\"venue\":\"alltick\",\"state\":\"resyncing\","
                + "\"reason\":\"gap \\\"x\\\"\",\"seq\":3,\"time\":1709742000123}", MarketDataEncoder.status(s, "AAPL"));
        assertEquals("{\"type\":\"reset\",\"symbol\":\"EURUSD\",\"channel\":\"tick\",\"seq\":12,\"reason\":\"r\"}",
                MarketDataEncoder.reset(Channel.TICK, "EURUSD", 12, "r"));
    }

    @Test
    void shouldListEachVenueInAConsolidatedStatus() {
        Status s = new Status("BTCUSDT", "consolidated", StatusState.LIVE, "1 of 2 venues live: okx", T, T, 7,
                List.of(new VenueStatus("okx", StatusState.LIVE, "data flowing"),
                        new VenueStatus("kraken", StatusState.STALE, "no data for 31000 ms")));
        assertEquals("{\"type\":\"status\",\"symbol\":\"BTC/USDT\",\"venue\":\"consolidated\",\"state\":\"live\","
                + "\"reason\":\"1 of 2 venues live: okx\",\"venues\":[{\"venue\":\"okx\",\"state\":\"live\","
                + "\"reason\":\"data flowing\"},{\"venue\":\"kraken\",\"state\":\"stale\",\"reason\":"
                + "\"no data for 31000 ms\"}],\"seq\":7,\"time\":1709742000123}", MarketDataEncoder.status(s, "BTC/USDT"));
    }

    @Test
    void shouldNameTheVenueOfEachSideOnlyForConsolidatedTicks() {
        Quote consolidated = new Quote("BTCUSDT", "consolidated", 100, 1, 101, 1, 0, 2, 0, 0, T, T, 1, "okx",
                "binance");
        assertEquals(true, TickEncoder.encode(consolidated, "BTCUSDT").endsWith(
                ",\"venue\":\"consolidated\",\"bidVenue\":\"okx\",\"askVenue\":\"binance\"}"));
        Quote single = new Quote("BTCUSDT", "okx", 100, 1, 101, 1, 0, 2, 0, 0, T, T, 1);
        assertEquals(true, TickEncoder.encode(single, "BTCUSDT").endsWith(",\"venue\":\"okx\"}"));
    }
}
