package dev.tickplant.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Demand;
import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.KeyConnectionCounts;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.SymbolSnapshot;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.model.VenueDepth;
import dev.tickplant.common.model.VenueStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CodecRoundTripTest {
    static final Quote QUOTE = new Quote("EURUSD", "alltick", 108500, 100, 108520, 250, 108510, 5, 2, 77,
            1_709_742_000_000_000_000L, 1_709_742_000_000_100_000L, 42);
    static final Trade TRADE = new Trade("BTCUSDT", "htx", "100000000000000000000001", 6_500_010, 1, 2, 6, Side.SELL,
            Long.MAX_VALUE, 1L, 2L, 3L);
    static final BookUpdate BOOK = new BookUpdate("700.HK", "alltick", true,
            List.of(new BookLevel(410_000, 1000), new BookLevel(409_800, 500)), List.of(new BookLevel(410_200, 300)),
            3, 0, 5, 6, -1, BookUpdate.NO_CHECKSUM, 7, 8, 9);
    static final BookUpdate MERGED = new BookUpdate("BTCUSDT", "consolidated", true,
            List.of(new BookLevel(6_500_000, 30)), List.of(new BookLevel(6_500_100, 5)), 2, 8, 0, 0, -1,
            BookUpdate.NO_CHECKSUM, 7, 8, 9, List.of(new VenueDepth("okx", List.of(new BookLevel(6_500_000, 10)),
                    List.of()), new VenueDepth("bybit", List.of(new BookLevel(6_500_000, 20)),
                    List.of(new BookLevel(6_500_100, 5)))));
    static final Quote CONSOLIDATED_QUOTE = new Quote("BTCUSDT", "consolidated", 6_500_000, 1, 6_500_100, 2,
            6_499_900, 2, 8, 0, 5, 6, 3, "okx", "bybit", 4);
    static final Quote CROSSED_QUOTE = new Quote("BTCUSDT", "consolidated", 6_500_200, 1, 6_500_100, 2, 0, 2, 8, 0,
            5, 6, 3, "okx", "bybit", 0, true);
    static final BookUpdate CROSSED_BOOK = new BookUpdate("BTCUSDT", "consolidated", true,
            List.of(new BookLevel(6_500_200, 1)), List.of(new BookLevel(6_500_100, 2)), 2, 8, 0, 0, -1,
            BookUpdate.NO_CHECKSUM, 7, 8, 9, List.of(), true);
    static final Quote ONE_SIDED_QUOTE = new Quote("ETH-USD-220624-20000-C", "okx", 0, 0, 3_3218, 5, 1_942, 4, 0,
            0, 5, 6, 3);
    static final Status STATUS = new Status("ÉTÉ-EUR", "kraken", StatusState.RESYNCING, "checksum mismatch", 1, 2, 3);
    static final Status CONSOLIDATED_STATUS = new Status("BTCUSDT", "consolidated", StatusState.LIVE,
            "1 of 2 venues live: okx", 1, 2, 3, List.of(new VenueStatus("okx", StatusState.LIVE, "data flowing"),
                    new VenueStatus("kraken", StatusState.RESYNCING, "checksum mismatch")));

    static Stream<Object[]> cases() {
        return Stream.of(
                new Object[] {new MarketEventCodec<>(Quote.class, "q"), QUOTE},
                new Object[] {new MarketEventCodec<>(Trade.class, "t"), TRADE},
                new Object[] {new MarketEventCodec<>(BookUpdate.class, "b"), BOOK},
                new Object[] {new MarketEventCodec<>(BookUpdate.class, "b"), MERGED},
                new Object[] {new MarketEventCodec<>(Quote.class, "q"), CONSOLIDATED_QUOTE},
                new Object[] {new MarketEventCodec<>(Quote.class, "q"), ONE_SIDED_QUOTE},
                new Object[] {new MarketEventCodec<>(Quote.class, "q"), CROSSED_QUOTE},
                new Object[] {new MarketEventCodec<>(BookUpdate.class, "b"), CROSSED_BOOK},
                new Object[] {new MarketEventCodec<>(Status.class, "s"), STATUS},
                new Object[] {new MarketEventCodec<>(Status.class, "s"), CONSOLIDATED_STATUS},
                new Object[] {new EventBatchCodec(), new EventBatch("alltick@node1", List.<MarketEvent>of(QUOTE,
                        TRADE, BOOK, STATUS))},
                new Object[] {new EventBatchCodec(), new EventBatch("x", List.of())},
                new Object[] {new DemandCodec(), new Demand("gw-1", Set.of("EURUSD", "BTCUSDT@binance"), 15_000)},
                new Object[] {new KeyConnectionCountsCodec(), new KeyConnectionCounts("gw-1",
                        Map.of("fx-desk", 2, "ключ", 1), 1_000)},
                new Object[] {new KeyConnectionCountsCodec(), new KeyConnectionCounts("gw-2", Map.of(), 1_000)},
                new Object[] {new SymbolSnapshotCodec(), new SymbolSnapshot("EURUSD", QUOTE, null, BOOK, null)},
                new Object[] {new SymbolSnapshotCodec(), new SymbolSnapshot("EURUSD", null, TRADE, null, STATUS)},
                new Object[] {new SymbolSnapshotCodec(), new SymbolSnapshot("BTCUSDT", null, null, null,
                        CONSOLIDATED_STATUS)},
                new Object[] {new SymbolSnapshotCodec(), new SymbolSnapshot("BTCUSDT", null, TRADE, null, null,
                        List.of(TRADE.withSeq(1), TRADE.withSeq(2), TRADE))});
    }

    @ParameterizedTest
    @MethodSource("cases")
    <T> void shouldRoundTripThroughWireFormat(MessageCodec<T, T> codec, T value) {
        Buffer buffer = Buffer.buffer().appendString("junk"); // decode must honour the start position
        codec.encodeToWire(buffer, value);
        assertEquals(value, codec.decodeFromWire(4, buffer));
        assertEquals(value, codec.transform(value));
    }

    @Test
    void shouldFailLoudlyOnUnknownSchemaVersion() {
        EventBatchCodec codec = new EventBatchCodec();
        Buffer buffer = Buffer.buffer();
        codec.encodeToWire(buffer, new EventBatch("x", List.of(QUOTE)));
        buffer.setByte(0, (byte) 99);
        assertThrows(IllegalStateException.class, () -> codec.decodeFromWire(0, buffer));
    }

    @Test
    void shouldRefuseToDecodeOneEventTypeAsAnother() {
        Buffer buffer = Buffer.buffer();
        new MarketEventCodec<>(Quote.class, "q").encodeToWire(buffer, QUOTE);
        assertThrows(ClassCastException.class,
                () -> new MarketEventCodec<>(Trade.class, "t").decodeFromWire(0, buffer));
    }
}
