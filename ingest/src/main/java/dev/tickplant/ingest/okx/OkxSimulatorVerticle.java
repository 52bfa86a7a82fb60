package dev.tickplant.ingest.okx;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.ingest.okx.OkxFrameParser.Parsed;
import dev.tickplant.ingest.okx.OkxFrames.Arg;
import dev.tickplant.ingest.okx.OkxFrames.BookData;
import dev.tickplant.ingest.okx.OkxFrames.BookPush;
import dev.tickplant.ingest.okx.OkxFrames.Event;
import dev.tickplant.ingest.okx.OkxFrames.Level;
import dev.tickplant.ingest.okx.OkxFrames.Request;
import dev.tickplant.ingest.okx.OkxFrames.TickerData;
import dev.tickplant.ingest.okx.OkxFrames.TickersPush;
import dev.tickplant.ingest.okx.OkxFrames.TradeData;
import dev.tickplant.ingest.okx.OkxFrames.TradesPush;
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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for OKX's v5 public WebSocket ({@code /ws/v5/public}), speaking its wire protocol:
 *
 * <ul>
 *   <li>{@code {"id":…,"op":"subscribe"|"unsubscribe","args":[{"channel":…,"instId":…}]}} answered per argument with
 *       {@code {"id":…,"event":"subscribe","arg":{…},"connId":…}}; an unknown or rejected instrument or channel fails
 *       the request with {@code {"id":…,"event":"error","code":"60018","msg":"Wrong URL or channel:…,instId:… doesn't
 *       exist…"}}; more than {@code maxRequestsPerSecond} requests within a second get {@code 60014};
 *   <li>channels {@code bbo-tbt}, {@code tickers}, {@code trades}, {@code books} and {@code books-l2-tbt}: a book
 *       subscription starts with {@code "action":"snapshot"} ({@code prevSeqId} -1), then {@code "update"} messages
 *       whose {@code prevSeqId} is the previous {@code seqId}, each with the CRC32 checksum of the resulting book;
 *   <li>{@code tickers} carry the last trade's price in {@code last} ({@code ""} before the first trade);
 *       {@code oneSidedQuotes} sends quotes without a bid, {@code seqlessBooks} books without sequence ids;
 *   <li>the text {@code ping} is answered with {@code pong}.
 * </ul>
 *
 * <p>Test hooks return futures and may be called from any thread; they run on the verticle's context. Counters are
 * readable from any thread.
 */
public final class OkxSimulatorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(OkxSimulatorVerticle.class);
    private static final String VENUE = OkxMapper.VENUE;
    private static final Set<String> CHANNELS = Set.of("bbo-tbt", "tickers", "trades", "books", "books-l2-tbt");

    private static final class Session extends SimulatorSession {
        final String connId;
        final Set<Arg> subs = new LinkedHashSet<>();
        final RequestWindow requestWindow = new RequestWindow();

        Session(int id, ServerWebSocket ws) {
            super(id, ws);
            this.connId = String.format("%08x", id * 2654435761L & 0xffffffffL);
        }
    }

    private static final class Inst {
        final OkxBook book = new OkxBook();
        long seqId = 10_000;
        long nextTradeId = 130_000_000;
        /** The last trade's price, or null before the first trade (OKX then sends {@code "last":""}). */
        String lastPx;
        String lastUpdate;
    }

    private final OkxSimulatorConfig config;
    private final InstrumentRegistry registry;
    private final OkxFrameParser parser = new OkxFrameParser();
    private final SimulatorServer server = new SimulatorServer(VENUE, LOG);
    private final VenueSessions<Session> sessions = new VenueSessions<>();
    private final Map<String, Inst> insts = new HashMap<>();
    private final FaultScript faults = new FaultScript();
    private SyntheticMarket market;

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger tooFrequent = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger bookSnapshots = new AtomicInteger();
    private volatile Set<String> subscriptions = Set.of();

    /**
     * @param config where to listen and how to behave
     * @param registry the instruments (those listed on {@code okx}) the simulator knows
     */
    public OkxSimulatorVerticle(OkxSimulatorConfig config, InstrumentRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        market = new SyntheticMarket(registry.all().stream().filter(i -> i.listedOn(VENUE)).toList(), config.seed());
        server.every(SimulatorServer.periodMs(config.updatesPerSecond()), this::pushAll);
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

    /** Requests refused with 60014 (too frequent). */
    public int tooFrequent() {
        return tooFrequent.get();
    }

    /** {@code ping} texts answered so far. */
    public int pings() {
        return pings.get();
    }

    /** Book snapshots sent so far. */
    public int bookSnapshots() {
        return bookSnapshots.get();
    }

    /** Subscriptions over all open connections as {@code channel:instId}. */
    public Set<String> subscriptions() {
        return subscriptions;
    }

    /** Closes every connection. */
    public Future<Void> dropAllConnections() {
        return server.onContext(sessions::dropAll);
    }

    /** Current connections stop sending anything, {@code pong} included, while staying open. */
    public Future<Void> goSilent() {
        return server.onContext(sessions::silenceAll);
    }

    /** Sends the last book update of {@code instId} again. */
    public Future<Void> sendDuplicate(String instId) {
        return server.onContext(() -> {
            Inst inst = insts.get(instId);
            if (inst != null && inst.lastUpdate != null) {
                sendTo(instId, Set.of("books", "books-l2-tbt"), inst.lastUpdate);
            }
        });
    }

    /** The next book update of {@code instId} is not sent: subscribers see a {@code prevSeqId} gap. */
    public Future<Void> skipSequence(String instId) {
        return server.onContext(() -> faults.arm(Fault.SKIP, instId));
    }

    /** The next book update of {@code instId} carries a wrong checksum. */
    public Future<Void> corruptChecksum(String instId) {
        return server.onContext(() -> faults.arm(Fault.CORRUPT_CHECKSUM, instId));
    }

    /** From now on refuses {@code instId} (error 60018) and stops sending it. */
    public Future<Void> rejectSymbol(String instId) {
        return server.onContext(() -> {
            faults.reject(instId);
            sessions.all().forEach(s -> s.subs.removeIf(a -> instId.equals(a.instId())));
            publishSubs();
        });
    }

    private Inst inst(String instId) {
        return insts.computeIfAbsent(instId, k -> new Inst());
    }

    private void onConnect(ServerWebSocket ws) {
        if (!"/ws/v5/public".equals(ws.path())) {
            ws.close((short) 1008, "unknown path");
            return;
        }
        Session s = new Session(sessions.nextId(), ws);
        sessions.add(s);
        ws.textMessageHandler(text -> onText(s, text));
        ws.exceptionHandler(err -> LOG.debug("simulator session={} error", s.id(), err));
        ws.closeHandler(v -> {
            sessions.remove(s);
            publishSubs();
        });
    }

    private void onText(Session s, String text) {
        if (s.silenced()) {
            return;
        }
        Parsed parsed = parser.parse(text);
        if (parsed instanceof Parsed.Ok && ((Parsed.Ok) parsed).frame() instanceof OkxFrames.Ping) {
            pings.incrementAndGet();
            s.socket().writeTextMessage(OkxFrames.PONG);
            return;
        }
        if (!(parsed instanceof Parsed.Ok) || !(((Parsed.Ok) parsed).frame() instanceof Request)) {
            s.socket().writeTextMessage(new Event(null, "error", null, OkxFrames.CODE_INVALID_REQUEST,
                    "Invalid request: " + text, s.connId).toJson());
            return;
        }
        Request req = (Request) ((Parsed.Ok) parsed).frame();
        requests.incrementAndGet();
        long now = System.nanoTime() / 1_000_000L;
        if (s.requestWindow.record(now) > config.maxRequestsPerSecond()) {
            tooFrequent.incrementAndGet();
            s.socket().writeTextMessage(new Event(req.id(), "error", null, OkxFrames.CODE_TOO_FREQUENT,
                    "Requests too frequent.", s.connId).toJson());
            return;
        }
        if ("unsubscribe".equals(req.op())) {
            for (Arg a : req.args()) {
                s.subs.remove(a);
                s.socket().writeTextMessage(new Event(req.id(), "unsubscribe", a, null, null, s.connId).toJson());
            }
            publishSubs();
            return;
        }
        if (!"subscribe".equals(req.op()) || req.args().isEmpty()) {
            s.socket().writeTextMessage(new Event(req.id(), "error", null, OkxFrames.CODE_INVALID_REQUEST,
                    "Invalid request: " + text, s.connId).toJson());
            return;
        }
        for (Arg a : req.args()) {
            Instrument i = a.instId() == null ? null : registry.byVenueCode(VENUE, a.instId());
            if (!CHANNELS.contains(a.channel()) || i == null || faults.rejects(a.instId())
                    || !market.knows(i.symbol())) {
                s.socket().writeTextMessage(new Event(req.id(), "error", null, OkxFrames.CODE_NOT_EXIST,
                        "Wrong URL or channel:" + a.channel() + ",instId:" + a.instId()
                                + " doesn't exist. Please use the correct URL, channel and parameters referring to "
                                + "API document.", s.connId).toJson());
                return;
            }
        }
        for (Arg a : req.args()) {
            s.subs.add(a);
            s.socket().writeTextMessage(new Event(req.id(), "subscribe", a, null, null, s.connId).toJson());
            if (a.channel().startsWith("books")) {
                sendSnapshot(s, a);
            }
        }
        publishSubs();
    }

    private void sendSnapshot(Session s, Arg a) {
        Inst inst = inst(a.instId());
        if (inst.book.bids().isEmpty()) {
            advance(a.instId(), registry.byVenueCode(VENUE, a.instId()), inst);
        }
        List<Level> bids = inst.book.bids();
        List<Level> asks = inst.book.asks();
        bookSnapshots.incrementAndGet();
        s.socket().writeTextMessage(new BookPush(a, "snapshot", List.of(new BookData(asks, bids,
                System.currentTimeMillis(), config.zeroChecksums() ? 0 : OkxBook.checksum(bids, asks), -1,
                config.seqlessBooks() ? BookData.NO_SEQ : inst.seqId))).toJson());
    }

    private void pushAll() {
        Set<String> instIds = new LinkedHashSet<>();
        sessions.all().forEach(s -> s.subs.forEach(a -> instIds.add(a.instId())));
        for (String instId : instIds) {
            Instrument i = registry.byVenueCode(VENUE, instId);
            if (i == null || faults.rejects(instId)) {
                continue;
            }
            Inst inst = inst(instId);
            long prev = inst.seqId;
            BookData update = advance(instId, i, inst);
            long now = System.currentTimeMillis();
            if (update != null) {
                if (!faults.take(Fault.SKIP, instId)) {
                    long checksum = config.zeroChecksums() ? 0 : update.checksum();
                    if (faults.take(Fault.CORRUPT_CHECKSUM, instId)) {
                        checksum = checksum ^ 0x5a5a;
                    }
                    BookData sent = config.seqlessBooks()
                            ? new BookData(update.asks(), update.bids(), now, checksum, BookData.NO_SEQ,
                                    BookData.NO_SEQ)
                            : new BookData(update.asks(), update.bids(), now, checksum, prev, update.seqId());
                    for (String channel : List.of("books", "books-l2-tbt")) {
                        String text = new BookPush(new Arg(channel, instId), "update", List.of(sent)).toJson();
                        sendTo(instId, Set.of(channel), text);
                        if (channel.equals("books")) {
                            inst.lastUpdate = text;
                        }
                    }
                }
            }
            Level bid = inst.book.bids().get(0);
            Level ask = inst.book.asks().get(0);
            boolean noBid = config.oneSidedQuotes();
            sendTo(instId, Set.of("bbo-tbt"), new BookPush(new Arg("bbo-tbt", instId), null, List.of(new BookData(
                    List.of(ask), noBid ? List.of() : List.of(bid), now, Long.MIN_VALUE, -1, inst.seqId))).toJson());
            SyntheticMarket.Print p = market.maybeTrade(i.symbol(), config.tradeProbability()).orElse(null);
            if (p != null) {
                String px = text(p.price() + config.priceOffsetTicks() * i.tickSize(), i.priceScale());
                inst.lastPx = px;
                sendTo(instId, Set.of("trades"), new TradesPush(new Arg("trades", instId), List.of(new TradeData(
                        instId, Long.toString(inst.nextTradeId++), px, text(p.size(), i.sizeScale()),
                        p.side() == Side.BUY ? "buy" : "sell", now))).toJson());
            }
            sendTo(instId, Set.of("tickers"), new TickersPush(new Arg("tickers", instId), List.of(new TickerData(
                    instId, inst.lastPx, inst.lastPx == null ? null : "0.01", ask.price(), ask.size(),
                    noBid ? null : bid.price(), noBid ? null : bid.size(), now))).toJson());
        }
    }

    /** Steps the market; returns the changed levels as an update (seqId advanced, checksum of the new book). */
    private BookData advance(String instId, Instrument i, Inst inst) {
        SyntheticMarket.Book next = market.step(i.symbol(), SyntheticMarket.MAX_LEVELS);
        long offset = config.priceOffsetTicks() * i.tickSize();
        List<Level> bidChanges = diff(inst.book.bids(), next.bids(), offset, i);
        List<Level> askChanges = diff(inst.book.asks(), next.asks(), offset, i);
        if (bidChanges.isEmpty() && askChanges.isEmpty()) {
            return null;
        }
        inst.book.update(bidChanges, askChanges);
        inst.seqId += 1 + (bidChanges.size() + askChanges.size()) % 3;
        return new BookData(askChanges, bidChanges, System.currentTimeMillis(), inst.book.checksum(), -1,
                inst.seqId);
    }

    private static List<Level> diff(List<Level> current, List<BookLevel> next, long offset, Instrument i) {
        Map<BigDecimal, String> wanted = new TreeMap<>();
        for (BookLevel l : next) {
            wanted.put(new BigDecimal(text(l.price() + offset, i.priceScale())), text(l.size(), i.sizeScale()));
        }
        List<Level> out = new ArrayList<>();
        Set<BigDecimal> seen = new TreeSet<>();
        for (Level l : current) {
            BigDecimal price = new BigDecimal(l.price());
            seen.add(price);
            String size = wanted.get(price);
            if (size == null) {
                out.add(new Level(l.price(), "0", "0", "0"));
            } else if (!size.equals(l.size())) {
                out.add(new Level(l.price(), size, "0", "1"));
            }
        }
        for (Map.Entry<BigDecimal, String> e : wanted.entrySet()) {
            if (!seen.contains(e.getKey())) {
                out.add(new Level(e.getKey().toPlainString(), e.getValue(), "0", "1"));
            }
        }
        return out;
    }

    /** OKX prints decimals without trailing zeros ({@code "42219.9"}, {@code "0.1206"}). */
    private static String text(long mantissa, int scale) {
        BigDecimal d = BigDecimal.valueOf(mantissa, scale).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    private void sendTo(String instId, Set<String> channels, String text) {
        for (Session s : sessions.all()) {
            if (!s.writable()) {
                continue;
            }
            for (String channel : channels) {
                if (s.subs.contains(new Arg(channel, instId))) {
                    s.socket().writeTextMessage(text);
                    break;
                }
            }
        }
    }

    private void publishSubs() {
        Set<String> all = new TreeSet<>();
        sessions.all().forEach(s -> s.subs.forEach(a -> all.add(a.channel() + ":" + a.instId())));
        subscriptions = Set.copyOf(all);
    }
}
