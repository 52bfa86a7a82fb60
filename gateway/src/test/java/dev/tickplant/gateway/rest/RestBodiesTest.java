package dev.tickplant.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.VenueDepth;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestBodiesTest {
    private static final InstrumentRegistry REGISTRY = TestInstruments.defaultRegistry();
    /** Wednesday 2026-11-18 15:00 UTC: 10:00 in New York (US open), 23:00 in Hong Kong (HK closed). */
    private static final Instant WEDNESDAY = Instant.parse("2026-11-18T15:00:00Z");
    /** Saturday 2026-11-21 12:00 UTC: FX closed, crypto open. */
    private static final Instant SATURDAY = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void shouldRenderInstrumentWithVenuesSessionsAndOpenStateAtTheGivenInstant() {
        Instrument aapl = REGISTRY.bySymbol("AAPL.US");
        JsonObject open = new JsonObject(RestBodies.instrument(aapl, WEDNESDAY));
        assertEquals("AAPL.US", open.getString("symbol"));
        assertEquals("us_stock", open.getString("assetClass"));
        assertEquals("America/New_York", open.getString("timeZone"));
        assertEquals(aapl.venueCodes(), open.getJsonObject("venues").getMap());
        assertEquals(5, open.getJsonArray("sessions").size());
        assertEquals(new JsonObject().put("from", "MON 09:30").put("to", "MON 16:00"),
                open.getJsonArray("sessions").getJsonObject(0));
        assertTrue(open.getJsonArray("holidays").contains("2026-12-25"));
        assertTrue(open.getBoolean("open"));
        assertFalse(open.getBoolean("alwaysOpen"));
        assertFalse(new JsonObject(RestBodies.instrument(REGISTRY.bySymbol("700.HK"), WEDNESDAY)).getBoolean("open"));
        assertFalse(new JsonObject(RestBodies.instrument(REGISTRY.bySymbol("EURUSD"), SATURDAY)).getBoolean("open"));
        JsonObject btc = new JsonObject(RestBodies.instrument(REGISTRY.bySymbol("BTCUSDT"), SATURDAY));
        assertTrue(btc.getBoolean("open"));
        assertTrue(btc.getJsonArray("sessions").isEmpty());
    }

    @Test
    void shouldRenderTickSizeAtInstrumentPrecision() {
        Instrument eurusd = REGISTRY.bySymbol("EURUSD");
        String text = RestBodies.instrument(eurusd, WEDNESDAY);
        StringBuilder expected = new StringBuilder("\"tickSize\":");
        dev.tickplant.common.decimal.FixedPoint.appendTo(expected, eurusd.tickSize(), eurusd.priceScale());
        assertTrue(text.contains(expected + ","), text);
    }

    @Test
    void shouldRenderMissingQuoteSideAsNullAndConsolidatedVenues() {
        Quote oneSided = new Quote("BTCUSDT", "consolidated", 6_500_000, 5, 0, 0, 0, 2, 8, 0, 0, 2_000_000, 3, "okx",
                "consolidated");
        String text = RestBodies.quote("BTCUSDT", "BTCUSDT", oneSided, null);
        assertTrue(text.contains("\"bid\":65000.00,\"ask\":null,\"bidSize\":0.00000005,\"askSize\":null,"), text);
        JsonObject q = new JsonObject(text);
        assertNull(q.getValue("ask"));
        assertNull(q.getValue("askSize"));
        assertEquals("okx", q.getString("bidVenue"));
        assertEquals(2, q.getLong("time"));
        assertNull(q.getString("status"));
        assertTrue(RestBodies.quote("BTCUSDT", "BTCUSDT", oneSided, null).contains("\"price\":65000.00,"));
    }

    @Test
    void shouldRenderMidHalfUpAndLastTradeAsPrice() {
        Quote q = new Quote("EURUSD", "alltick", 108_500, 1, 108_503, 1, 0, 5, 0, 0, 0, 0, 1);
        assertEquals(108_502, RestBodies.displayPrice(q));
        assertEquals(108_490, RestBodies.displayPrice(q.withLastPrice(108_490)));
        JsonObject body = new JsonObject(RestBodies.quote("EURUSD", "EURUSD", q.withLastPrice(108_490), null));
        assertEquals("1.0849", body.getValue("last").toString());
        assertEquals("1.08502", body.getValue("mid").toString());
        assertNull(new JsonObject(RestBodies.quote("EURUSD", "EURUSD", q, null)).getValue("last"));
        assertEquals(false, body.getBoolean("crossed"));
        Quote crossed = new Quote("BTCUSDT", "consolidated", 6_500_150, 1, 6_500_100, 1, 0, 2, 6, 0, 0, 0, 1, "kraken",
                "okx", 0, true);
        assertEquals(true, new JsonObject(RestBodies.quote("BTCUSDT", "BTCUSDT", crossed, null)).getBoolean("crossed"));
    }

    @Test
    void shouldRenderMergedBookBreakdownAndEmptyBookChecksum() {
        BookUpdate merged = new BookUpdate("BTCUSDT", "consolidated", true,
                List.of(new BookLevel(100, 3), new BookLevel(99, 1)), List.of(new BookLevel(101, 2)), 0, 0, 0, 0, -1,
                BookUpdate.NO_CHECKSUM, 0, 0, 5,
                List.of(new VenueDepth("okx", List.of(new BookLevel(100, 1)), List.of(new BookLevel(101, 2))),
                        new VenueDepth("bybit", List.of(new BookLevel(100, 2), new BookLevel(99, 1)), List.of())));
        JsonObject book = new JsonObject(RestBodies.book("BTCUSDT", "BTCUSDT", merged, 1));
        assertEquals(new JsonArray().add(new JsonArray().add(100).add(3)), book.getJsonArray("bids"));
        assertEquals(new JsonArray().add(new JsonObject().put("okx", 1).put("bybit", 2)), book.getJsonArray("bidVenues"));
        assertEquals(new JsonArray().add(new JsonObject().put("okx", 2)), book.getJsonArray("askVenues"));
        assertEquals(RestBodies.checksum("100:3#101:2"), book.getLong("checksum"));

        BookUpdate empty = new BookUpdate("BTCUSDT", "binance", true, List.of(), List.of(), 2, 8, 0, 0, -1,
                BookUpdate.NO_CHECKSUM, 0, 0, 1);
        JsonObject none = new JsonObject(RestBodies.book("BTCUSDT", "BTCUSDT", empty, 10));
        assertEquals(RestBodies.checksum("#"), none.getLong("checksum"));
        assertFalse(none.containsKey("bidVenues"));
    }

    @Test
    void shouldEscapeClientSpellingsInJson() {
        String text = new JsonText().beginObject().field("s", "a\"b\\c\n\u0001").endObject().toString();
        assertEquals("a\"b\\c\n\u0001", new JsonObject(text).getString("s"));
    }

    @Test
    void shouldWriteProblemDetailsWithSuggestionsOnlyWhenGiven() {
        JsonObject p = new JsonObject(new Problem(Problem.Kind.UNKNOWN_SYMBOL, "Unknown symbol 'X'", List.of("XAUUSD"))
                .toJson("/api/v1/quotes/X"));
        assertEquals("urn:tickplant:problem:unknown-symbol", p.getString("type"));
        assertEquals("Unknown symbol", p.getString("title"));
        assertEquals(404, p.getInteger("status"));
        assertEquals("/api/v1/quotes/X", p.getString("instance"));
        assertEquals(new JsonArray().add("XAUUSD"), p.getJsonArray("suggestions"));
        assertFalse(new JsonObject(new Problem(Problem.Kind.INTERNAL, "x").toJson("/")).containsKey("suggestions"));
    }

    @Test
    void shouldMapSnapshotFailuresToProblems() {
        assertEquals(Problem.Kind.NO_DATA, RestApi.snapshotProblem(
                new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 404, "no data"), "X").kind());
        assertEquals(Problem.Kind.UPSTREAM_ERROR, RestApi.snapshotProblem(
                new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, "boom"), "X").kind());
        assertEquals(Problem.Kind.UNAVAILABLE, RestApi.snapshotProblem(
                new ReplyException(ReplyFailure.NO_HANDLERS, "none"), "X").kind());
        assertEquals(Problem.Kind.UNAVAILABLE, RestApi.snapshotProblem(
                new ReplyException(ReplyFailure.TIMEOUT, "late"), "X").kind());
    }

    @Test
    void shouldAcceptOnlyBearerTokens() {
        assertEquals("demo", RestApi.bearerToken("Bearer demo"));
        assertEquals("demo", RestApi.bearerToken("bearer  demo "));
        assertNull(RestApi.bearerToken("Basic ZGVtbzo="));
        assertNull(RestApi.bearerToken("Bearer "));
        assertNull(RestApi.bearerToken("demo"));
    }

    @Test
    void shouldHandleOnlyApiPaths() {
        assertTrue(RestApi.handles("/api/v1/instruments"));
        assertTrue(RestApi.handles("/api"));
        assertFalse(RestApi.handles("/apix"));
        assertFalse(RestApi.handles("/"));
        assertFalse(RestApi.handles(null));
    }
}
