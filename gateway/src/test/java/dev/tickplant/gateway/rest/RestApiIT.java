package dev.tickplant.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.SymbolSnapshot;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.gateway.GatewayConfig;
import dev.tickplant.gateway.GatewayVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The REST API over real loopback HTTP, served by a deployed {@link GatewayVerticle}, with a fake normalizer that
 * answers {@code tp.snapshot.<p>} from a map (404 failure when it holds nothing for the key).
 */
@ExtendWith(VertxExtension.class)
class RestApiIT {
    private static final InstrumentRegistry REGISTRY = TestInstruments.defaultRegistry();
    private static final int PARTITIONS = 4;
    private static final long NOW_NANOS = 1_763_700_000_000_000_000L;
    private static final long NOW_MILLIS = NOW_NANOS / 1_000_000;
    private static final String KEY = "demo";
    private static final Pattern LEVEL = Pattern.compile("\\[([0-9.]+),([0-9.]+)\\]");

    private Vertx vertx;
    private HttpClient client;
    private Context clientContext;
    private int port;
    private final Map<String, SymbolSnapshot> state = new ConcurrentHashMap<>();
    private final List<MessageConsumer<String>> normalizer = new ArrayList<>();

    /** One HTTP exchange: status, content type, raw body and (where JSON) the parsed body. */
    private record Reply(int status, MultiMap headers, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }

        String contentType() {
            return headers.get("content-type");
        }
    }

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        Codecs.registerAll(vertx.eventBus());
        List<Future<Void>> registered = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            MessageConsumer<String> c = vertx.eventBus().consumer(Addresses.snapshot(p), msg -> {
                SymbolSnapshot s = state.get(msg.body());
                if (s == null) {
                    msg.fail(404, "no data yet for " + msg.body());
                } else {
                    msg.reply(s);
                }
            });
            normalizer.add(c);
            registered.add(c.completion());
        }
        Future.all(registered).await(5, TimeUnit.SECONDS);
        JsonObject json = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("snapshotTimeoutMs", 500);
        GatewayVerticle verticle = new GatewayVerticle(GatewayConfig.fromJson(json, Map.of()), REGISTRY, PARTITIONS,
                "gw-rest-it", new SimpleMeterRegistry());
        vertx.deployVerticle(verticle).await(10, TimeUnit.SECONDS);
        port = verticle.actualPort();
        clientContext = vertx.getOrCreateContext();
        client = vertx.createHttpClient();
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close().await(5, TimeUnit.SECONDS);
        stopNormalizer();
    }

    private void stopNormalizer() throws Exception {
        List<Future<Void>> all = new ArrayList<>();
        normalizer.forEach(c -> all.add(c.unregister()));
        normalizer.clear();
        Future.join(all).await(5, TimeUnit.SECONDS);
    }

    /**
     * One request, issued on {@link #clientContext}: driving a keep-alive HttpClient straight from the JUnit thread
     * left about one exchange in a hundred without its response (seen with Vert.x 5.0.10), while every request used
     * from a Vert.x context, as applications do, completes.
     */
    private Reply request(HttpMethod method, String uri, Map<String, String> headers) throws Exception {
        Promise<Reply> reply = Promise.promise();
        clientContext.runOnContext(v -> client.request(method, port, "127.0.0.1", uri)
                .compose(req -> {
                    headers.forEach(req::putHeader);
                    return req.send();
                })
                .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(),
                        b.toString(StandardCharsets.UTF_8))))
                .onComplete(reply));
        return reply.future().await(5, TimeUnit.SECONDS);
    }

    private Reply get(String uri) throws Exception {
        return request(HttpMethod.GET, uri, Map.of("Authorization", "Bearer " + KEY));
    }

    private static void assertProblem(Reply r, int status, String slug) {
        assertEquals(status, r.status(), r.body());
        assertEquals("application/problem+json", r.contentType());
        JsonObject p = r.json();
        assertEquals("urn:tickplant:problem:" + slug, p.getString("type"));
        assertEquals(status, p.getInteger("status"));
        assertTrue(p.getString("title") != null && !p.getString("title").isBlank(), r.body());
        assertTrue(p.getString("detail") != null && !p.getString("detail").isBlank(), r.body());
        assertTrue(p.getString("instance").startsWith("/api/"), r.body());
    }

    private static Quote eurusd() {
        return new Quote("EURUSD", "alltick", 108_500, 100_000_000, 108_520, 250_000_000, 0, 5, 2, 7, NOW_NANOS,
                NOW_NANOS, 42);
    }

    private static BookUpdate btcBook() {
        List<BookLevel> bids = List.of(new BookLevel(6_500_000, 50_000_000), new BookLevel(6_499_990, 1),
                new BookLevel(6_499_900, 700_000_000));
        List<BookLevel> asks = List.of(new BookLevel(6_500_020, 120_000_000), new BookLevel(6_500_100, 3));
        return new BookUpdate("BTCUSDT", "binance", true, bids, asks, 2, 8, 0, 0, -1, BookUpdate.NO_CHECKSUM,
                NOW_NANOS, NOW_NANOS, 9);
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldListInstrumentsAndFilterByAssetClassAndVenue(VertxTestContext ctx) throws Exception {
        Reply all = request(HttpMethod.GET, "/api/v1/instruments", Map.of("X-API-Key", KEY));
        assertEquals(200, all.status(), all.body());
        assertEquals("application/json", all.contentType());
        assertEquals(REGISTRY.all().size(), all.json().getJsonArray("instruments").size());
        assertEquals(REGISTRY.all().size(), all.json().getInteger("count"));

        Reply fx = get("/api/v1/instruments?assetClass=fx");
        JsonArray fxList = fx.json().getJsonArray("instruments");
        assertFalse(fxList.isEmpty());
        fxList.forEach(i -> assertEquals("fx", ((JsonObject) i).getString("assetClass")));
        assertTrue(fxList.stream().anyMatch(i -> ((JsonObject) i).getString("symbol").equals("EURUSD")));

        Reply binance = get("/api/v1/instruments?venue=binance&assetClass=crypto");
        JsonArray binanceList = binance.json().getJsonArray("instruments");
        assertFalse(binanceList.isEmpty());
        binanceList.forEach(i -> assertTrue(((JsonObject) i).getJsonObject("venues").containsKey("binance")));

        assertProblem(get("/api/v1/instruments?assetClass=bonds"), 400, "invalid-parameter");
        assertProblem(get("/api/v1/instruments?venue=nasdaq"), 400, "invalid-parameter");
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldDescribeOneInstrumentWithVenuesSessionsAndOpenState(VertxTestContext ctx) throws Exception {
        Reply r = get("/api/v1/instruments/00700.HK");
        assertEquals(200, r.status(), r.body());
        JsonObject i = r.json();
        assertEquals("700.HK", i.getString("symbol"));
        assertEquals("hk_stock", i.getString("assetClass"));
        assertEquals("Asia/Hong_Kong", i.getString("timeZone"));
        assertFalse(i.getJsonObject("venues").isEmpty());
        assertFalse(i.getJsonArray("sessions").isEmpty());
        assertEquals("MON 09:30", i.getJsonArray("sessions").getJsonObject(0).getString("from"));
        assertFalse(i.getBoolean("alwaysOpen"));
        assertTrue(i.containsKey("open"));
        assertTrue(i.getInteger("priceScale") >= 0);

        Reply btc = get("/api/v1/instruments/BTC%2FUSDT");
        assertEquals(200, btc.status(), btc.body());
        assertEquals("BTCUSDT", btc.json().getString("symbol"));
        assertTrue(btc.json().getBoolean("alwaysOpen"));
        assertTrue(btc.json().getBoolean("open"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldRejectMissingWrongOrMalformedApiKeysWith401Problem(VertxTestContext ctx) throws Exception {
        Reply none = request(HttpMethod.GET, "/api/v1/instruments", Map.of());
        assertProblem(none, 401, "unauthorized");
        assertTrue(none.headers().get("www-authenticate").startsWith("Bearer"));
        assertProblem(request(HttpMethod.GET, "/api/v1/instruments", Map.of("Authorization", "Bearer nope")), 401,
                "unauthorized");
        assertProblem(request(HttpMethod.GET, "/api/v1/instruments", Map.of("X-API-Key", "nope")), 401,
                "unauthorized");
        assertProblem(request(HttpMethod.GET, "/api/v1/instruments", Map.of("Authorization", "Basic ZGVtbzo=")), 401,
                "unauthorized");
        assertProblem(request(HttpMethod.GET, "/api/v1/quotes/EURUSD",
                Map.of("Authorization", "Bearer " + KEY, "X-API-Key", "nope")), 401, "unauthorized");
        assertEquals(200, request(HttpMethod.GET, "/api/v1/instruments",
                Map.of("authorization", "bearer " + KEY)).status());
        assertEquals(200, request(HttpMethod.GET, "/api/v1/instruments", Map.of("x-api-key", KEY)).status());
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldResolveTrickySpellingsToCanonicalViews(VertxTestContext ctx) throws Exception {
        JsonObject hk = get("/api/v1/resolve?symbol=00700.HK").json();
        assertEquals("00700.HK", hk.getString("spelling"));
        assertEquals("700.HK", hk.getString("symbol"));
        assertEquals("700.HK", hk.getString("key"));
        assertNull(hk.getString("venue"));
        assertEquals("hk_stock", hk.getJsonObject("instrument").getString("assetClass"));

        JsonObject btc = get("/api/v1/resolve?symbol=BTC%2FUSDT").json();
        assertEquals("BTCUSDT", btc.getString("symbol"));
        assertEquals("BTCUSDT", btc.getString("key"));

        JsonObject qualified = get("/api/v1/resolve?symbol=btcusdt@huobi").json();
        assertEquals("BTCUSDT@htx", qualified.getString("key"));
        assertEquals("htx", qualified.getString("venue"));

        assertEquals("AAPL.US", get("/api/v1/resolve?symbol=AAPL").json().getString("symbol"));
        assertEquals("700.HK", get("/api/v1/resolve?symbol=HK-700").json().getString("symbol"));
        assertProblem(get("/api/v1/resolve"), 400, "invalid-parameter");
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerUnknownSymbolsWith404ProblemAndSuggestions(VertxTestContext ctx) throws Exception {
        for (String uri : List.of("/api/v1/resolve?symbol=EURUSDD", "/api/v1/instruments/EURUSDD",
                "/api/v1/quotes/EURUSDD", "/api/v1/book/EURUSDD", "/api/v1/trades/EURUSDD",
                "/api/v1/quotes?symbols=EURUSD,EURUSDD")) {
            Reply r = get(uri);
            assertProblem(r, 404, "unknown-symbol");
            assertTrue(r.json().getJsonArray("suggestions").contains("EURUSD"), uri + " " + r.body());
            assertTrue(r.json().getString("detail").contains("EURUSDD"), r.body());
            assertEquals(uri, r.json().getString("instance"));
        }
        Reply venue = get("/api/v1/quotes/EURUSD@binance");
        assertProblem(venue, 404, "unknown-symbol");
        assertTrue(venue.json().getJsonArray("suggestions").contains("EURUSD@alltick"), venue.body());
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldServeLatestQuoteAtInstrumentPrecision(VertxTestContext ctx) throws Exception {
        Status live = new Status("EURUSD", "alltick", StatusState.LIVE, "ok", NOW_NANOS, NOW_NANOS, 3);
        state.put("EURUSD", new SymbolSnapshot("EURUSD", eurusd(), null, null, live));
        Reply r = get("/api/v1/quotes/eur%2Fusd");
        assertEquals(200, r.status(), r.body());
        assertEquals("application/json", r.contentType());
        // Exact text: trailing zeros at the instrument's precision, never a double rendering.
        assertTrue(r.body().contains("\"bid\":1.08500,\"ask\":1.08520,\"bidSize\":1000000.00,\"askSize\":2500000.00"
                + ",\"price\":1.08510,\"last\":null"), r.body());
        JsonObject q = r.json();
        assertEquals("eur/usd", q.getString("symbol"));
        assertEquals("EURUSD", q.getString("key"));
        assertEquals(NOW_MILLIS, q.getLong("time"));
        assertEquals(42, q.getLong("seq"));
        assertEquals("alltick", q.getString("venue"));
        assertEquals("live", q.getString("status"));
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldServeBatchQuotesAndListSymbolsWithoutData(VertxTestContext ctx) throws Exception {
        state.put("EURUSD", new SymbolSnapshot("EURUSD", eurusd(), null, null, null));
        Reply r = get("/api/v1/quotes?symbols=EURUSD,GBPUSD,EURUSD");
        assertEquals(200, r.status(), r.body());
        JsonArray quotes = r.json().getJsonArray("quotes");
        assertEquals(1, quotes.size());
        assertEquals("EURUSD", quotes.getJsonObject(0).getString("symbol"));
        JsonArray missing = r.json().getJsonArray("missing");
        assertEquals(1, missing.size());
        assertEquals("GBPUSD", missing.getJsonObject(0).getString("symbol"));
        assertProblem(get("/api/v1/quotes"), 400, "invalid-parameter");
        StringBuilder tooMany = new StringBuilder("/api/v1/quotes?symbols=EURUSD");
        for (int n = 0; n < RestApi.MAX_BATCH; n++) {
            tooMany.append(",S").append(n);
        }
        assertProblem(get(tooMany.toString()), 400, "invalid-parameter");
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldAnswer404NoDataWhenNormalizerHasNothingYet(VertxTestContext ctx) throws Exception {
        assertProblem(get("/api/v1/quotes/GBPUSD"), 404, "no-data");
        assertProblem(get("/api/v1/book/GBPUSD"), 404, "no-data");
        assertProblem(get("/api/v1/trades/GBPUSD"), 404, "no-data");
        // A snapshot with a quote but no book is "no book yet", not an error of the service.
        state.put("EURUSD", new SymbolSnapshot("EURUSD", eurusd(), null, null, null));
        assertProblem(get("/api/v1/book/EURUSD"), 404, "no-data");
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldAnswer503WhenNoNormalizerAnswers(VertxTestContext ctx) throws Exception {
        state.put("EURUSD", new SymbolSnapshot("EURUSD", eurusd(), null, btcBook(), null));
        stopNormalizer();
        for (String uri : List.of("/api/v1/quotes/EURUSD", "/api/v1/quotes?symbols=EURUSD", "/api/v1/book/EURUSD",
                "/api/v1/trades/EURUSD")) {
            Reply r = get(uri);
            assertProblem(r, 503, "unavailable");
            assertEquals("1", r.headers().get("retry-after"));
        }
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldCutBookToRequestedDepthWithVerifiableChecksum(VertxTestContext ctx) throws Exception {
        state.put("BTCUSDT@binance", new SymbolSnapshot("BTCUSDT@binance", null, null, btcBook(), null));
        Reply r = get("/api/v1/book/BTCUSDT@binance?depth=2");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.body().contains("\"bids\":[[65000.00,0.50000000],[64999.90,0.00000001]],"
                + "\"asks\":[[65000.20,1.20000000],[65001.00,0.00000003]]"), r.body());
        JsonObject book = r.json();
        assertEquals("BTCUSDT@binance", book.getString("key"));
        assertEquals(2, book.getInteger("levels"));
        assertEquals(9, book.getLong("seq"));
        assertEquals(NOW_MILLIS, book.getLong("time"));
        assertEquals(clientChecksum(r.body()), book.getLong("checksum"));

        Reply full = get("/api/v1/book/BTCUSDT@binance");
        assertEquals(3, full.json().getJsonArray("bids").size());
        assertEquals(RestApi.DEFAULT_DEPTH, full.json().getInteger("levels"));
        assertEquals(clientChecksum(full.body()), full.json().getLong("checksum"));

        for (String bad : List.of("0", "51", "ten", "")) {
            assertProblem(get("/api/v1/book/BTCUSDT@binance?depth=" + bad), 400, "invalid-parameter");
        }
        ctx.completeNow();
    }

    /** What a client does to verify a book: rebuild the checksum string from the text as received. */
    private static long clientChecksum(String raw) {
        String bids = raw.substring(raw.indexOf("\"bids\":[") + 8, raw.indexOf("],\"asks\":["));
        String asks = raw.substring(raw.indexOf("\"asks\":[") + 8, raw.indexOf("],\"seq\""));
        CRC32 crc = new CRC32();
        crc.update((side(bids) + "#" + side(asks)).getBytes(StandardCharsets.UTF_8));
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
    void shouldServeRecentTradesNewestFirstOrAnEmptyList(VertxTestContext ctx) throws Exception {
        Trade t = new Trade("BTCUSDT", "binance", "12345", 6_500_010, 1_000_000, 2, 8, Side.BUY, 0, NOW_NANOS,
                NOW_NANOS, 77);
        state.put("BTCUSDT@binance", new SymbolSnapshot("BTCUSDT@binance", null, t, btcBook(), null));
        Reply r = get("/api/v1/trades/BTCUSDT@binance");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.body().contains("{\"price\":65000.10,\"size\":0.01000000,\"side\":\"buy\",\"venue\":\"binance\","
                + "\"tradeId\":\"12345\",\"seq\":77,\"time\":" + NOW_MILLIS + "}"), r.body());
        assertEquals(1, r.json().getJsonArray("trades").size());

        state.put("BTCUSDT", new SymbolSnapshot("BTCUSDT", null, null, btcBook(), null));
        Reply empty = get("/api/v1/trades/BTCUSDT");
        assertEquals(200, empty.status(), empty.body());
        assertTrue(empty.json().getJsonArray("trades").isEmpty());

        // Recent trades come newest first, as many as asked for.
        List<Trade> recent = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            recent.add(new Trade("BTCUSDT", "okx", "t" + i, 6_500_000 + i, 1_000_000, 2, 8, Side.SELL, 0, NOW_NANOS,
                    NOW_NANOS, 100 + i));
        }
        state.put("BTCUSDT@okx", new SymbolSnapshot("BTCUSDT@okx", null, recent.get(4), null, null, recent));
        Reply three = get("/api/v1/trades/BTCUSDT@okx?limit=3");
        assertEquals(200, three.status(), three.body());
        assertEquals(List.of("t5", "t4", "t3"), three.json().getJsonArray("trades").stream()
                .map(o -> ((io.vertx.core.json.JsonObject) o).getString("tradeId")).toList());
        assertEquals(5, get("/api/v1/trades/BTCUSDT@okx").json().getJsonArray("trades").size());
        assertProblem(get("/api/v1/trades/BTCUSDT@okx?limit=0"), 400, "invalid-parameter");
        assertProblem(get("/api/v1/trades/BTCUSDT@okx?limit=many"), 400, "invalid-parameter");
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldServeOpenApiDocumentListingEveryRoute(VertxTestContext ctx) throws Exception {
        state.put("EURUSD", new SymbolSnapshot("EURUSD", eurusd(), null, btcBook(), null));
        Reply r = request(HttpMethod.GET, "/api/v1/openapi.json", Map.of());
        assertEquals(200, r.status(), r.body());
        assertEquals("application/json", r.contentType());
        JsonObject doc = r.json();
        assertEquals("3.1.0", doc.getString("openapi"));
        assertEquals("/api/v1", doc.getJsonArray("servers").getJsonObject(0).getString("url"));
        JsonObject paths = doc.getJsonObject("paths");
        assertEquals(Set.copyOf(RestApi.ROUTES), paths.fieldNames());
        for (String route : RestApi.ROUTES) {
            assertTrue(paths.getJsonObject(route).containsKey("get"), route);
            // Every documented route is really served (a key and a symbol with data make each one succeed).
            String uri = "/api/v1" + route.replace("{symbol}", "EURUSD")
                    + (route.equals("/resolve") ? "?symbol=EURUSD" : route.equals("/quotes") ? "?symbols=EURUSD" : "");
            assertEquals(200, get(uri).status(), uri);
        }
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldServeAsyncApiDocumentDescribingEveryWebSocketMessage(VertxTestContext ctx) throws Exception {
        Reply r = request(HttpMethod.GET, "/api/v1/asyncapi.json", Map.of());
        assertEquals(200, r.status(), r.body());
        JsonObject doc = r.json();
        assertEquals("3.0.0", doc.getString("asyncapi"));
        JsonObject channels = doc.getJsonObject("channels");
        assertEquals("/", channels.getJsonObject("native").getString("address"));
        assertEquals("/quote", channels.getJsonObject("ticksOnly").getString("address"));
        assertEquals("/quote-stock-b-ws-api", channels.getJsonObject("allTickStock").getString("address"));
        assertEquals("/quote-b-ws-api", channels.getJsonObject("allTickFx").getString("address"));
        JsonObject messages = doc.getJsonObject("components").getJsonObject("messages");
        // The README's protocol section: every request and every server message type.
        List<String> types = List.of("auth", "subscribe", "unsubscribe", "list", "ping", "welcome", "subscribed",
                "unsubscribed", "tick", "depth", "trade", "status", "reset", "error", "reconnect", "pong", "options");
        Set<String> names = new java.util.HashSet<>();
        messages.forEach(e -> names.add(((JsonObject) e.getValue()).getString("name")));
        assertTrue(names.containsAll(types), names.toString());
        assertTrue(names.containsAll(List.of("allTickRequest", "allTickFlatRequest", "allTickReply",
                "allTickDepthPush", "allTickTradePush", "allTickFlatDepthPush")), names.toString());
        // The AllTick reply lists AllTick's ret codes, and the status message the consolidated breakdown.
        assertEquals(new io.vertx.core.json.JsonArray(List.of(200, 400, 401, 429, 600, 601, 603, 604, 605)),
                messages.getJsonObject("allTickReply").getJsonObject("payload").getJsonObject("properties")
                        .getJsonObject("ret").getJsonArray("enum"));
        assertTrue(messages.getJsonObject("status").getJsonObject("payload").getJsonObject("properties")
                .containsKey("venues"));
        // Every message a channel lists resolves to a component, and every operation to a channel message.
        for (String channel : channels.fieldNames()) {
            channels.getJsonObject(channel).getJsonObject("messages").forEach(e -> assertTrue(messages.containsKey(
                    ((JsonObject) e.getValue()).getString("$ref").replace("#/components/messages/", "")),
                    channel + " " + e.getKey()));
        }
        doc.getJsonObject("operations").forEach(e -> {
            JsonObject op = (JsonObject) e.getValue();
            String channel = op.getJsonObject("channel").getString("$ref").replace("#/channels/", "");
            op.getJsonArray("messages").forEach(m -> {
                String ref = ((JsonObject) m).getString("$ref");
                String prefix = "#/channels/" + channel + "/messages/";
                assertTrue(ref.startsWith(prefix), e.getKey() + " " + ref);
                assertTrue(channels.getJsonObject(channel).getJsonObject("messages")
                        .containsKey(ref.substring(prefix.length())), e.getKey() + " " + ref);
            });
        });
        ctx.completeNow();
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void shouldKeepPlainHttpBehaviourOutsideTheApiAndAnswerProblemsInside(VertxTestContext ctx) throws Exception {
        Reply root = request(HttpMethod.GET, "/", Map.of());
        assertEquals(426, root.status());
        assertTrue(root.contentType().startsWith("text/plain"));
        assertEquals(404, request(HttpMethod.GET, "/nope", Map.of()).status());
        assertProblem(get("/api/v1/nope"), 404, "not-found");
        assertProblem(get("/api/v2/instruments"), 404, "not-found");
        Reply post = request(HttpMethod.POST, "/api/v1/instruments", Map.of("X-API-Key", KEY));
        assertProblem(post, 405, "method-not-allowed");
        assertEquals("GET", post.headers().get("allow"));
        assertNotEquals(null, post.json().getString("detail"));
        ctx.completeNow();
    }
}
