package dev.tickplant.gateway.alltick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.AssetClass;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AllTickEncoderTest {
    private static final long NANOS = 1_709_742_000_123_456_789L;
    private static final Pattern LITERALS = Pattern.compile("\\b(true|false|null)\\b");
    private static final BookUpdate BOOK = new BookUpdate("700.HK", "alltick", true,
            List.of(new BookLevel(385_200, 1200), new BookLevel(385_000, 300)),
            List.of(new BookLevel(385_400, 800)), 3, 0, 0, 0, -1, BookUpdate.NO_CHECKSUM, NANOS, NANOS, 42);

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void shouldEncodeDepthPushAsAllTickDocumentsIt() {
        String json = text(AllTickEncoder.STANDARD.encode(BOOK, "HK-700", 1));
        assertEquals("{\"cmd_id\":22999,\"data\":{\"code\":\"HK-700\",\"seq\":\"42\",\"tick_time\":\"1709742000123\","
                + "\"bids\":[{\"price\":\"385.200\",\"volume\":\"1200\"}],"
                + "\"asks\":[{\"price\":\"385.400\",\"volume\":\"800\"}]}}", json);
        assertFalse(LITERALS.matcher(json).find());
    }

    @Test
    void shouldEncodeTradePushWithTurnoverAndDirection() {
        Trade t = new Trade("AAPL.US", "alltick", "9", 18_950, 1_500, 2, 1, Side.BUY, 0, 0, NANOS, 7);
        String json = text(AllTickEncoder.STANDARD.encode(t, "AAPL", 0));
        assertEquals("{\"cmd_id\":22998,\"data\":{\"code\":\"AAPL\",\"seq\":\"7\",\"tick_time\":\"1709742000123\","
                + "\"price\":\"189.50\",\"volume\":\"150.0\",\"turnover\":\"28425.000\",\"trade_direction\":1}}",
                json);
        assertEquals(2, AllTickEncoder.direction(Side.SELL));
        assertEquals(0, AllTickEncoder.direction(Side.UNKNOWN));
    }

    @Test
    void shouldEncodeSeed002FlatDepth() {
        String json = text(AllTickEncoder.FLAT.encode(BOOK, "700.HK", 5));
        assertEquals("{\"code\":\"700.HK\",\"bids\":[[385.200,1200],[385.000,300]],\"asks\":[[385.400,800]],"
                + "\"timestamp\":1709742000123,\"seq\":42}", json);
        assertFalse(LITERALS.matcher(json).find());
    }

    @Test
    void shouldEscapeCodesAndRefuseOtherEvents() {
        String json = text(AllTickEncoder.STANDARD.encode(BOOK, "a\"b\\c", 0));
        assertEquals("{\"cmd_id\":22999,\"data\":{\"code\":\"a\\\"b\\\\c\",\"seq\":\"42\",\"tick_time\":"
                + "\"1709742000123\",\"bids\":[],\"asks\":[]}}", json);
        Quote q = new Quote("EURUSD", "alltick", 1, 1, 2, 1, 0, 5, 0, 1, NANOS, NANOS, 1);
        assertThrows(IllegalArgumentException.class, () -> AllTickEncoder.STANDARD.encode(q, "EURUSD", 0));
    }

    @Test
    void shouldCapDepthPerAssetClassAsAllTickDocuments() {
        assertEquals(10, AllTickSession.maxDepth(AssetClass.HK_STOCK));
        assertEquals(5, AllTickSession.maxDepth(AssetClass.US_STOCK));
        assertEquals(5, AllTickSession.maxDepth(AssetClass.CRYPTO));
        assertEquals(1, AllTickSession.maxDepth(AssetClass.FX));
        assertEquals(1, AllTickSession.maxDepth(AssetClass.METAL));
    }
}
