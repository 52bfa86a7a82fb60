package dev.tickplant.ingest.htx;

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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for HTX's spot market WebSocket ({@code /ws}), speaking its wire protocol: every frame it sends
 * is gzipped JSON in a binary frame; {@code {"ping":n}} every {@code pingInterval}, and a connection that leaves
 * {@code maxMissedPings} in a row without {@code {"pong":n}} is closed; {@code {"sub":topic,"id":..}} and
 * {@code {"unsub":..}} answered with {@code status ok} ({@code subbed}/{@code unsubbed}) or {@code status error}
 * ({@code err-code}, {@code err-msg}); topics {@code market.$symbol.bbo} (with {@code seqId}),
 * {@code market.$symbol.trade.detail} (ids beyond a long) and {@code market.$symbol.depth.step0} (full snapshots
 * with a {@code version}, the first right after {@code sub}). Decimals are JSON numbers without trailing zeros,
 * prices from a {@link SyntheticMarket} lowered by {@code priceOffsetTicks}.
 *
 * <p>Test hooks may be called from any thread: {@link #dropAllConnections()}, {@link #goSilent()},
 * {@link #duplicateNext(String)}, {@link #skipSequence(String)}, {@link #rejectSymbol(String)}. HTX's feed has no
 * checksum, so there is no checksum fault. Counters are readable from any thread.
 */
public final class HtxSimulatorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HtxSimulatorVerticle.class);
    private static final String VENUE = HtxMapper.VENUE;

    /** One client connection; confined to the event loop. */
    private static final class Session extends SimulatorSession {
        final Set<String> topics = new TreeSet<>();
        final RequestWindow requestWindow = new RequestWindow();
        int unansweredPings;

        Session(int id, ServerWebSocket ws) {
            super(id, ws);
        }
    }

    private final HtxSimulatorConfig config;
    private final InstrumentRegistry registry;
    private final SimulatorServer server = new SimulatorServer(VENUE, LOG);
    private final VenueSessions<Session> sessions = new VenueSessions<>();
    private final FaultScript faults = new FaultScript();
    private final Map<String, Instrument> byCode = new HashMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    private SyntheticMarket market;
    private long nextTradeId = 102_523_573_486L;
    private long nextTickId = 137_005_445_109L;

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger pongs = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger closedForMissedPings = new AtomicInteger();
    private final CountsByCode depthSubscribes = new CountsByCode();
    private volatile Set<String> subscribedTopics = Set.of();

    /**
     * @param config where to listen and how to behave
     * @param registry the instruments; those listed on {@code htx} can be subscribed by their HTX symbol
     */
    public HtxSimulatorVerticle(HtxSimulatorConfig config, InstrumentRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        List<Instrument> listed = registry.all().stream().filter(i -> i.listedOn(VENUE)).toList();
        listed.forEach(i -> byCode.put(i.codeOn(VENUE), i));
        market = new SyntheticMarket(listed, config.seed());
        server.every(SimulatorServer.periodMs(config.updatesPerSecond()), this::pushAll);
        server.every(config.pingInterval().toMillis(), this::pings);
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

    /** Client messages received so far (sub, unsub, pong, anything). */
    public int requests() {
        return requests.get();
    }

    /** Pongs received that answered the last ping. */
    public int pongs() {
        return pongs.get();
    }

    /** Requests refused for exceeding {@code maxRequestsPerSecond}. */
    public int rateLimited() {
        return rateLimited.get();
    }

    /** Connections closed for unanswered pings. */
    public int closedForMissedPings() {
        return closedForMissedPings.get();
    }

    /** How often {@code market.<code>.depth.step0} was subscribed (accepted requests only). */
    public int depthSubscribes(String code) {
        return depthSubscribes.get(code);
    }

    /** Topics subscribed on any open connection. */
    public Set<String> subscribedTopics() {
        return subscribedTopics;
    }

    /** Closes every client connection, as a venue restart would. */
    public Future<Void> dropAllConnections() {
        return server.onContext(sessions::dropAll);
    }

    /** Current connections stop sending anything at all, pings included; new connections behave normally. */
    public Future<Void> goSilent() {
        return server.onContext(sessions::silenceAll);
    }

    /** The next depth, bbo and trade push of {@code code} are each sent twice. */
    public Future<Void> duplicateNext(String code) {
        return server.onContext(() -> faults.arm(Fault.DUPLICATE, code));
    }

    /** The next depth {@code version} and bbo {@code seqId} of {@code code} skip a number. */
    public Future<Void> skipSequence(String code) {
        return server.onContext(() -> faults.arm(Fault.SKIP, code));
    }

    /** From now on subscriptions to topics of {@code code} are refused. */
    public Future<Void> rejectSymbol(String code) {
        return server.onContext(() -> faults.reject(code));
    }

    private void onConnect(ServerWebSocket ws) {
        Session session = new Session(sessions.nextId(), ws);
        sessions.add(session);
        ws.textMessageHandler(text -> onText(session, text));
        ws.binaryMessageHandler(data -> {
            try {
                onText(session, HtxFrameParser.gunzip(data.getBytes()));
            } catch (IOException e) {
                onText(session, data.toString());
            }
        });
        ws.exceptionHandler(err -> LOG.debug("htx simulator session={} error", session.id(), err));
        ws.closeHandler(v -> {
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
            send(s, error(null, "bad-request", "invalid json"));
            return;
        }
        if (req.containsKey("pong")) {
            s.unansweredPings = 0;
            pongs.incrementAndGet();
            return;
        }
        String id = req.getValue("id") == null ? null : String.valueOf(req.getValue("id"));
        if (overRate(s)) {
            rateLimited.incrementAndGet();
            send(s, error(id, "too-many-request", "exceeded the limit of requests per second"));
            return;
        }
        if (req.containsKey("sub")) {
            String topic = req.getString("sub", "");
            String code = HtxFrames.symbolOf(topic);
            if (code == null || !byCode.containsKey(code) || faults.rejects(code) || !validTopic(topic, code)) {
                send(s, error(id, "bad-request", "invalid topic " + topic));
                return;
            }
            s.topics.add(topic);
            send(s, reply(id).put("subbed", topic).encode());
            if (topic.equals(HtxFrames.depthTopic(code))) {
                depthSubscribes.increment(code);
                Instrument i = byCode.get(code);
                send(s, depthMessage(i, code, market.current(i.symbol(), SyntheticMarket.MAX_LEVELS),
                        versions.getOrDefault(code, 1000L), System.currentTimeMillis()));
            }
        } else if (req.containsKey("unsub")) {
            String topic = req.getString("unsub", "");
            if (!s.topics.remove(topic)) {
                send(s, error(id, "bad-request", "topic not subscribed " + topic));
                return;
            }
            send(s, reply(id).put("unsubbed", topic).encode());
        } else {
            send(s, error(id, "bad-request", "unsupported request"));
        }
        publishSubscriptions();
    }

    private static boolean validTopic(String topic, String code) {
        return topic.equals(HtxFrames.bboTopic(code)) || topic.equals(HtxFrames.tradeTopic(code))
                || topic.equals(HtxFrames.depthTopic(code));
    }

    private boolean overRate(Session s) {
        return s.requestWindow.record(System.nanoTime() / 1_000_000L) > config.maxRequestsPerSecond();
    }

    private static JsonObject reply(String id) {
        JsonObject o = new JsonObject();
        if (id != null) {
            o.put("id", id);
        }
        return o.put("status", "ok").put("ts", System.currentTimeMillis());
    }

    private static String error(String id, String code, String message) {
        JsonObject o = new JsonObject();
        if (id != null) {
            o.put("id", id);
        }
        return o.put("status", "error").put("err-code", code).put("err-msg", message)
                .put("ts", System.currentTimeMillis()).encode();
    }

    private void pings() {
        long now = System.currentTimeMillis();
        sessions.forEachCopy(s -> {
            if (s.unansweredPings >= config.maxMissedPings()) {
                closedForMissedPings.incrementAndGet();
                s.socket().close((short) 1001, "no pong for " + s.unansweredPings + " pings");
                return;
            }
            if (!s.silenced()) {
                s.unansweredPings++;
            }
            send(s, "{\"ping\":" + now + "}");
        });
    }

    private void pushAll() {
        Set<String> codes = new TreeSet<>();
        for (Session s : sessions.all()) {
            s.topics.forEach(t -> codes.add(HtxFrames.symbolOf(t)));
        }
        for (String code : codes) {
            Instrument i = byCode.get(code);
            SyntheticMarket.Book book = market.step(i.symbol(), SyntheticMarket.MAX_LEVELS);
            Optional<SyntheticMarket.Print> print = market.maybeTrade(i.symbol(), config.tradeProbability());
            long step = faults.take(Fault.SKIP, code) ? 2 : 1;
            long version = versions.getOrDefault(code, 1000L) + step;
            versions.put(code, version);
            boolean twice = faults.take(Fault.DUPLICATE, code);
            long now = System.currentTimeMillis();
            String depth = depthMessage(i, code, book, version, now);
            String bbo = bboMessage(i, code, book, version, now);
            String trade = print.isPresent() ? tradeMessage(i, code, print.get(), now) : null;
            for (Session s : sessions.all()) {
                if (s.topics.contains(HtxFrames.depthTopic(code))) {
                    sendTimes(s, depth, twice);
                }
                if (s.topics.contains(HtxFrames.bboTopic(code))) {
                    sendTimes(s, bbo, twice);
                }
                if (trade != null && s.topics.contains(HtxFrames.tradeTopic(code))) {
                    sendTimes(s, trade, twice);
                }
            }
        }
    }

    private String depthMessage(Instrument i, String code, SyntheticMarket.Book book, long version, long now) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("{\"ch\":\"").append(HtxFrames.depthTopic(code)).append("\",\"ts\":").append(now)
                .append(",\"tick\":{\"bids\":");
        appendLevels(sb, i, book.bids());
        sb.append(",\"asks\":");
        appendLevels(sb, i, book.asks());
        sb.append(",\"version\":").append(version).append(",\"ts\":").append(now).append("}}");
        return sb.toString();
    }

    private void appendLevels(StringBuilder sb, Instrument i, List<BookLevel> levels) {
        sb.append('[');
        for (int n = 0; n < levels.size(); n++) {
            if (n > 0) {
                sb.append(',');
            }
            sb.append('[').append(price(i, levels.get(n).price())).append(',')
                    .append(decimal(levels.get(n).size(), i.sizeScale())).append(']');
        }
        sb.append(']');
    }

    private String bboMessage(Instrument i, String code, SyntheticMarket.Book book, long seqId, long now) {
        return "{\"ch\":\"" + HtxFrames.bboTopic(code) + "\",\"ts\":" + now + ",\"tick\":{\"seqId\":" + seqId
                + ",\"ask\":" + price(i, book.bestAsk()) + ",\"askSize\":"
                + decimal(book.asks().get(0).size(), i.sizeScale()) + ",\"bid\":" + price(i, book.bestBid())
                + ",\"bidSize\":" + decimal(book.bids().get(0).size(), i.sizeScale()) + ",\"quoteTime\":" + now
                + ",\"symbol\":\"" + code + "\"}}";
    }

    private String tradeMessage(Instrument i, String code, SyntheticMarket.Print p, long now) {
        long tradeId = nextTradeId++;
        long tickId = nextTickId++;
        // HTX's per-print "id" is wider than a long; tradeId is the newer, long-sized id.
        String wideId = tickId + "359286410323766";
        return "{\"ch\":\"" + HtxFrames.tradeTopic(code) + "\",\"ts\":" + now + ",\"tick\":{\"id\":" + tickId
                + ",\"ts\":" + now + ",\"data\":[{\"id\":" + wideId + ",\"ts\":" + now + ",\"tradeId\":" + tradeId
                + ",\"amount\":" + decimal(p.size(), i.sizeScale()) + ",\"price\":" + price(i, p.price())
                + ",\"direction\":\"" + (p.side() == Side.BUY ? "buy" : "sell") + "\"}]}}";
    }

    private String price(Instrument i, long mantissa) {
        long offset = (long) config.priceOffsetTicks() * i.tickSize();
        return decimal(Math.max(i.tickSize(), mantissa - offset), i.priceScale());
    }

    private static String decimal(long mantissa, int scale) {
        return new BigDecimal(FixedPoint.format(mantissa, scale)).stripTrailingZeros().toPlainString();
    }

    private void sendTimes(Session s, String text, boolean twice) {
        send(s, text);
        if (twice) {
            send(s, text);
        }
    }

    private void send(Session s, String text) {
        if (!s.silenced()) {
            s.socket().writeBinaryMessage(Buffer.buffer(HtxFrameParser.gzip(text)))
                    .onFailure(err -> LOG.debug("htx simulator write failed", err));
        }
    }

    private void publishSubscriptions() {
        Set<String> all = new TreeSet<>();
        sessions.all().forEach(s -> all.addAll(s.topics));
        subscribedTopics = Set.copyOf(all);
    }
}
