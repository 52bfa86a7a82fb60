package dev.tickplant.ingest.alltick;

import dev.tickplant.common.decimal.FixedPoint;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.ingest.alltick.AllTickFrameParser.Parsed;
import dev.tickplant.ingest.alltick.AllTickFrames.Cancel;
import dev.tickplant.ingest.alltick.AllTickFrames.DepthCode;
import dev.tickplant.ingest.alltick.AllTickFrames.DepthPush;
import dev.tickplant.ingest.alltick.AllTickFrames.Frame;
import dev.tickplant.ingest.alltick.AllTickFrames.Heartbeat;
import dev.tickplant.ingest.alltick.AllTickFrames.Level;
import dev.tickplant.ingest.alltick.AllTickFrames.Reply;
import dev.tickplant.ingest.alltick.AllTickFrames.SubscribeDepth;
import dev.tickplant.ingest.alltick.AllTickFrames.SubscribeTrades;
import dev.tickplant.ingest.alltick.AllTickFrames.TradePush;
import dev.tickplant.ingest.sim.FaultScript;
import dev.tickplant.ingest.sim.SimulatorServer;
import dev.tickplant.ingest.sim.SimulatorSession;
import dev.tickplant.ingest.sim.SyntheticMarket;
import dev.tickplant.ingest.sim.VenueSessions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ServerWebSocket;
import java.math.BigDecimal;
import java.time.Instant;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for AllTick's two WebSocket endpoints, speaking the venue's wire protocol: {@value
 * AllTickConfig#STOCK_PATH} serves US and HK stocks, {@value AllTickConfig#FX_CRYPTO_PATH} FX, metals and crypto.
 * Behaviour modelled on the venue's documentation:
 *
 * <ul>
 *   <li>{@code ?token=} must match; a wrong token gets a ret 401 reply and the connection is closed;
 *   <li>22000 heartbeats are answered with 22001; a connection without one for {@code heartbeatTimeout} is closed;
 *   <li>22002 (depth) and 22004 (trades) replace the connection's previous list of that kind; codes unknown to the
 *       registry, served on the other endpoint, or rejected by a test are refused with ret 600, naming them in
 *       {@code data.invalid_codes} (the valid rest of the list is applied);
 *   <li>subscription requests (22002/22004/22006, not heartbeats) closer than {@code minRequestInterval} on one
 *       connection get ret 429 and change nothing;
 *   <li>22006 cancels by {@code cancel_type} (0 all, 1 depth, 2 trades);
 *   <li>every subscribed code gets {@code updatesPerSecond} 22999 pushes per second (depth capped per asset class as
 *       AllTick documents: FX/metals 1 level, crypto 5, HK stocks 10; US stocks 1), plus 22998 trade pushes.
 * </ul>
 *
 * <p>Test hooks ({@link #dropAllConnections()}, {@link #silence(String)}, {@link #rejectCode(String)}) may be called
 * from any thread; they run on the verticle's context. The counters are readable from any thread.
 */
public final class AllTickSimulatorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(AllTickSimulatorVerticle.class);
    private static final String VENUE = "alltick";
    private static final Set<AssetClass> STOCK_CLASSES = EnumSet.of(AssetClass.US_STOCK, AssetClass.HK_STOCK);
    private static final Set<AssetClass> FX_CRYPTO_CLASSES =
            EnumSet.of(AssetClass.FX, AssetClass.METAL, AssetClass.CRYPTO);

    /** One client connection; confined to the event loop. */
    private static final class Session extends SimulatorSession {
        final Set<AssetClass> classes;
        final Map<String, Integer> depth = new LinkedHashMap<>();
        final Set<String> trades = new LinkedHashSet<>();
        final Set<String> silencedCodes = new HashSet<>();
        long lastHeartbeatMs;
        long lastRequestMs = Long.MIN_VALUE;

        Session(int id, ServerWebSocket ws, Set<AssetClass> classes, long nowMs) {
            super(id, ws);
            this.classes = classes;
            this.lastHeartbeatMs = nowMs;
        }
    }

    private final AllTickSimulatorConfig config;
    private final LongSupplier clockMillis;
    private final InstrumentRegistry registry;
    private final AllTickFrameParser parser = new AllTickFrameParser();
    private final SimulatorServer server = new SimulatorServer(VENUE, LOG);
    private final VenueSessions<Session> sessions = new VenueSessions<>();
    private final FaultScript faults = new FaultScript();
    private final Map<String, long[]> seqByCode = new HashMap<>();
    private SyntheticMarket market;
    private volatile int subscriptionRequests;
    private volatile int depthRequests;
    private volatile int rateLimited;
    private volatile List<String> lastDepthCodes = List.of();
    private volatile Map<Integer, List<String>> depthCodesByConnection = Map.of();

    /**
     * @param config where to listen and how to behave
     * @param registry the instruments (those listed on {@code alltick}) the simulator knows
     */
    public AllTickSimulatorVerticle(AllTickSimulatorConfig config, InstrumentRegistry registry) {
        this(config, registry, System::currentTimeMillis);
    }

    /** As above with an injected wall clock (epoch ms), which decides sessions when not {@code alwaysOpen}. */
    public AllTickSimulatorVerticle(AllTickSimulatorConfig config, InstrumentRegistry registry,
            LongSupplier clockMillis) {
        this.config = config;
        this.registry = registry;
        this.clockMillis = clockMillis;
    }

    @Override
    public Future<?> start() {
        List<Instrument> listed = registry.all().stream().filter(i -> i.listedOn(VENUE)).toList();
        market = new SyntheticMarket(listed, config.seed());
        server.every(SimulatorServer.periodMs(config.updatesPerSecond()), this::pushAll);
        server.every(Math.max(10, Math.min(1000, config.heartbeatTimeout().toMillis() / 4)),
                this::closeSilentSessions);
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

    /** Connections accepted so far (including ones refused for a bad token). */
    public int connectionsAccepted() {
        return sessions.accepted();
    }

    /** Connections currently open. */
    public int openConnections() {
        return sessions.open();
    }

    /** Subscription requests (22002, 22004, 22006) received so far, including refused ones. */
    public int subscriptionRequests() {
        return subscriptionRequests;
    }

    /** Depth subscription requests (22002) received so far. */
    public int depthRequests() {
        return depthRequests;
    }

    /** Subscription requests answered with ret 429 so far. */
    public int rateLimited() {
        return rateLimited;
    }

    /** The codes of the most recently applied depth list, on any connection, in request order. */
    public List<String> lastDepthCodes() {
        return lastDepthCodes;
    }

    /** Per open connection id, its current depth list. */
    public Map<Integer, List<String>> depthCodesByConnection() {
        return depthCodesByConnection;
    }

    /** Closes every client connection, as a venue restart would. */
    public Future<Void> dropAllConnections() {
        return server.onContext(() -> {
            LOG.info("simulator: dropping {} connection(s)", sessions.open());
            sessions.dropAll();
        });
    }

    /**
     * Stops pushing {@code code} on every current connection while it stays subscribed, until that connection
     * subscribes it again (a stuck upstream stream that a re-subscription heals).
     */
    public Future<Void> silence(String code) {
        return server.onContext(() -> sessions.all().forEach(s -> s.silencedCodes.add(code)));
    }

    /** From now on refuses {@code code} with ret 600 and stops pushing it. */
    public Future<Void> rejectCode(String code) {
        return server.onContext(() -> {
            faults.reject(code);
            for (Session s : sessions.all()) {
                s.depth.remove(code);
                s.trades.remove(code);
            }
            publishDepthLists();
        });
    }

    private void onConnect(ServerWebSocket ws) {
        String path = ws.path();
        Set<AssetClass> classes;
        if (AllTickConfig.STOCK_PATH.equals(path)) {
            classes = STOCK_CLASSES;
        } else if (AllTickConfig.FX_CRYPTO_PATH.equals(path)) {
            classes = FX_CRYPTO_CLASSES;
        } else {
            ws.close((short) 1008, "unknown path");
            return;
        }
        if (!config.token().equals(token(ws.query()))) {
            sessions.countRefused();
            ws.writeTextMessage(new Reply(AllTickFrames.RET_TOKEN_INVALID, "token invalid", 0, 0, "", List.of())
                    .toJson()).eventually(() -> ws.close((short) 1008, "token invalid"));
            return;
        }
        Session session = new Session(sessions.nextId(), ws, classes, nowMs());
        sessions.add(session);
        ws.textMessageHandler(text -> onText(session, text));
        ws.exceptionHandler(err -> LOG.debug("simulator session={} error", session.id(), err));
        ws.closeHandler(v -> {
            sessions.remove(session);
            publishDepthLists();
        });
    }

    private static String token(String query) {
        if (query == null) {
            return null;
        }
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals("token")) {
                return URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void onText(Session s, String text) {
        Parsed parsed = parser.parse(text);
        if (parsed instanceof Parsed.Rejected) {
            send(s, new Reply(AllTickFrames.RET_BAD_REQUEST, "request header param invalid", 0, 0, "", List.of()));
            return;
        }
        Frame frame = ((Parsed.Ok) parsed).frame();
        if (frame instanceof Heartbeat) {
            Heartbeat hb = (Heartbeat) frame;
            s.lastHeartbeatMs = nowMs();
            send(s, ok(AllTickFrames.CMD_HEARTBEAT_REPLY, hb.seqId(), hb.trace()));
            return;
        }
        long seqId;
        String trace;
        int replyCmd;
        if (frame instanceof SubscribeDepth) {
            seqId = ((SubscribeDepth) frame).seqId();
            trace = ((SubscribeDepth) frame).trace();
            replyCmd = AllTickFrames.CMD_SUBSCRIBE_DEPTH_REPLY;
            depthRequests++;
        } else if (frame instanceof SubscribeTrades) {
            seqId = ((SubscribeTrades) frame).seqId();
            trace = ((SubscribeTrades) frame).trace();
            replyCmd = AllTickFrames.CMD_SUBSCRIBE_TRADES_REPLY;
        } else if (frame instanceof Cancel) {
            seqId = ((Cancel) frame).seqId();
            trace = ((Cancel) frame).trace();
            replyCmd = AllTickFrames.CMD_CANCEL_REPLY;
        } else {
            send(s, new Reply(AllTickFrames.RET_BAD_REQUEST, "request header param invalid", 0, 0, "", List.of()));
            return;
        }
        subscriptionRequests++;
        long now = nowMs();
        if (s.lastRequestMs != Long.MIN_VALUE && now - s.lastRequestMs < config.minRequestInterval().toMillis()) {
            rateLimited++;
            send(s, new Reply(AllTickFrames.RET_RATE_LIMIT, "rate limit", replyCmd, seqId, trace, List.of()));
            return;
        }
        s.lastRequestMs = now;
        if (frame instanceof Cancel) {
            onCancel(s, (Cancel) frame);
        } else if (frame instanceof SubscribeDepth) {
            onSubscribeDepth(s, (SubscribeDepth) frame);
        } else {
            onSubscribeTrades(s, (SubscribeTrades) frame);
        }
    }

    private void onSubscribeDepth(Session s, SubscribeDepth req) {
        if (req.symbols().isEmpty()) {
            send(s, new Reply(AllTickFrames.RET_BAD_REQUEST, "request data param invalid",
                    AllTickFrames.CMD_SUBSCRIBE_DEPTH_REPLY, req.seqId(), req.trace(), List.of()));
            return;
        }
        List<String> invalid = new ArrayList<>();
        Map<String, Integer> next = new LinkedHashMap<>();
        for (DepthCode dc : req.symbols()) {
            Instrument i = servable(s, dc.code());
            if (i == null) {
                invalid.add(dc.code());
            } else {
                int wanted = dc.depthLevel() <= 0 ? 1 : dc.depthLevel();
                next.put(dc.code(), Math.min(wanted, maxDepth(i.assetClass())));
            }
        }
        s.depth.clear();
        s.depth.putAll(next);
        s.silencedCodes.removeAll(next.keySet());
        lastDepthCodes = List.copyOf(next.keySet());
        publishDepthLists();
        send(s, result(AllTickFrames.CMD_SUBSCRIBE_DEPTH_REPLY, req.seqId(), req.trace(), invalid));
    }

    private void onSubscribeTrades(Session s, SubscribeTrades req) {
        if (req.codes().isEmpty()) {
            send(s, new Reply(AllTickFrames.RET_BAD_REQUEST, "request data param invalid",
                    AllTickFrames.CMD_SUBSCRIBE_TRADES_REPLY, req.seqId(), req.trace(), List.of()));
            return;
        }
        List<String> invalid = new ArrayList<>();
        Set<String> next = new LinkedHashSet<>();
        for (String code : req.codes()) {
            if (servable(s, code) == null) {
                invalid.add(code);
            } else {
                next.add(code);
            }
        }
        s.trades.clear();
        s.trades.addAll(next);
        s.silencedCodes.removeAll(next);
        send(s, result(AllTickFrames.CMD_SUBSCRIBE_TRADES_REPLY, req.seqId(), req.trace(), invalid));
    }

    private void onCancel(Session s, Cancel req) {
        switch (req.cancelType()) {
            case AllTickFrames.CANCEL_ALL:
                s.depth.clear();
                s.trades.clear();
                break;
            case AllTickFrames.CANCEL_DEPTH:
                s.depth.clear();
                break;
            case AllTickFrames.CANCEL_TRADES:
                s.trades.clear();
                break;
            case 3:
                break;
            default:
                send(s, new Reply(AllTickFrames.RET_BAD_REQUEST, "request data param invalid",
                        AllTickFrames.CMD_CANCEL_REPLY, req.seqId(), req.trace(), List.of()));
                return;
        }
        publishDepthLists();
        send(s, ok(AllTickFrames.CMD_CANCEL_REPLY, req.seqId(), req.trace()));
    }

    private Instrument servable(Session s, String code) {
        Instrument i = registry.byVenueCode(VENUE, code);
        if (i == null || !s.classes.contains(i.assetClass()) || faults.rejects(code)) {
            return null;
        }
        return i;
    }

    /** Depth AllTick documents per asset class; US stocks are not listed there and get one level. */
    private static int maxDepth(AssetClass c) {
        switch (c) {
            case CRYPTO:
                return 5;
            case HK_STOCK:
                return 10;
            default:
                return 1;
        }
    }

    private void pushAll() {
        if (sessions.all().isEmpty()) {
            return;
        }
        Set<String> codes = new LinkedHashSet<>();
        for (Session s : sessions.all()) {
            codes.addAll(s.depth.keySet());
            codes.addAll(s.trades);
        }
        long tickTime = clockMillis.getAsLong();
        Instant now = Instant.ofEpochMilli(tickTime);
        for (String code : codes) {
            Instrument i = registry.byVenueCode(VENUE, code);
            if (i == null || !market.knows(i.symbol())) {
                continue;
            }
            if (!config.alwaysOpen() && !i.calendar().isOpen(now)) {
                continue; // following the session calendar: a closed market sends nothing
            }
            SyntheticMarket.Book book = market.step(i.symbol(), SyntheticMarket.MAX_LEVELS);
            SyntheticMarket.Print print = market.maybeTrade(i.symbol(), config.tradeProbability()).orElse(null);
            long[] seq = seqByCode.computeIfAbsent(code, c -> new long[1]);
            // AllTick's seq is time-based ("1605509068000001"), so it keeps rising across restarts and failovers.
            seq[0] = Math.max(seq[0] + 1, System.currentTimeMillis() * 1_000);
            String depthSeq = Long.toString(seq[0]);
            String tradeSeq = print == null ? null : Long.toString(++seq[0]);
            for (Session s : sessions.all()) {
                if (s.silencedCodes.contains(code) || !s.writable()) {
                    continue;
                }
                Integer levels = s.depth.get(code);
                if (levels != null) {
                    s.socket().writeTextMessage(depthPush(code, depthSeq, tickTime, book, levels, i).toJson());
                }
                if (print != null && s.trades.contains(code)) {
                    s.socket().writeTextMessage(tradePush(code, tradeSeq, tickTime, print, i).toJson());
                }
            }
        }
    }

    private static DepthPush depthPush(String code, String seq, long tickTime, SyntheticMarket.Book book, int levels,
            Instrument i) {
        return new DepthPush(code, seq, tickTime, levels(book.bids(), levels, i), levels(book.asks(), levels, i));
    }

    private static List<Level> levels(List<BookLevel> side, int levels, Instrument i) {
        List<Level> out = new ArrayList<>(levels);
        for (int n = 0; n < Math.min(levels, side.size()); n++) {
            BookLevel l = side.get(n);
            out.add(new Level(FixedPoint.format(l.price(), i.priceScale()),
                    FixedPoint.format(l.size(), i.sizeScale())));
        }
        return out;
    }

    private static TradePush tradePush(String code, String seq, long tickTime, SyntheticMarket.Print p,
            Instrument i) {
        BigDecimal price = BigDecimal.valueOf(p.price(), i.priceScale());
        BigDecimal size = BigDecimal.valueOf(p.size(), i.sizeScale());
        return new TradePush(code, seq, tickTime, price.toPlainString(), size.toPlainString(),
                price.multiply(size).toPlainString(), p.side() == Side.BUY ? 1 : 2);
    }

    private void closeSilentSessions() {
        long now = nowMs();
        long timeout = config.heartbeatTimeout().toMillis();
        sessions.forEachCopy(s -> {
            if (now - s.lastHeartbeatMs > timeout) {
                LOG.info("simulator: closing session={} without heartbeat for {} ms", s.id(), now - s.lastHeartbeatMs);
                s.socket().close((short) 1000, "heartbeat timeout");
            }
        });
    }

    private void publishDepthLists() {
        Map<Integer, List<String>> lists = new TreeMap<>();
        for (Session s : sessions.all()) {
            lists.put(s.id(), List.copyOf(s.depth.keySet()));
        }
        depthCodesByConnection = Map.copyOf(lists);
    }

    private static void send(Session s, Reply reply) {
        s.socket().writeTextMessage(reply.toJson());
    }

    private static Reply ok(int cmd, long seqId, String trace) {
        return new Reply(AllTickFrames.RET_OK, "ok", cmd, seqId, trace, List.of());
    }

    private static Reply result(int cmd, long seqId, String trace, List<String> invalid) {
        return invalid.isEmpty()
                ? ok(cmd, seqId, trace)
                : new Reply(AllTickFrames.RET_CODE_INVALID, "code invalid", cmd, seqId, trace, invalid);
    }

    private static long nowMs() {
        return System.nanoTime() / 1_000_000L;
    }
}
