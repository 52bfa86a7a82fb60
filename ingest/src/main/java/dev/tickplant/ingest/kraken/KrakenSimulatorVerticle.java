package dev.tickplant.ingest.kraken;

import dev.tickplant.common.decimal.FixedPoint;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.ingest.kraken.KrakenFrames.Level;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for Kraken's Spot WebSocket v2 public endpoint, speaking its wire protocol: a {@code status}
 * message on connect; {@code subscribe}/{@code unsubscribe} with one acknowledgement per symbol
 * ({@code "success":true} with {@code result}, or {@code "success":false} with {@code error} and {@code symbol});
 * {@code ping} answered with {@code pong}; {@code {"channel":"heartbeat"}} every {@code heartbeatInterval} on a
 * connection with subscriptions; {@code ticker}, {@code book} (snapshot on subscribe, then updates, every message
 * with the CRC32 checksum of the resulting top 10 levels, decimals as JSON numbers with full precision) and
 * {@code trade} pushes driven by a {@link SyntheticMarket}, prices shifted by {@code priceOffsetTicks}.
 *
 * <p>Test hooks may be called from any thread; they run on the verticle's context: {@link #dropAllConnections()},
 * {@link #goSilent()}, {@link #duplicateNextUpdate(String)}, {@link #skipNextUpdate(String)},
 * {@link #corruptNextChecksum(String)}, {@link #rejectSymbol(String)}. Counters are readable from any thread.
 */
public final class KrakenSimulatorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(KrakenSimulatorVerticle.class);
    private static final String VENUE = KrakenMapper.VENUE;

    /** One client connection; confined to the event loop. */
    private static final class Session extends SimulatorSession {
        final Map<String, KrakenBook> books = new LinkedHashMap<>();
        final Set<String> tickers = new TreeSet<>();
        final Set<String> trades = new TreeSet<>();
        final RequestWindow requestWindow = new RequestWindow();

        Session(int id, ServerWebSocket ws) {
            super(id, ws);
        }

        boolean subscribedToAnything() {
            return !books.isEmpty() || !tickers.isEmpty() || !trades.isEmpty();
        }
    }

    private final KrakenSimulatorConfig config;
    private final InstrumentRegistry registry;
    private final SimulatorServer server = new SimulatorServer(VENUE, LOG);
    private final VenueSessions<Session> sessions = new VenueSessions<>();
    private final FaultScript faults = new FaultScript();
    private final Map<String, Instrument> byCode = new HashMap<>();
    private final Map<String, Long> lastPrice = new HashMap<>();
    private SyntheticMarket market;
    private long nextTradeId = 1_000_000;

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final CountsByCode bookSubscribes = new CountsByCode();
    private volatile Map<String, Set<String>> subscribedByChannel = Map.of();

    /**
     * @param config where to listen and how to behave
     * @param registry the instruments; those listed on {@code kraken} can be subscribed by their Kraken code
     */
    public KrakenSimulatorVerticle(KrakenSimulatorConfig config, InstrumentRegistry registry) {
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

    /** Client messages received so far (subscribe, unsubscribe, ping, anything). */
    public int requests() {
        return requests.get();
    }

    /** Pings received so far. */
    public int pings() {
        return pings.get();
    }

    /** Requests refused for exceeding {@code maxRequestsPerSecond}. */
    public int rateLimited() {
        return rateLimited.get();
    }

    /** How often the book channel was subscribed for {@code code} (accepted requests only). */
    public int bookSubscribes(String code) {
        return bookSubscribes.get(code);
    }

    /** Per channel ({@code book}, {@code ticker}, {@code trade}), the symbols subscribed on any open connection. */
    public Set<String> subscribed(String channel) {
        return subscribedByChannel.getOrDefault(channel, Set.of());
    }

    /** Closes every client connection, as a venue restart would. */
    public Future<Void> dropAllConnections() {
        return server.onContext(sessions::dropAll);
    }

    /** Current connections stop sending anything at all (a hung venue); new connections behave normally. */
    public Future<Void> goSilent() {
        return server.onContext(sessions::silenceAll);
    }

    /** The next book update for {@code code} is sent twice. */
    public Future<Void> duplicateNextUpdate(String code) {
        return server.onContext(() -> faults.arm(Fault.DUPLICATE, code));
    }

    /** The next book update for {@code code} is applied to the venue's book but not sent (a lost message). */
    public Future<Void> skipNextUpdate(String code) {
        return server.onContext(() -> faults.arm(Fault.SKIP, code));
    }

    /** The next book update for {@code code} carries a wrong checksum. */
    public Future<Void> corruptNextChecksum(String code) {
        return server.onContext(() -> faults.arm(Fault.CORRUPT_CHECKSUM, code));
    }

    /** From now on subscriptions to {@code code} are refused. */
    public Future<Void> rejectSymbol(String code) {
        return server.onContext(() -> faults.reject(code));
    }

    private void onConnect(ServerWebSocket ws) {
        Session session = new Session(sessions.nextId(), ws);
        sessions.add(session);
        ws.textMessageHandler(text -> onText(session, text));
        ws.exceptionHandler(err -> LOG.debug("kraken simulator session={} error", session.id(), err));
        ws.closeHandler(v -> {
            sessions.remove(session);
            publishSubscriptions();
        });
        send(session, new JsonObject().put("channel", "status").put("type", "update")
                .put("data", new JsonArray().add(new JsonObject().put("api_version", "v2")
                        .put("connection_id", 1000L + session.id()).put("system", "online").put("version", "2.0.0")))
                .encode());
    }

    private void onText(Session s, String text) {
        requests.incrementAndGet();
        String timeIn = Instant.now().toString();
        JsonObject req;
        try {
            req = new JsonObject(text);
        } catch (DecodeException e) {
            send(s, new JsonObject().put("error", "Malformed request").put("success", false)
                    .put("time_in", timeIn).put("time_out", Instant.now().toString()).encode());
            return;
        }
        String method = req.getString("method", "");
        Long reqId = req.getLong("req_id");
        if (overRate(s)) {
            rateLimited.incrementAndGet();
            send(s, withReqId(new JsonObject().put("error", "Exceeded msg rate").put("method", method)
                    .put("success", false), reqId, timeIn).encode());
            return;
        }
        switch (method) {
            case "ping":
                pings.incrementAndGet();
                send(s, withReqId(new JsonObject().put("method", "pong"), reqId, timeIn).encode());
                break;
            case "subscribe":
            case "unsubscribe":
                onSubscription(s, method, req.getJsonObject("params", new JsonObject()), reqId, timeIn);
                break;
            default:
                send(s, withReqId(new JsonObject().put("error", "Unsupported method " + method).put("method", method)
                        .put("success", false), reqId, timeIn).encode());
        }
    }

    private boolean overRate(Session s) {
        return s.requestWindow.record(System.nanoTime() / 1_000_000L) > config.maxRequestsPerSecond();
    }

    private void onSubscription(Session s, String method, JsonObject params, Long reqId, String timeIn) {
        String channel = params.getString("channel", "");
        JsonArray symbols = params.getJsonArray("symbol", new JsonArray());
        boolean subscribe = method.equals("subscribe");
        int depth = params.getInteger("depth", 10);
        for (Object o : symbols) {
            String code = String.valueOf(o);
            Instrument instrument = byCode.get(code);
            String error = null;
            if (!List.of(KrakenFrames.CHANNEL_BOOK, KrakenFrames.CHANNEL_TICKER, KrakenFrames.CHANNEL_TRADE)
                    .contains(channel)) {
                error = "Channel not supported " + channel;
            } else if (instrument == null || (subscribe && faults.rejects(code))) {
                error = "Currency pair not supported " + code;
            } else if (subscribe) {
                error = subscribe(s, channel, code, depth);
            } else if (!unsubscribe(s, channel, code)) {
                error = "Subscription Not Found";
            }
            JsonObject reply;
            if (error != null) {
                reply = new JsonObject().put("error", error).put("method", method).put("success", false)
                        .put("symbol", code);
            } else {
                JsonObject result = new JsonObject().put("channel", channel).put("symbol", code);
                if (subscribe && channel.equals(KrakenFrames.CHANNEL_BOOK)) {
                    result.put("depth", depth).put("snapshot", true);
                } else if (subscribe) {
                    result.put("snapshot", true);
                }
                reply = new JsonObject().put("method", method).put("result", result).put("success", true);
            }
            send(s, withReqId(reply, reqId, timeIn).encode());
            if (error == null && subscribe) {
                sendInitial(s, channel, code);
            }
        }
        publishSubscriptions();
    }

    private String subscribe(Session s, String channel, String code, int depth) {
        switch (channel) {
            case KrakenFrames.CHANNEL_BOOK:
                if (s.books.containsKey(code)) {
                    return "Already subscribed";
                }
                if (depth != 10 && depth != 25 && depth != 100 && depth != 500 && depth != 1000) {
                    return "Invalid depth " + depth;
                }
                s.books.put(code, new KrakenBook(depth));
                bookSubscribes.increment(code);
                return null;
            case KrakenFrames.CHANNEL_TICKER:
                return s.tickers.add(code) ? null : "Already subscribed";
            default:
                return s.trades.add(code) ? null : "Already subscribed";
        }
    }

    private static boolean unsubscribe(Session s, String channel, String code) {
        switch (channel) {
            case KrakenFrames.CHANNEL_BOOK:
                return s.books.remove(code) != null;
            case KrakenFrames.CHANNEL_TICKER:
                return s.tickers.remove(code);
            default:
                return s.trades.remove(code);
        }
    }

    private void sendInitial(Session s, String channel, String code) {
        Instrument i = byCode.get(code);
        SyntheticMarket.Book book = market.current(i.symbol(), SyntheticMarket.MAX_LEVELS);
        if (channel.equals(KrakenFrames.CHANNEL_BOOK)) {
            KrakenBook mine = s.books.get(code);
            List<Level> bids = levels(i, book.bids());
            List<Level> asks = levels(i, book.asks());
            mine.replace(bids, asks);
            send(s, bookMessage("snapshot", code, mine.bids(), mine.asks(), mine.checksum()));
        } else if (channel.equals(KrakenFrames.CHANNEL_TICKER)) {
            send(s, tickerMessage("snapshot", i, code, book));
        }
    }

    private void pushAll() {
        Set<String> wanted = new TreeSet<>();
        for (Session s : sessions.all()) {
            wanted.addAll(s.books.keySet());
            wanted.addAll(s.tickers);
            wanted.addAll(s.trades);
        }
        for (String code : wanted) {
            Instrument i = byCode.get(code);
            SyntheticMarket.Book book = market.step(i.symbol(), SyntheticMarket.MAX_LEVELS);
            Optional<SyntheticMarket.Print> print = market.maybeTrade(i.symbol(), config.tradeProbability());
            print.ifPresent(p -> lastPrice.put(code, p.price()));
            long tradeId = print.isPresent() ? nextTradeId++ : 0;
            boolean skip = faults.take(Fault.SKIP, code);
            boolean duplicate = faults.take(Fault.DUPLICATE, code);
            boolean corrupt = faults.take(Fault.CORRUPT_CHECKSUM, code);
            for (Session s : sessions.all()) {
                KrakenBook mine = s.books.get(code);
                if (mine != null) {
                    pushBook(s, i, code, mine, book, skip, duplicate, corrupt);
                }
                if (s.tickers.contains(code)) {
                    send(s, tickerMessage("update", i, code, book));
                }
                if (s.trades.contains(code) && print.isPresent()) {
                    send(s, tradeMessage(i, code, print.get(), tradeId));
                }
            }
        }
    }

    private void pushBook(Session s, Instrument i, String code, KrakenBook mine, SyntheticMarket.Book book,
            boolean skip, boolean duplicate, boolean corrupt) {
        List<Level> bids = levels(i, book.bids());
        List<Level> asks = levels(i, book.asks());
        List<Level> bidChanges = diff(mine.bids(), bids);
        List<Level> askChanges = diff(mine.asks(), asks);
        if (bidChanges.isEmpty() && askChanges.isEmpty()) {
            return;
        }
        mine.apply(bidChanges, askChanges);
        if (skip) {
            return;
        }
        long checksum = corrupt ? (mine.checksum() ^ 0x5A5A5A5AL) : mine.checksum();
        String text = bookMessage("update", code, bidChanges, askChanges, checksum);
        send(s, text);
        if (duplicate) {
            send(s, text);
        }
    }

    /** The changes that turn {@code from} into {@code to}: new or resized levels, and removed ones with qty 0. */
    private static List<Level> diff(List<Level> from, List<Level> to) {
        Map<String, String> old = new HashMap<>();
        from.forEach(l -> old.put(l.price(), l.qty()));
        Set<String> present = new HashSet<>();
        List<Level> out = new ArrayList<>();
        for (Level l : to) {
            present.add(l.price());
            if (!l.qty().equals(old.get(l.price()))) {
                out.add(l);
            }
        }
        for (Level l : from) {
            if (!present.contains(l.price())) {
                out.add(new Level(l.price(), "0"));
            }
        }
        return out;
    }

    private List<Level> levels(Instrument i, List<BookLevel> levels) {
        long offset = (long) config.priceOffsetTicks() * i.tickSize();
        List<Level> out = new ArrayList<>(levels.size());
        for (BookLevel l : levels) {
            out.add(new Level(FixedPoint.format(l.price() + offset, i.priceScale()),
                    FixedPoint.format(l.size(), i.sizeScale())));
        }
        return out;
    }

    private String bookMessage(String type, String code, List<Level> bids, List<Level> asks, long checksum) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"channel\":\"book\",\"type\":\"").append(type).append("\",\"data\":[{\"symbol\":\"")
                .append(code).append("\",\"bids\":");
        appendLevels(sb, bids);
        sb.append(",\"asks\":");
        appendLevels(sb, asks);
        sb.append(",\"checksum\":").append(checksum).append(",\"timestamp\":\"").append(Instant.now())
                .append("\"}]}");
        return sb.toString();
    }

    private static void appendLevels(StringBuilder sb, List<Level> levels) {
        sb.append('[');
        for (int n = 0; n < levels.size(); n++) {
            if (n > 0) {
                sb.append(',');
            }
            // Decimals go out as JSON numbers with their full text, as Kraken sends them.
            sb.append("{\"price\":").append(levels.get(n).price()).append(",\"qty\":").append(levels.get(n).qty())
                    .append('}');
        }
        sb.append(']');
    }

    private String tickerMessage(String type, Instrument i, String code, SyntheticMarket.Book book) {
        long offset = (long) config.priceOffsetTicks() * i.tickSize();
        int ps = i.priceScale();
        long bid = book.bestBid() + offset;
        long ask = book.bestAsk() + offset;
        // The last trade's price; before the first trade the field is left out.
        String last = lastPrice.containsKey(code) ? ",\"last\":" + FixedPoint.format(lastPrice.get(code) + offset, ps)
                : "";
        String bidSide = config.oneSidedTickers() ? "" : "\"bid\":" + FixedPoint.format(bid, ps)
                + ",\"bid_qty\":" + FixedPoint.format(book.bids().get(0).size(), i.sizeScale()) + ",";
        return "{\"channel\":\"ticker\",\"type\":\"" + type + "\",\"data\":[{\"symbol\":\"" + code
                + "\"," + bidSide + "\"ask\":" + FixedPoint.format(ask, ps)
                + ",\"ask_qty\":" + FixedPoint.format(book.asks().get(0).size(), i.sizeScale())
                + last
                + ",\"volume\":1234.56789012,\"vwap\":" + FixedPoint.format(bid, ps)
                + ",\"low\":" + FixedPoint.format(bid, ps) + ",\"high\":" + FixedPoint.format(ask, ps)
                + ",\"change\":0.0,\"change_pct\":0.0,\"timestamp\":\"" + Instant.now() + "\"}]}";
    }

    private String tradeMessage(Instrument i, String code, SyntheticMarket.Print p, long tradeId) {
        long offset = (long) config.priceOffsetTicks() * i.tickSize();
        return "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"" + code + "\",\"side\":\""
                + (p.side() == Side.BUY ? "buy" : "sell") + "\",\"price\":"
                + FixedPoint.format(p.price() + offset, i.priceScale()) + ",\"qty\":"
                + FixedPoint.format(p.size(), i.sizeScale()) + ",\"ord_type\":\"market\",\"trade_id\":" + tradeId
                + ",\"timestamp\":\"" + Instant.now() + "\"}]}";
    }

    private void heartbeats() {
        for (Session s : sessions.all()) {
            if (s.subscribedToAnything()) {
                send(s, "{\"channel\":\"heartbeat\"}");
            }
        }
    }

    private static JsonObject withReqId(JsonObject reply, Long reqId, String timeIn) {
        if (reqId != null) {
            reply.put("req_id", reqId);
        }
        return reply.put("time_in", timeIn).put("time_out", Instant.now().toString());
    }

    private void send(Session s, String text) {
        if (!s.silenced()) {
            s.socket().writeTextMessage(text).onFailure(err -> LOG.debug("kraken simulator write failed", err));
        }
    }

    private void publishSubscriptions() {
        Map<String, Set<String>> all = new HashMap<>();
        for (Session s : sessions.all()) {
            all.computeIfAbsent(KrakenFrames.CHANNEL_BOOK, c -> new TreeSet<>()).addAll(s.books.keySet());
            all.computeIfAbsent(KrakenFrames.CHANNEL_TICKER, c -> new TreeSet<>()).addAll(s.tickers);
            all.computeIfAbsent(KrakenFrames.CHANNEL_TRADE, c -> new TreeSet<>()).addAll(s.trades);
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        all.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        subscribedByChannel = Map.copyOf(frozen);
    }
}
