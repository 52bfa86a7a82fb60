package dev.tickplant.ingest.coinbase;

import dev.tickplant.common.decimal.FixedPoint;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.ingest.sim.CountsByCode;
import dev.tickplant.ingest.sim.FaultScript;
import dev.tickplant.ingest.sim.FaultScript.Fault;
import dev.tickplant.ingest.sim.RequestWindow;
import dev.tickplant.ingest.sim.SimulatorServer;
import dev.tickplant.ingest.sim.SimulatorSession;
import dev.tickplant.ingest.sim.SyntheticMarket;
import dev.tickplant.ingest.sim.VenueSessions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for the Coinbase Exchange WebSocket feed, speaking its wire protocol: {@code subscribe} and
 * {@code unsubscribe} with {@code product_ids} and {@code channels} (names or {@code {name, product_ids}} objects),
 * each answered with a {@code subscriptions} message listing the connection's current subscriptions, or, when a
 * product is invalid, with {@code {"type":"error","message":"Failed to subscribe","reason":"X is not a valid
 * product"}} and nothing applied; a connection that has not subscribed within {@code subscribeTimeout} is closed.
 * {@code level2}/{@code level2_batch} send a {@code snapshot} then {@code l2update}s; {@code ticker} and
 * {@code matches} send a message per trade; {@code heartbeat} one per product per {@code heartbeatInterval}.
 * Every ticker, match and heartbeat carries the product's {@code sequence}, which increases by exactly one per
 * sequenced event (a ticker shares the sequence of its match). Prices come from a {@link SyntheticMarket}, shifted
 * by {@code priceOffsetTicks}.
 *
 * <p>Test hooks may be called from any thread: {@link #dropAllConnections()}, {@link #goSilent()},
 * {@link #duplicateNext(String)}, {@link #skipSequence(String)}, {@link #rejectSymbol(String)}. Coinbase's level2
 * channel has no checksum, so there is no checksum fault. Counters are readable from any thread.
 */
public final class CoinbaseSimulatorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(CoinbaseSimulatorVerticle.class);
    private static final String VENUE = CoinbaseMapper.VENUE;
    private static final List<String> CHANNELS = List.of(CoinbaseFrames.CHANNEL_LEVEL2,
            CoinbaseFrames.CHANNEL_LEVEL2_BATCH, CoinbaseFrames.CHANNEL_TICKER, CoinbaseFrames.CHANNEL_MATCHES,
            CoinbaseFrames.CHANNEL_HEARTBEAT);

    /** One client connection; confined to the event loop. */
    private static final class Session extends SimulatorSession {
        final Map<String, Set<String>> channels = new LinkedHashMap<>();
        final Map<String, Map<String, String>> bidBooks = new HashMap<>();
        final Map<String, Map<String, String>> askBooks = new HashMap<>();
        final RequestWindow requestWindow = new RequestWindow();
        boolean subscribed;
        long deadlineTimer = -1;

        Session(int id, ServerWebSocket ws) {
            super(id, ws);
            CHANNELS.forEach(c -> channels.put(c, new TreeSet<>()));
        }

        boolean has(String channel, String code) {
            return channels.get(channel).contains(code);
        }

        boolean hasBook(String code) {
            return has(CoinbaseFrames.CHANNEL_LEVEL2, code) || has(CoinbaseFrames.CHANNEL_LEVEL2_BATCH, code);
        }
    }

    private final CoinbaseSimulatorConfig config;
    private final InstrumentRegistry registry;
    private final SimulatorServer server = new SimulatorServer(VENUE, LOG);
    private final VenueSessions<Session> sessions = new VenueSessions<>();
    private final FaultScript faults = new FaultScript();
    private final Map<String, Instrument> byCode = new HashMap<>();
    private final Map<String, Long> sequence = new HashMap<>();
    private final Map<String, Long> lastTradeId = new HashMap<>();
    private SyntheticMarket market;
    private long nextTradeId = 5_000_000;

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger closedForNoSubscribe = new AtomicInteger();
    private final CountsByCode bookSubscribes = new CountsByCode();
    private volatile Map<String, Set<String>> subscribedByChannel = Map.of();

    /**
     * @param config where to listen and how to behave
     * @param registry the instruments; those listed on {@code coinbase} can be subscribed by their product id
     */
    public CoinbaseSimulatorVerticle(CoinbaseSimulatorConfig config, InstrumentRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        List<Instrument> listed = registry.all().stream().filter(i -> i.listedOn(VENUE)).toList();
        listed.forEach(i -> byCode.put(i.codeOn(VENUE), i));
        market = new SyntheticMarket(listed, config.seed());
        server.every(SimulatorServer.periodMs(config.updatesPerSecond()), this::pushAll);
        server.every(config.heartbeatInterval().toMillis(), this::heartbeats);
        return server.listen(vertx, context, config.port(), config.host(), this::onConnect, null, config);
    }

    @Override
    public Future<?> stop() {
        return server.close(sessions);
    }

    /** The bound port, or -1 before the server listens. */
    public int actualPort() {
        return server.actualPort();
    }

    /** Connections accepted so far. */
    public int connectionsAccepted() {
        return sessions.accepted();
    }

    /** Connections currently open. */
    public int openConnections() {
        return sessions.open();
    }

    /** Client messages received so far. */
    public int requests() {
        return requests.get();
    }

    /** Requests refused for exceeding {@code maxRequestsPerSecond}. */
    public int rateLimited() {
        return rateLimited.get();
    }

    /** Connections closed because they did not subscribe in time. */
    public int closedForNoSubscribe() {
        return closedForNoSubscribe.get();
    }

    /** How often a level2 channel was subscribed for {@code code} (accepted requests only). */
    public int bookSubscribes(String code) {
        return bookSubscribes.get(code);
    }

    /** Per channel, the products subscribed on any open connection. */
    public Set<String> subscribed(String channel) {
        return subscribedByChannel.getOrDefault(channel, Set.of());
    }

    /** Closes every client connection, as a venue restart would. */
    public Future<Void> dropAllConnections() {
        return server.onContext(sessions::dropAll);
    }

    /** Current connections stop sending anything at all; new connections behave normally. */
    public Future<Void> goSilent() {
        return server.onContext(sessions::silenceAll);
    }

    /** The next sequenced message and the next l2update of {@code code} are each sent twice. */
    public Future<Void> duplicateNext(String code) {
        return server.onContext(() -> faults.arm(Fault.DUPLICATE, code));
    }

    /** The product sequence of {@code code} skips one number before its next sequenced message. */
    public Future<Void> skipSequence(String code) {
        return server.onContext(() -> faults.arm(Fault.SKIP, code));
    }

    /** From now on a subscribe naming {@code code} is refused as an invalid product. */
    public Future<Void> rejectSymbol(String code) {
        return server.onContext(() -> faults.reject(code));
    }

    private void onConnect(ServerWebSocket ws) {
        Session session = new Session(sessions.nextId(), ws);
        sessions.add(session);
        session.deadlineTimer = vertx.setTimer(config.subscribeTimeout().toMillis(), id -> {
            if (!session.subscribed) {
                closedForNoSubscribe.incrementAndGet();
                ws.close((short) 1008, "no subscribe within " + config.subscribeTimeout().toMillis() + " ms");
            }
        });
        ws.textMessageHandler(text -> onText(session, text));
        ws.exceptionHandler(err -> LOG.debug("coinbase simulator session={} error", session.id(), err));
        ws.closeHandler(v -> {
            vertx.cancelTimer(session.deadlineTimer);
            sessions.remove(session);
            publishSubscriptions();
        });
    }

    private void onText(Session s, String text) {
        requests.incrementAndGet();
        JsonObject req;
        try {
            req = new JsonObject(text);
        } catch (DecodeException e) {
            send(s, error("Failed to parse request", "malformed JSON"));
            return;
        }
        if (overRate(s)) {
            rateLimited.incrementAndGet();
            send(s, error("Rate limit exceeded", "too many messages"));
            return;
        }
        String type = req.getString("type", "");
        if (!type.equals("subscribe") && !type.equals("unsubscribe")) {
            send(s, error("Failed to parse request", "unknown type " + type));
            return;
        }
        Map<String, List<String>> wanted = new LinkedHashMap<>();
        List<String> common = new ArrayList<>();
        for (Object p : req.getJsonArray("product_ids", new JsonArray())) {
            common.add(String.valueOf(p));
        }
        for (Object c : req.getJsonArray("channels", new JsonArray())) {
            if (c instanceof JsonObject) {
                JsonObject co = (JsonObject) c;
                List<String> ids = new ArrayList<>(common);
                co.getJsonArray("product_ids", new JsonArray()).forEach(p -> ids.add(String.valueOf(p)));
                wanted.put(co.getString("name", ""), ids);
            } else {
                wanted.put(String.valueOf(c), common);
            }
        }
        boolean subscribe = type.equals("subscribe");
        for (Map.Entry<String, List<String>> e : wanted.entrySet()) {
            if (!CHANNELS.contains(e.getKey())) {
                send(s, error("Failed to subscribe", e.getKey() + " is not a valid channel"));
                return;
            }
            for (String code : e.getValue()) {
                if (!byCode.containsKey(code) || (subscribe && faults.rejects(code))) {
                    send(s, error("Failed to subscribe", code + " is not a valid product"));
                    return;
                }
            }
        }
        s.subscribed = s.subscribed || subscribe;
        List<String[]> snapshots = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : wanted.entrySet()) {
            Set<String> have = s.channels.get(e.getKey());
            for (String code : e.getValue()) {
                boolean book = e.getKey().startsWith(CoinbaseFrames.CHANNEL_LEVEL2);
                if (subscribe && have.add(code) && book) {
                    bookSubscribes.increment(code);
                    snapshots.add(new String[] {code});
                } else if (!subscribe && have.remove(code) && book && !s.hasBook(code)) {
                    s.bidBooks.remove(code);
                    s.askBooks.remove(code);
                }
            }
        }
        send(s, subscriptionsMessage(s));
        for (String[] code : snapshots) {
            sendSnapshot(s, code[0]);
        }
        publishSubscriptions();
    }

    private boolean overRate(Session s) {
        return s.requestWindow.record(System.nanoTime() / 1_000_000L) > config.maxRequestsPerSecond();
    }

    private static String error(String message, String reason) {
        return new JsonObject().put("type", "error").put("message", message).put("reason", reason).encode();
    }

    private static String subscriptionsMessage(Session s) {
        JsonArray channels = new JsonArray();
        s.channels.forEach((name, codes) -> {
            if (!codes.isEmpty()) {
                channels.add(new JsonObject().put("name", name).put("product_ids", new JsonArray(List.copyOf(codes))));
            }
        });
        return new JsonObject().put("type", "subscriptions").put("channels", channels).encode();
    }

    private void sendSnapshot(Session s, String code) {
        Instrument i = byCode.get(code);
        SyntheticMarket.Book book = market.current(i.symbol(), SyntheticMarket.MAX_LEVELS);
        Map<String, String> bids = levels(i, book.bids());
        Map<String, String> asks = levels(i, book.asks());
        s.bidBooks.put(code, bids);
        s.askBooks.put(code, asks);
        send(s, new JsonObject().put("type", "snapshot").put("product_id", code).put("bids", pairs(bids))
                .put("asks", pairs(asks)).encode());
    }

    private static JsonArray pairs(Map<String, String> levels) {
        JsonArray out = new JsonArray();
        levels.forEach((p, q) -> out.add(new JsonArray().add(p).add(q)));
        return out;
    }

    private Map<String, String> levels(Instrument i, List<BookLevel> levels) {
        long offset = (long) config.priceOffsetTicks() * i.tickSize();
        Map<String, String> out = new LinkedHashMap<>();
        for (BookLevel l : levels) {
            out.put(FixedPoint.format(l.price() + offset, i.priceScale()), FixedPoint.format(l.size(), i.sizeScale()));
        }
        return out;
    }

    private void pushAll() {
        Set<String> wanted = new TreeSet<>();
        for (Session s : sessions.all()) {
            s.channels.values().forEach(wanted::addAll);
        }
        for (String code : wanted) {
            Instrument i = byCode.get(code);
            SyntheticMarket.Book book = market.step(i.symbol(), SyntheticMarket.MAX_LEVELS);
            Optional<SyntheticMarket.Print> print = market.maybeTrade(i.symbol(), config.tradeProbability());
            boolean duplicate = faults.take(Fault.DUPLICATE, code);
            String now = Instant.now().toString();
            String match = null;
            String ticker = null;
            if (print.isPresent()) {
                long seq = nextSequence(code);
                long tradeId = nextTradeId++;
                lastTradeId.put(code, tradeId);
                match = matchMessage(i, code, print.get(), seq, tradeId, now);
                ticker = tickerMessage(i, code, print.get(), book, seq, tradeId, now);
            }
            for (Session s : sessions.all()) {
                if (s.hasBook(code) && s.bidBooks.containsKey(code)) {
                    pushBook(s, i, code, book, duplicate, now);
                }
                if (match != null && s.has(CoinbaseFrames.CHANNEL_MATCHES, code)) {
                    sendTimes(s, match, duplicate);
                }
                if (ticker != null && s.has(CoinbaseFrames.CHANNEL_TICKER, code)) {
                    sendTimes(s, ticker, duplicate);
                }
            }
        }
    }

    private long nextSequence(String code) {
        long step = faults.take(Fault.SKIP, code) ? 2 : 1;
        long seq = sequence.getOrDefault(code, 100L) + step;
        sequence.put(code, seq);
        return seq;
    }

    private void pushBook(Session s, Instrument i, String code, SyntheticMarket.Book book, boolean duplicate,
            String now) {
        JsonArray changes = new JsonArray();
        s.bidBooks.put(code, diff("buy", s.bidBooks.get(code), levels(i, book.bids()), changes));
        s.askBooks.put(code, diff("sell", s.askBooks.get(code), levels(i, book.asks()), changes));
        if (changes.isEmpty()) {
            return;
        }
        String text = new JsonObject().put("type", "l2update").put("product_id", code).put("changes", changes)
                .put("time", now).encode();
        sendTimes(s, text, duplicate);
    }

    private static Map<String, String> diff(String side, Map<String, String> from, Map<String, String> to,
            JsonArray changes) {
        to.forEach((p, q) -> {
            if (!q.equals(from.get(p))) {
                changes.add(new JsonArray().add(side).add(p).add(q));
            }
        });
        from.keySet().forEach(p -> {
            if (!to.containsKey(p)) {
                changes.add(new JsonArray().add(side).add(p).add("0"));
            }
        });
        return to;
    }

    private String matchMessage(Instrument i, String code, SyntheticMarket.Print p, long seq, long tradeId,
            String now) {
        long offset = (long) config.priceOffsetTicks() * i.tickSize();
        // Coinbase's side is the maker's: a buy aggressor lifted a resting sell.
        return new JsonObject().put("type", "match").put("trade_id", tradeId).put("sequence", seq)
                .put("maker_order_id", UUID.randomUUID().toString()).put("taker_order_id", UUID.randomUUID().toString())
                .put("time", now).put("product_id", code).put("size", FixedPoint.format(p.size(), i.sizeScale()))
                .put("price", FixedPoint.format(p.price() + offset, i.priceScale()))
                .put("side", p.side() == Side.BUY ? "sell" : "buy").encode();
    }

    private String tickerMessage(Instrument i, String code, SyntheticMarket.Print p, SyntheticMarket.Book book,
            long seq, long tradeId, String now) {
        long offset = (long) config.priceOffsetTicks() * i.tickSize();
        int ps = i.priceScale();
        String price = FixedPoint.format(p.price() + offset, ps);
        return new JsonObject().put("type", "ticker").put("sequence", seq).put("product_id", code).put("price", price)
                .put("open_24h", price).put("volume_24h", "1234.56789012").put("low_24h", price)
                .put("high_24h", price).put("volume_30d", "45678.12345678")
                .put("best_bid", FixedPoint.format(book.bestBid() + offset, ps))
                .put("best_bid_size", FixedPoint.format(book.bids().get(0).size(), i.sizeScale()))
                .put("best_ask", FixedPoint.format(book.bestAsk() + offset, ps))
                .put("best_ask_size", FixedPoint.format(book.asks().get(0).size(), i.sizeScale()))
                .put("side", p.side() == Side.BUY ? "buy" : "sell").put("time", now).put("trade_id", tradeId)
                .put("last_size", FixedPoint.format(p.size(), i.sizeScale())).encode();
    }

    private void heartbeats() {
        Set<String> products = new TreeSet<>();
        sessions.all().forEach(s -> products.addAll(s.channels.get(CoinbaseFrames.CHANNEL_HEARTBEAT)));
        for (String code : products) {
            boolean duplicate = faults.take(Fault.DUPLICATE, code);
            String text = new JsonObject().put("type", "heartbeat").put("sequence", nextSequence(code))
                    .put("last_trade_id", lastTradeId.getOrDefault(code, 0L)).put("product_id", code)
                    .put("time", Instant.now().toString()).encode();
            for (Session s : sessions.all()) {
                if (s.has(CoinbaseFrames.CHANNEL_HEARTBEAT, code)) {
                    sendTimes(s, text, duplicate);
                }
            }
        }
    }

    private void sendTimes(Session s, String text, boolean twice) {
        send(s, text);
        if (twice) {
            send(s, text);
        }
    }

    private void send(Session s, String text) {
        if (!s.silenced()) {
            s.socket().writeTextMessage(text).onFailure(err -> LOG.debug("coinbase simulator write failed", err));
        }
    }

    private void publishSubscriptions() {
        Map<String, Set<String>> all = new HashMap<>();
        for (Session s : sessions.all()) {
            s.channels.forEach((c, codes) -> all.computeIfAbsent(c, k -> new TreeSet<>()).addAll(codes));
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        all.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        subscribedByChannel = Map.copyOf(frozen);
    }
}
