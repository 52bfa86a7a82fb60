package dev.tickplant.ingest.binance;

import dev.tickplant.common.decimal.FixedPoint;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.ingest.binance.BinanceFrameParser.Parsed;
import dev.tickplant.ingest.binance.BinanceFrames.BookTicker;
import dev.tickplant.ingest.binance.BinanceFrames.DepthSnapshot;
import dev.tickplant.ingest.binance.BinanceFrames.DepthUpdate;
import dev.tickplant.ingest.binance.BinanceFrames.Level;
import dev.tickplant.ingest.binance.BinanceFrames.Reply;
import dev.tickplant.ingest.binance.BinanceFrames.Request;
import dev.tickplant.ingest.binance.BinanceFrames.TradeEvent;
import dev.tickplant.ingest.sim.FaultScript;
import dev.tickplant.ingest.sim.FaultScript.Fault;
import dev.tickplant.ingest.sim.RequestWindow;
import dev.tickplant.ingest.sim.SimulatorServer;
import dev.tickplant.ingest.sim.SimulatorSession;
import dev.tickplant.ingest.sim.SyntheticMarket;
import dev.tickplant.ingest.sim.VenueSessions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for Binance spot market data, speaking its wire protocol on one port:
 *
 * <ul>
 *   <li>{@code /stream}: combined streams, {@code {"stream":…,"data":…}}; {@code SUBSCRIBE}/{@code UNSUBSCRIBE}/
 *       {@code LIST_SUBSCRIPTIONS} with {@code id}, answered {@code {"result":null,"id":…}} or
 *       {@code {"error":{"code":2,"msg":…},"id":…}}; streams {@code <s>@bookTicker}, {@code <s>@trade},
 *       {@code <s>@aggTrade}, {@code <s>@depth} and {@code <s>@depth@100ms} with {@code U}/{@code u};
 *   <li>a WebSocket ping every {@code pingInterval}; no pong within {@code pongTimeout} closes the connection;
 *   <li>more than {@code maxIncomingPerSecond} incoming messages (text, ping, pong) within one second closes the
 *       connection, as Binance does; more than {@code maxStreamsPerConnection} streams are refused;
 *   <li>connections are closed after {@code maxConnectionAge} (Binance: 24 h);
 *   <li>{@code GET /api/v3/depth?symbol=&limit=}: the current book with {@code lastUpdateId}, consistent with the
 *       diff stream; an unknown or rejected symbol gets HTTP 400 {@code {"code":-1121,"msg":"Invalid symbol."}}.
 * </ul>
 *
 * <p>Test hooks return futures and may be called from any thread; they run on the verticle's context. Counters are
 * readable from any thread.
 */
public final class BinanceSimulatorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceSimulatorVerticle.class);
    private static final String VENUE = BinanceMapper.VENUE;
    private static final long HISTORY_IDS = 2_000;

    private static final class Session extends SimulatorSession {
        final long openedMs;
        final Set<String> streams = new LinkedHashSet<>();
        final RequestWindow incoming = new RequestWindow();
        boolean closing;
        long lastPongMs;
        long lastPingMs;

        Session(int id, ServerWebSocket ws, long nowMs) {
            super(id, ws);
            this.openedMs = nowMs;
            this.lastPongMs = nowMs;
        }
    }

    /** The simulator's order book of one symbol, kept at full synthetic depth. */
    private static final class Book {
        final TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Long, Long> asks = new TreeMap<>();
        long lastUpdateId = 1_000;
        long nextTradeId = 5_000;
        DepthUpdate lastDiff;
    }

    private final BinanceSimulatorConfig config;
    private final InstrumentRegistry registry;
    private final BinanceFrameParser parser = new BinanceFrameParser();
    private final SimulatorServer server = new SimulatorServer(VENUE, LOG);
    private final VenueSessions<Session> sessions = new VenueSessions<>();
    private final Map<String, Book> books = new HashMap<>();
    private final FaultScript faults = new FaultScript();
    private SyntheticMarket market;

    private final AtomicInteger controlMessages = new AtomicInteger();
    private final AtomicInteger snapshotRequests = new AtomicInteger();
    private final AtomicInteger rateLimitViolations = new AtomicInteger();
    private final AtomicInteger pongs = new AtomicInteger();
    private volatile int maxIncomingSeen;
    private volatile Map<Integer, Set<String>> streamsByConnection = Map.of();
    /** Recent full books by update id, for tests to compare a rebuilt book against. */
    private final Map<String, Map<Long, DepthSnapshot>> history = new ConcurrentHashMap<>();

    /**
     * @param config where to listen and how to behave
     * @param registry the instruments (those listed on {@code binance}) the simulator knows
     */
    public BinanceSimulatorVerticle(BinanceSimulatorConfig config, InstrumentRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        market = new SyntheticMarket(registry.all().stream().filter(i -> i.listedOn(VENUE)).toList(), config.seed());
        server.every(SimulatorServer.periodMs(config.updatesPerSecond()), this::pushAll);
        server.every(Math.max(10, Math.min(config.pingInterval().toMillis(), config.pongTimeout().toMillis() / 4)),
                this::pingAndExpire);
        return server.listen(vertx, context, config.port(), config.host(), this::onConnect, this::onRest, config);
    }

    @Override
    public Future<?> stop() {
        return server.close(sessions);
    }

    /** The bound port, or -1 before the server listens. */
    public int actualPort() {
        return server.actualPort();
    }

    /** WebSocket connections accepted so far. */
    public int connectionsAccepted() {
        return sessions.accepted();
    }

    /** WebSocket connections open now. */
    public int openConnections() {
        return sessions.open();
    }

    /** SUBSCRIBE/UNSUBSCRIBE/LIST_SUBSCRIPTIONS messages received so far. */
    public int controlMessages() {
        return controlMessages.get();
    }

    /** REST depth snapshots served so far. */
    public int snapshotRequests() {
        return snapshotRequests.get();
    }

    /** Connections closed for sending more than {@code maxIncomingPerSecond}. */
    public int rateLimitViolations() {
        return rateLimitViolations.get();
    }

    /** Most incoming messages seen on one connection within one second. */
    public int maxIncomingSeen() {
        return maxIncomingSeen;
    }

    /** Pong frames received so far. */
    public int pongs() {
        return pongs.get();
    }

    /** Per open connection id, its streams. */
    public Map<Integer, Set<String>> streamsByConnection() {
        return streamsByConnection;
    }

    /** All streams over all open connections. */
    public Set<String> allStreams() {
        Set<String> all = new TreeSet<>();
        streamsByConnection.values().forEach(all::addAll);
        return all;
    }

    /** The simulator's full book of {@code code} right after update id {@code updateId}, if still remembered. */
    public Optional<DepthSnapshot> bookAt(String code, long updateId) {
        Map<Long, DepthSnapshot> past = history.get(code);
        return Optional.ofNullable(past == null ? null : past.get(updateId));
    }

    /** Closes every connection, as a venue restart would. */
    public Future<Void> dropAllConnections() {
        return server.onContext(sessions::dropAll);
    }

    /** Current connections stop sending anything (data and pings) while staying open. */
    public Future<Void> goSilent() {
        return server.onContext(sessions::silenceAll);
    }

    /** Sends the last diff event of {@code code} again to every subscriber. */
    public Future<Void> sendDuplicate(String code) {
        return server.onContext(() -> {
            Book b = books.get(code);
            if (b != null && b.lastDiff != null) {
                publish(b.lastDiff.symbol(), BinanceFrames.depthStream(code, 100), BinanceFrames.depthStream(code,
                        1000), b.lastDiff.toJson());
            }
        });
    }

    /** The next book change of {@code code} is not sent, so subscribers see a gap in {@code U}/{@code u}. */
    public Future<Void> skipSequence(String code) {
        return server.onContext(() -> faults.arm(Fault.SKIP, code));
    }

    /** From now on refuses {@code code}: SUBSCRIBE errors, REST -1121, no more data. */
    public Future<Void> rejectSymbol(String code) {
        return server.onContext(() -> {
            faults.reject(code);
            String prefix = code.toLowerCase(Locale.ROOT) + "@";
            sessions.all().forEach(s -> s.streams.removeIf(st -> st.startsWith(prefix)));
            publishStreams();
        });
    }

    private void onConnect(ServerWebSocket ws) {
        if (!"/stream".equals(ws.path())) {
            ws.close((short) 1008, "unknown path");
            return;
        }
        Session s = new Session(sessions.nextId(), ws, nowMs());
        sessions.add(s);
        ws.textMessageHandler(text -> onText(s, text));
        ws.pongHandler(b -> {
            pongs.incrementAndGet();
            s.lastPongMs = nowMs();
            countIncoming(s);
        });
        ws.exceptionHandler(err -> LOG.debug("simulator session={} error", s.id(), err));
        ws.closeHandler(v -> {
            sessions.remove(s);
            publishStreams();
        });
        publishStreams();
    }

    /** @return false when the message broke the limit and the connection is being closed */
    private boolean countIncoming(Session s) {
        if (s.closing) {
            return false;
        }
        long now = nowMs();
        int inLastSecond = s.incoming.record(now);
        maxIncomingSeen = Math.max(maxIncomingSeen, inLastSecond);
        if (inLastSecond > config.maxIncomingPerSecond()) {
            rateLimitViolations.incrementAndGet();
            s.closing = true;
            LOG.info("simulator: session={} sent {} messages within 1 s, disconnecting", s.id(), inLastSecond);
            s.socket().close((short) 1008, "Too many requests");
            return false;
        }
        return true;
    }

    private void onText(Session s, String text) {
        if (!countIncoming(s)) {
            return;
        }
        Parsed parsed = parser.parse(text);
        if (!(parsed instanceof Parsed.Ok) || !(((Parsed.Ok) parsed).frame() instanceof Request)) {
            s.socket().writeTextMessage(new JsonObject().put("error", new JsonObject().put("code", 3)
                    .put("msg", "Invalid JSON: expected a request")).putNull("id").encode());
            return;
        }
        controlMessages.incrementAndGet();
        Request req = (Request) ((Parsed.Ok) parsed).frame();
        switch (req.method()) {
            case BinanceFrames.SUBSCRIBE:
                onSubscribe(s, req);
                break;
            case BinanceFrames.UNSUBSCRIBE:
                req.params().forEach(s.streams::remove);
                publishStreams();
                s.socket().writeTextMessage(new Reply(req.id(), List.of(), 0, null).toJson());
                break;
            case BinanceFrames.LIST_SUBSCRIPTIONS:
                s.socket().writeTextMessage(new Reply(req.id(), List.copyOf(s.streams), 0, null).toJson());
                break;
            default:
                s.socket().writeTextMessage(
                        new Reply(req.id(), List.of(), 2, "Invalid request: unknown method").toJson());
                break;
        }
    }

    private void onSubscribe(Session s, Request req) {
        for (String stream : req.params()) {
            String code = codeOf(stream);
            if (code == null || faults.rejects(code) || registry.byVenueCode(VENUE, code) == null
                    || !knownKind(stream)) {
                s.socket().writeTextMessage(
                        new Reply(req.id(), List.of(), 2, "Invalid request: invalid stream " + stream).toJson());
                return;
            }
        }
        Set<String> next = new LinkedHashSet<>(s.streams);
        next.addAll(req.params());
        if (next.size() > config.maxStreamsPerConnection()) {
            s.socket().writeTextMessage(new Reply(req.id(), List.of(), 2,
                    "Invalid request: too many streams (max " + config.maxStreamsPerConnection() + ")").toJson());
            return;
        }
        s.streams.addAll(req.params());
        s.unsilence();
        publishStreams();
        s.socket().writeTextMessage(new Reply(req.id(), List.of(), 0, null).toJson());
    }

    private static boolean knownKind(String stream) {
        int at = stream.indexOf('@');
        String kind = stream.substring(at + 1);
        return kind.equals("bookTicker") || kind.equals("trade") || kind.equals("aggTrade") || kind.equals("depth")
                || kind.equals("depth@100ms");
    }

    private static String codeOf(String stream) {
        int at = stream.indexOf('@');
        return at <= 0 ? null : stream.substring(0, at).toUpperCase(Locale.ROOT);
    }

    private void onRest(HttpServerRequest req) {
        if (req.method() != HttpMethod.GET || !"/api/v3/depth".equals(req.path())) {
            req.response().setStatusCode(404).end(new JsonObject().put("code", -1).put("msg", "not found").encode());
            return;
        }
        String code = req.getParam("symbol");
        int limit = parseLimit(req.getParam("limit"));
        Instrument i = code == null ? null : registry.byVenueCode(VENUE, code);
        if (i == null || faults.rejects(code) || !market.knows(i.symbol())) {
            req.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("code", BinanceFrames.INVALID_SYMBOL).put("msg", "Invalid symbol.")
                            .encode());
            return;
        }
        snapshotRequests.incrementAndGet();
        Book b = book(code);
        if (b.bids.isEmpty()) {
            advance(code, i, b);
        }
        DepthSnapshot snap = new DepthSnapshot(b.lastUpdateId, levels(b.bids, limit, i), levels(b.asks, limit, i));
        req.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(snap.toJson()));
    }

    private static int parseLimit(String text) {
        try {
            return text == null ? 100 : Math.max(1, Math.min(5000, Integer.parseInt(text)));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    private Book book(String code) {
        return books.computeIfAbsent(code, c -> new Book());
    }

    private void pushAll() {
        Set<String> codes = new LinkedHashSet<>();
        for (Session s : sessions.all()) {
            for (String stream : s.streams) {
                codes.add(codeOf(stream));
            }
        }
        for (String code : codes) {
            Instrument i = registry.byVenueCode(VENUE, code);
            if (i == null || faults.rejects(code) || !market.knows(i.symbol())) {
                continue;
            }
            Book b = book(code);
            DepthUpdate diff = advance(code, i, b);
            long now = System.currentTimeMillis();
            if (diff != null) {
                if (!faults.take(Fault.SKIP, code)) {
                    b.lastDiff = diff;
                    publish(code, BinanceFrames.depthStream(code, 100), BinanceFrames.depthStream(code, 1000),
                            diff.toJson());
                }
            }
            long bid = b.bids.firstKey();
            long ask = b.asks.firstKey();
            BookTicker ticker = new BookTicker(b.lastUpdateId, code, FixedPoint.format(bid, i.priceScale()),
                    FixedPoint.format(b.bids.get(bid), i.sizeScale()), FixedPoint.format(ask, i.priceScale()),
                    FixedPoint.format(b.asks.get(ask), i.sizeScale()));
            publish(code, BinanceFrames.bookTickerStream(code), null, ticker.toJson());
            SyntheticMarket.Print p = market.maybeTrade(i.symbol(), config.tradeProbability()).orElse(null);
            if (p != null) {
                long id = b.nextTradeId++;
                long price = p.price() + config.priceOffsetTicks() * i.tickSize();
                for (String kind : List.of("trade", "aggTrade")) {
                    TradeEvent t = new TradeEvent(kind, now, code, Long.toString(id),
                            FixedPoint.format(price, i.priceScale()),
                            FixedPoint.format(p.size(), i.sizeScale()), now, p.side() == Side.SELL);
                    publish(code, BinanceFrames.tradeStream(code, kind), null, t.toJson());
                }
            }
        }
    }

    /** Steps the market and returns the diff from the previous book, or null when nothing changed. */
    private DepthUpdate advance(String code, Instrument i, Book b) {
        SyntheticMarket.Book next = market.step(i.symbol(), SyntheticMarket.MAX_LEVELS);
        long offset = config.priceOffsetTicks() * i.tickSize();
        List<Level> bidChanges = diff(b.bids, next.bids(), offset, i);
        List<Level> askChanges = diff(b.asks, next.asks(), offset, i);
        int changes = bidChanges.size() + askChanges.size();
        if (changes == 0) {
            return null;
        }
        long first = b.lastUpdateId + 1;
        // Binance's ids count individual book events; several may fold into one diff message.
        b.lastUpdateId += Math.max(1, Math.min(changes, 3));
        Map<Long, DepthSnapshot> past = history.computeIfAbsent(code, c -> new ConcurrentHashMap<>());
        past.put(b.lastUpdateId, new DepthSnapshot(b.lastUpdateId, levels(b.bids, Integer.MAX_VALUE, i),
                levels(b.asks, Integer.MAX_VALUE, i)));
        past.keySet().removeIf(id -> id < b.lastUpdateId - HISTORY_IDS);
        return new DepthUpdate(System.currentTimeMillis(), code, first, b.lastUpdateId, bidChanges, askChanges);
    }

    private static List<Level> diff(TreeMap<Long, Long> side, List<BookLevel> next, long offset, Instrument i) {
        Map<Long, Long> wanted = new HashMap<>();
        for (BookLevel l : next) {
            wanted.put(l.price() + offset, l.size());
        }
        List<Level> out = new ArrayList<>();
        for (Long price : new ArrayList<>(side.keySet())) {
            if (!wanted.containsKey(price)) {
                side.remove(price);
                out.add(new Level(FixedPoint.format(price, i.priceScale()), FixedPoint.format(0, i.sizeScale())));
            }
        }
        for (Map.Entry<Long, Long> e : wanted.entrySet()) {
            Long old = side.put(e.getKey(), e.getValue());
            if (old == null || !old.equals(e.getValue())) {
                out.add(new Level(FixedPoint.format(e.getKey(), i.priceScale()),
                        FixedPoint.format(e.getValue(), i.sizeScale())));
            }
        }
        return out;
    }

    private static List<Level> levels(TreeMap<Long, Long> side, int limit, Instrument i) {
        List<Level> out = new ArrayList<>();
        for (Map.Entry<Long, Long> e : side.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(new Level(FixedPoint.format(e.getKey(), i.priceScale()),
                    FixedPoint.format(e.getValue(), i.sizeScale())));
        }
        return out;
    }

    private void publish(String code, String stream, String altStream, JsonObject data) {
        String one = BinanceFrames.combined(stream, data);
        String two = altStream == null ? null : BinanceFrames.combined(altStream, data);
        for (Session s : sessions.all()) {
            if (!s.writable()) {
                continue;
            }
            if (s.streams.contains(stream)) {
                s.socket().writeTextMessage(one);
            } else if (two != null && s.streams.contains(altStream)) {
                s.socket().writeTextMessage(two);
            }
        }
    }

    private void pingAndExpire() {
        long now = nowMs();
        sessions.forEachCopy(s -> {
            if (now - s.openedMs >= config.maxConnectionAge().toMillis()) {
                LOG.info("simulator: session={} reached its maximum age, disconnecting", s.id());
                s.socket().close((short) 1000, "connection age limit");
                return;
            }
            if (now - s.lastPongMs >= config.pongTimeout().toMillis()) {
                LOG.info("simulator: session={} sent no pong for {} ms, disconnecting", s.id(), now - s.lastPongMs);
                s.socket().close((short) 1000, "pong timeout");
                return;
            }
            if (!s.silenced() && now - s.lastPingMs >= config.pingInterval().toMillis()) {
                s.lastPingMs = now;
                s.socket().writePing(Buffer.buffer(Long.toString(now)));
            }
        });
    }

    private void publishStreams() {
        Map<Integer, Set<String>> out = new TreeMap<>();
        for (Session s : sessions.all()) {
            out.put(s.id(), Set.copyOf(s.streams));
        }
        streamsByConnection = Map.copyOf(out);
    }

    private static long nowMs() {
        return System.nanoTime() / 1_000_000L;
    }
}
