package dev.tickplant.ingest.bybit;

import dev.tickplant.common.decimal.FixedPoint;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.ingest.bybit.BybitFrameParser.Parsed;
import dev.tickplant.ingest.bybit.BybitFrames.Level;
import dev.tickplant.ingest.bybit.BybitFrames.OrderbookPush;
import dev.tickplant.ingest.bybit.BybitFrames.Request;
import dev.tickplant.ingest.bybit.BybitFrames.Response;
import dev.tickplant.ingest.bybit.BybitFrames.TickerPush;
import dev.tickplant.ingest.bybit.BybitFrames.TradeData;
import dev.tickplant.ingest.bybit.BybitFrames.TradePush;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for Bybit's v5 spot public WebSocket ({@code /v5/public/spot}), speaking its wire protocol:
 *
 * <ul>
 *   <li>{@code {"req_id":…,"op":"subscribe"|"unsubscribe","args":[topics]}} answered with
 *       {@code {"success":true,"ret_msg":"subscribe","conn_id":…,"req_id":…,"op":"subscribe"}}; more than 10 args,
 *       an unknown or rejected symbol, or more than {@code maxRequestsPerSecond} requests within a second are
 *       answered {@code "success":false};
 *   <li>{@code {"op":"ping"}} answered with {@code {"success":true,"ret_msg":"pong",…,"op":"ping"}}; a connection
 *       silent for {@code idleTimeout} is closed;
 *   <li>{@code orderbook.{1,50,200,1000}.<symbol>}: a snapshot on subscription, then deltas with {@code u} + 1 and a
 *       growing {@code seq}; {@code publicTrade.<symbol>}; {@code tickers.<symbol>} (spot shape: last price).
 * </ul>
 *
 * <p>Test hooks return futures and may be called from any thread; they run on the verticle's context. Counters are
 * readable from any thread.
 */
public final class BybitSimulatorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(BybitSimulatorVerticle.class);
    private static final String VENUE = BybitMapper.VENUE;
    private static final Set<Integer> DEPTHS = Set.of(1, 50, 200, 1000);

    private static final class Session extends SimulatorSession {
        final String connId = UUID.randomUUID().toString();
        final Set<String> topics = new LinkedHashSet<>();
        final RequestWindow requestWindow = new RequestWindow();
        long lastInboundMs;

        Session(int id, ServerWebSocket ws, long nowMs) {
            super(id, ws);
            this.lastInboundMs = nowMs;
        }
    }

    private static final class Book {
        final TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Long, Long> asks = new TreeMap<>();
        long updateId = 18_521_280L;
        long seq = 7_961_638_000L;
        long nextTradeId = 1;
        String lastDelta;
    }

    private final BybitSimulatorConfig config;
    private final InstrumentRegistry registry;
    private final BybitFrameParser parser = new BybitFrameParser();
    private final SimulatorServer server = new SimulatorServer(VENUE, LOG);
    private final VenueSessions<Session> sessions = new VenueSessions<>();
    private final Map<String, Book> books = new HashMap<>();
    private final FaultScript faults = new FaultScript();
    private SyntheticMarket market;

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refusedForRate = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger snapshots = new AtomicInteger();
    private volatile Set<String> subscriptions = Set.of();
    /** Recent full books (bids then asks, best first, as price/size mantissa pairs) by symbol and {@code u}. */
    private final Map<String, Map<Long, List<List<long[]>>>> history = new ConcurrentHashMap<>();

    /**
     * @param config where to listen and how to behave
     * @param registry the instruments (those listed on {@code bybit}) the simulator knows
     */
    public BybitSimulatorVerticle(BybitSimulatorConfig config, InstrumentRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        market = new SyntheticMarket(registry.all().stream().filter(i -> i.listedOn(VENUE)).toList(), config.seed());
        server.every(SimulatorServer.periodMs(config.updatesPerSecond()), this::pushAll);
        server.every(Math.max(10, Math.min(1000, config.idleTimeout().toMillis() / 4)), this::closeIdle);
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

    /** Connections open now. */
    public int openConnections() {
        return sessions.open();
    }

    /** Subscribe/unsubscribe requests received so far. */
    public int requests() {
        return requests.get();
    }

    /** Requests refused for exceeding {@code maxRequestsPerSecond}. */
    public int refusedForRate() {
        return refusedForRate.get();
    }

    /** Pings answered so far. */
    public int pings() {
        return pings.get();
    }

    /** Order book snapshots sent so far. */
    public int snapshots() {
        return snapshots.get();
    }

    /** Topics over all open connections. */
    public Set<String> subscriptions() {
        return subscriptions;
    }

    /** Closes every connection. */
    public Future<Void> dropAllConnections() {
        return server.onContext(sessions::dropAll);
    }

    /** Current connections stop sending anything, pong included, while staying open. */
    public Future<Void> goSilent() {
        return server.onContext(sessions::silenceAll);
    }

    /** Sends the last delta of {@code symbol} again. */
    public Future<Void> sendDuplicate(String symbol) {
        return server.onContext(() -> {
            Book b = books.get(symbol);
            if (b != null && b.lastDelta != null) {
                sendBookText(symbol, b.lastDelta);
            }
        });
    }

    /** The next delta of {@code symbol} is not sent: subscribers see a gap in {@code u}. */
    public Future<Void> skipSequence(String symbol) {
        return server.onContext(() -> faults.arm(Fault.SKIP, symbol));
    }

    /** A service restart: {@code u} starts again at 1 with a fresh snapshot to every subscriber. */
    public Future<Void> restartBookService(String symbol) {
        return server.onContext(() -> {
            Book b = book(symbol);
            b.updateId = 1;
            Instrument i = registry.byVenueCode(VENUE, symbol);
            if (i != null) {
                record(b, i);
            }
            for (Session s : sessions.all()) {
                for (String topic : s.topics) {
                    if (topic.startsWith("orderbook.") && BybitFrames.symbolOf(topic).equals(symbol)) {
                        sendSnapshot(s, topic);
                    }
                }
            }
        });
    }

    /** From now on refuses {@code symbol} and stops sending it. */
    public Future<Void> rejectSymbol(String symbol) {
        return server.onContext(() -> {
            faults.reject(symbol);
            sessions.all().forEach(s -> s.topics.removeIf(t -> BybitFrames.symbolOf(t).equals(symbol)));
            publishSubs();
        });
    }

    private Book book(String symbol) {
        return books.computeIfAbsent(symbol, k -> new Book());
    }

    private void onConnect(ServerWebSocket ws) {
        if (!"/v5/public/spot".equals(ws.path())) {
            ws.close((short) 1008, "unknown path");
            return;
        }
        Session s = new Session(sessions.nextId(), ws, nowMs());
        sessions.add(s);
        ws.textMessageHandler(text -> onText(s, text));
        ws.exceptionHandler(err -> LOG.debug("simulator session={} error", s.id(), err));
        ws.closeHandler(v -> {
            sessions.remove(s);
            publishSubs();
        });
    }

    private void onText(Session s, String text) {
        s.lastInboundMs = nowMs();
        if (s.silenced()) {
            return;
        }
        Parsed parsed = parser.parse(text);
        if (!(parsed instanceof Parsed.Ok) || !(((Parsed.Ok) parsed).frame() instanceof Request)) {
            s.socket().writeTextMessage(
                    new Response(false, "error:request not supported", s.connId, null, "").toJson());
            return;
        }
        Request req = (Request) ((Parsed.Ok) parsed).frame();
        if ("ping".equals(req.op())) {
            pings.incrementAndGet();
            s.socket().writeTextMessage(new Response(true, "pong", s.connId, req.reqId(), "ping").toJson());
            return;
        }
        requests.incrementAndGet();
        long now = nowMs();
        if (s.requestWindow.record(now) > config.maxRequestsPerSecond()) {
            refusedForRate.incrementAndGet();
            s.socket().writeTextMessage(new Response(false, "error:too many requests", s.connId, req.reqId(), req.op())
                    .toJson());
            return;
        }
        if (req.args().size() > BybitFrames.MAX_ARGS_PER_REQUEST) {
            s.socket().writeTextMessage(new Response(false, "args size >10", s.connId, req.reqId(), req.op()).toJson());
            return;
        }
        if ("unsubscribe".equals(req.op())) {
            req.args().forEach(s.topics::remove);
            publishSubs();
            s.socket().writeTextMessage(new Response(true, "", s.connId, req.reqId(), "unsubscribe").toJson());
            return;
        }
        if (!"subscribe".equals(req.op())) {
            s.socket().writeTextMessage(new Response(false, "error:unknown op " + req.op(), s.connId, req.reqId(),
                    req.op()).toJson());
            return;
        }
        for (String topic : req.args()) {
            if (!valid(topic)) {
                s.socket().writeTextMessage(new Response(false, "Invalid symbol :[" + topic + "]", s.connId,
                        req.reqId(), "subscribe").toJson());
                return;
            }
        }
        s.socket().writeTextMessage(new Response(true, "subscribe", s.connId, req.reqId(), "subscribe").toJson());
        for (String topic : req.args()) {
            if (s.topics.add(topic) && topic.startsWith("orderbook.")) {
                sendSnapshot(s, topic);
            }
        }
        publishSubs();
    }

    private boolean valid(String topic) {
        String[] parts = topic.split("\\.");
        String symbol = parts[parts.length - 1];
        Instrument i = registry.byVenueCode(VENUE, symbol);
        if (i == null || faults.rejects(symbol) || !market.knows(i.symbol())) {
            return false;
        }
        if (parts.length == 3 && parts[0].equals("orderbook")) {
            try {
                return DEPTHS.contains(Integer.parseInt(parts[1]));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return parts.length == 2 && (parts[0].equals("publicTrade") || parts[0].equals("tickers"));
    }

    private void sendSnapshot(Session s, String topic) {
        String symbol = BybitFrames.symbolOf(topic);
        Instrument i = registry.byVenueCode(VENUE, symbol);
        Book b = book(symbol);
        if (b.bids.isEmpty()) {
            advance(i, b);
        }
        int depth = Integer.parseInt(topic.split("\\.")[1]);
        long now = System.currentTimeMillis();
        snapshots.incrementAndGet();
        s.socket().writeTextMessage(new OrderbookPush(topic, "snapshot", now, symbol, levels(b.bids, depth, i),
                levels(b.asks, depth, i), b.updateId, b.seq, now - 2).toJson());
    }

    private void pushAll() {
        Set<String> symbols = new LinkedHashSet<>();
        sessions.all().forEach(s -> s.topics.forEach(t -> symbols.add(BybitFrames.symbolOf(t))));
        for (String symbol : symbols) {
            Instrument i = registry.byVenueCode(VENUE, symbol);
            if (i == null || faults.rejects(symbol)) {
                continue;
            }
            Book b = book(symbol);
            Map<Long, Long> oldBids = new TreeMap<>(b.bids);
            Map<Long, Long> oldAsks = new TreeMap<>(b.asks);
            advance(i, b);
            long now = System.currentTimeMillis();
            boolean skip = faults.take(Fault.SKIP, symbol);
            for (int depth : DEPTHS) {
                String topic = BybitFrames.orderbookTopic(depth, symbol);
                List<Level> bidChanges = diff(oldBids, b.bids, depth, true, i);
                List<Level> askChanges = diff(oldAsks, b.asks, depth, false, i);
                String text = new OrderbookPush(topic, "delta", now, symbol, bidChanges, askChanges, b.updateId,
                        b.seq, now - 2).toJson();
                if (depth == 50) {
                    b.lastDelta = text;
                }
                if (!skip) {
                    sendTo(topic, text);
                }
            }
            SyntheticMarket.Print p = market.maybeTrade(i.symbol(), config.tradeProbability()).orElse(null);
            if (p != null) {
                String px = FixedPoint.format(p.price() - config.priceOffsetTicks() * i.tickSize(), i.priceScale());
                String topic = BybitFrames.tradeTopic(symbol);
                sendTo(topic, new TradePush(topic, now, List.of(new TradeData(now, symbol,
                        p.side() == Side.BUY ? "Buy" : "Sell", FixedPoint.format(p.size(), i.sizeScale()), px,
                        UUID.nameUUIDFromBytes((symbol + b.nextTradeId++).getBytes(StandardCharsets.UTF_8))
                                .toString()))).toJson());
                String ticker = BybitFrames.tickerTopic(symbol);
                sendTo(ticker, new TickerPush(ticker, now, symbol, px).toJson());
            }
        }
    }

    /** Moves the book one step: every depth's delta shares the same {@code u}. */
    private void advance(Instrument i, Book b) {
        SyntheticMarket.Book next = market.step(i.symbol(), SyntheticMarket.MAX_LEVELS);
        long offset = -config.priceOffsetTicks() * i.tickSize();
        b.bids.clear();
        b.asks.clear();
        for (BookLevel l : next.bids()) {
            b.bids.put(l.price() + offset, l.size());
        }
        for (BookLevel l : next.asks()) {
            b.asks.put(l.price() + offset, l.size());
        }
        b.updateId++;
        b.seq += 3;
        record(b, i);
    }

    private void record(Book b, Instrument i) {
        String symbol = i.codeOn(VENUE);
        Map<Long, List<List<long[]>>> past = history.computeIfAbsent(symbol, k -> new ConcurrentHashMap<>());
        past.put(b.updateId, List.of(pairs(b.bids), pairs(b.asks)));
        long keep = b.updateId;
        past.keySet().removeIf(u -> u < keep - 2_000 || u > keep);
    }

    private static List<long[]> pairs(TreeMap<Long, Long> side) {
        List<long[]> out = new ArrayList<>();
        side.forEach((p, q) -> out.add(new long[] {p, q}));
        return out;
    }

    /**
     * The simulator's book of {@code symbol} right after update {@code u}: two lists (bids, asks), best first, of
     * {@code {priceMantissa, sizeMantissa}}.
     */
    public Optional<List<List<long[]>>> bookAt(String symbol, long u) {
        Map<Long, List<List<long[]>>> past = history.get(symbol);
        return Optional.ofNullable(past == null ? null : past.get(u));
    }

    /** Changes within the best {@code depth} levels between two books, as Bybit sends them for that depth. */
    private static List<Level> diff(Map<Long, Long> before, TreeMap<Long, Long> after, int depth, boolean bids,
            Instrument i) {
        TreeMap<Long, Long> old =
                new TreeMap<>(bids ? Comparator.<Long>reverseOrder() : Comparator.<Long>naturalOrder());
        old.putAll(before);
        Map<Long, Long> oldTop = top(old, depth);
        Map<Long, Long> newTop = top(after, depth);
        List<Level> out = new ArrayList<>();
        Set<Long> prices = new TreeSet<>(oldTop.keySet());
        prices.addAll(newTop.keySet());
        for (Long price : prices) {
            Long was = oldTop.get(price);
            Long now = newTop.get(price);
            if (now == null) {
                out.add(new Level(FixedPoint.format(price, i.priceScale()), FixedPoint.format(0, i.sizeScale())));
            } else if (!now.equals(was)) {
                out.add(new Level(FixedPoint.format(price, i.priceScale()), FixedPoint.format(now, i.sizeScale())));
            }
        }
        return out;
    }

    private static Map<Long, Long> top(TreeMap<Long, Long> side, int depth) {
        Map<Long, Long> out = new HashMap<>();
        for (Map.Entry<Long, Long> e : side.entrySet()) {
            if (out.size() >= depth) {
                break;
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static List<Level> levels(TreeMap<Long, Long> side, int depth, Instrument i) {
        List<Level> out = new ArrayList<>();
        for (Map.Entry<Long, Long> e : side.entrySet()) {
            if (out.size() >= depth) {
                break;
            }
            out.add(new Level(FixedPoint.format(e.getKey(), i.priceScale()),
                    FixedPoint.format(e.getValue(), i.sizeScale())));
        }
        return out;
    }

    private void sendBookText(String symbol, String text) {
        sendTo(BybitFrames.orderbookTopic(50, symbol), text);
    }

    private void sendTo(String topic, String text) {
        for (Session s : sessions.all()) {
            if (s.writable() && s.topics.contains(topic)) {
                s.socket().writeTextMessage(text);
            }
        }
    }

    private void closeIdle() {
        long now = nowMs();
        sessions.forEachCopy(s -> {
            if (now - s.lastInboundMs >= config.idleTimeout().toMillis()) {
                LOG.info("simulator: closing idle session={}", s.id());
                s.socket().close((short) 1000, "idle timeout");
            }
        });
    }

    private void publishSubs() {
        Set<String> all = new TreeSet<>();
        sessions.all().forEach(s -> all.addAll(s.topics));
        subscriptions = Set.copyOf(all);
    }

    private static long nowMs() {
        return System.nanoTime() / 1_000_000L;
    }
}
