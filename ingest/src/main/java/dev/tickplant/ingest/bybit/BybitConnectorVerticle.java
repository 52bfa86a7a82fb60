package dev.tickplant.ingest.bybit;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.time.Clocks;
import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.VenueDecimal;
import dev.tickplant.ingest.bybit.BybitFrameParser.Parsed;
import dev.tickplant.ingest.bybit.BybitFrames.Frame;
import dev.tickplant.ingest.bybit.BybitFrames.OrderbookPush;
import dev.tickplant.ingest.bybit.BybitFrames.Request;
import dev.tickplant.ingest.bybit.BybitFrames.Response;
import dev.tickplant.ingest.bybit.BybitFrames.TickerPush;
import dev.tickplant.ingest.bybit.BybitFrames.TradeData;
import dev.tickplant.ingest.bybit.BybitFrames.TradePush;
import dev.tickplant.ingest.ws.DemandTracker;
import dev.tickplant.ingest.ws.FeedOutput;
import dev.tickplant.ingest.ws.FeedRuntime;
import dev.tickplant.ingest.ws.FeedUniverse;
import dev.tickplant.ingest.ws.PacedSender;
import dev.tickplant.ingest.ws.ReconnectingWebSocket;
import dev.tickplant.ingest.ws.TokenBucket;
import dev.tickplant.ingest.ws.UpstreamConnections;
import dev.tickplant.ingest.ws.UpstreamSubscriptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bybit v5 spot public market-data feed on one WebSocket. Per wanted symbol it subscribes
 * {@code orderbook.<depth>.<symbol>}, {@code publicTrade.<symbol>} and (optionally) {@code tickers.<symbol>} with
 * {@code {"req_id":…,"op":"subscribe","args":[…]}} on the live connection (at most 10 args per request, as Bybit spot
 * requires), paced by one {@link TokenBucket}; a {@code "success":false} reply to a subscribe reports the symbol
 * REJECTED. {@code {"op":"ping"}} goes out every {@code pingInterval} (Bybit recommends 20 s); when nothing arrives
 * within {@code pongTimeout} of a ping the connection is re-made and everything re-subscribed.
 *
 * <p>Books: a {@code snapshot} replaces the local book (also the {@code u=1} snapshot after a Bybit service restart);
 * a {@code delta} must carry {@code u} = previous {@code u} + 1. A repeated {@code u} is ignored; a gap, or a delta
 * with {@code u=1}, reports RESYNCING, forwards nothing more of that book, and re-subscribes the orderbook topic for
 * a fresh snapshot; {@code tp.ingest.resync} ({@code SYMBOL@bybit}) does the same, at most once per
 * {@code resyncMinInterval}. Bybit spot tickers carry no best bid/ask, so quotes come from the top of the local book
 * (with the last price from {@code tickers}).
 *
 * <p>All state is confined to this verticle's event loop.
 *
 * @see <a href="https://bybit-exchange.github.io/docs/v5/ws/connect">Bybit v5 WebSocket connect</a>
 * @see <a href="https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook">Bybit orderbook topic</a>
 */
public final class BybitConnectorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(BybitConnectorVerticle.class);
    private static final String VENUE = BybitMapper.VENUE;

    private record Action(String op, String symbol, List<String> topics) {}

    /** Per wanted symbol. */
    private static final class Sym {
        final String code;
        final Instrument instrument;
        final TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Long, Long> asks = new TreeMap<>();
        boolean synced;
        boolean live;
        long lastUpdateId;
        long lastPrice;
        long lastPriceTsNanos;
        long lastResyncMs = Long.MIN_VALUE / 2;
        long resyncTimer = -1;

        Sym(String code, Instrument instrument) {
            this.code = code;
            this.instrument = instrument;
        }
    }

    private final BybitConfig config;
    private final FeedUniverse universe;
    private final int partitionCount;
    private final LongSupplier epochNanos;
    private final LongSupplier monotonicMs = () -> System.nanoTime() / 1_000_000L;
    private final BybitFrameParser parser = new BybitFrameParser();
    private final DemandTracker demand = new DemandTracker(monotonicMs);
    private final Map<String, Sym> symbols = new HashMap<>();
    private final UpstreamSubscriptions upstream = new UpstreamSubscriptions();
    private final Set<String> quarantined = new TreeSet<>();
    private final Deque<Action> queue = new ArrayDeque<>();
    private final Map<String, Action> pending = new HashMap<>();
    private final TokenBucket bucket;
    private final MeterRegistry meters;
    private final Counter framesIn;
    private final Counter requestsOut;
    private final Counter resyncs;

    private ReconnectingWebSocket socket;
    private FeedOutput output;
    private FeedRuntime runtime;
    private PacedSender sender;
    private long nextRequestId = 1;
    private long lastReceivedMs;
    private long lastPingMs;
    private long pingSentMs = -1;

    /**
     * @param config this feed's config
     * @param registry the instrument universe
     * @param partitionCount number of normalizer partitions (the same on every node)
     * @param meters where the connector's counters go
     */
    public BybitConnectorVerticle(BybitConfig config, InstrumentRegistry registry, int partitionCount,
            MeterRegistry meters) {
        this(config, registry, partitionCount, meters, Clocks::epochNanos);
    }

    /** As the main constructor, with the epoch clock for {@code recvTsNanos} injected. */
    public BybitConnectorVerticle(BybitConfig config, InstrumentRegistry registry, int partitionCount,
            MeterRegistry meters, LongSupplier epochNanos) {
        this.config = config;
        this.universe = new FeedUniverse(registry, VENUE, EnumSet.allOf(AssetClass.class));
        this.partitionCount = partitionCount;
        this.epochNanos = epochNanos;
        this.meters = meters;
        this.bucket = new TokenBucket(1, config.requestsPerSecond());
        String feed = config.feedId();
        this.framesIn = Counter.builder("tickplant.upstream.messages").tag("feed", feed).register(meters);
        this.requestsOut = Counter.builder("tickplant.ingest.requests").tag("feed", feed).register(meters);
        this.resyncs = Counter.builder("tickplant.ingest.resyncs").tag("feed", feed).register(meters);
    }

    @Override
    public Future<?> start() {
        LOG.info("feed={} starting with {}", config.feedId(), config);
        sender = new PacedSender(vertx, bucket, monotonicMs, this::messageDue, this::sendOne);
        long tickMs = Math.max(20, Math.min(250, Math.min(config.pingInterval().toMillis(),
                config.pongTimeout().toMillis()) / 4));
        FeedRuntime.Settings settings = new FeedRuntime.Settings(VENUE, partitionCount, config.maxBatchEvents(),
                tickMs, new UpstreamConnections.Settings(config.feedId(),
                        config.pingInterval().plus(config.pongTimeout()), 1 << 24, config.reconnectMin(),
                        config.reconnectMax(), config.healthyAfter(), config.recordFile()));
        return FeedRuntime.open(vertx, context, deploymentID(), settings, demand, meters, epochNanos, monotonicMs)
                .compose(opened -> {
                    runtime = opened;
                    output = opened.output();
                    socket = opened.connection(() -> config.wsUri().toString(),
                            ReconnectingWebSocket.Listener.of(this::onConnected, this::onFrame, this::onDisconnected));
                    return opened.start(this::recompute, this::onResyncRequest, this::housekeeping);
                });
    }

    @Override
    public Future<?> stop() {
        sender.cancel();
        symbols.values().forEach(s -> vertx.cancelTimer(s.resyncTimer));
        return runtime == null ? Future.succeededFuture() : runtime.stop();
    }

    private String bookTopic(String code) {
        return BybitFrames.orderbookTopic(config.depth(), code);
    }

    private List<String> topics(String code) {
        List<String> topics = new ArrayList<>(List.of(bookTopic(code), BybitFrames.tradeTopic(code)));
        if (config.subscribeTickers()) {
            topics.add(BybitFrames.tickerTopic(code));
        }
        return topics;
    }

    private void recompute() {
        List<String> keys = new ArrayList<>(config.alwaysOn());
        keys.addAll(demand.union());
        Set<String> wanted = universe.codesFor(keys);
        wanted.removeAll(quarantined);
        boolean changed = false;
        for (String code : new ArrayList<>(symbols.keySet())) {
            if (!wanted.contains(code)) {
                vertx.cancelTimer(symbols.remove(code).resyncTimer);
                changed = true;
            }
        }
        for (String code : wanted) {
            if (!symbols.containsKey(code)) {
                symbols.put(code, new Sym(code, universe.byCode(code)));
                changed = true;
            }
        }
        if (changed) {
            LOG.info("feed={} upstream symbols now {}", config.feedId(), symbols.keySet());
        }
        reconcile();
    }

    private void reconcile() {
        for (UpstreamSubscriptions.Change c : upstream.changesTo(symbols.keySet())) {
            queue.add(new Action(c.subscribe() ? "subscribe" : "unsubscribe", c.code(), topics(c.code())));
        }
        sender.pump();
    }

    /** Whether a control message is due and can go out now. */
    private boolean messageDue() {
        return socket != null && socket.isOpen() && !queue.isEmpty();
    }

    private void sendOne() {
        Action a = queue.poll();
        String reqId = Long.toString(nextRequestId++);
        pending.put(reqId, a);
        requestsOut.increment();
        socket.send(new Request(reqId, a.op(), a.topics()).toJson());
        LOG.debug("feed={} {} {} req_id={}", config.feedId(), a.op(), a.topics(), reqId);
    }

    private void onConnected() {
        long now = monotonicMs.getAsLong();
        lastReceivedMs = now;
        lastPingMs = now;
        pingSentMs = -1;
        bucket.reset();
        upstream.clear();
        queue.clear();
        pending.clear();
        if (!quarantined.isEmpty()) {
            quarantined.clear();
            recompute();
        }
        reconcile();
    }

    private void onDisconnected(String reason) {
        sender.cancel();
        upstream.clear();
        queue.clear();
        pending.clear();
        long now = epochNanos.getAsLong();
        for (Sym s : symbols.values()) {
            if (s.live) {
                emitStatus(s, StatusState.DISCONNECTED, "upstream connection lost: " + reason, now);
            }
            s.live = false;
            s.synced = false;
        }
    }

    private void housekeeping() {
        if (socket == null || !socket.isOpen()) {
            return;
        }
        long now = monotonicMs.getAsLong();
        if (pingSentMs >= 0 && now - lastReceivedMs >= config.pongTimeout().toMillis()
                && now - pingSentMs >= config.pongTimeout().toMillis()) {
            LOG.warn("feed={} nothing received within {} ms of a ping, reconnecting", config.feedId(),
                    now - pingSentMs);
            pingSentMs = -1;
            lastReceivedMs = now;
            socket.drop("pong timeout");
            return;
        }
        if (now - lastPingMs >= config.pingInterval().toMillis()) {
            lastPingMs = now;
            if (pingSentMs < 0) {
                pingSentMs = now;
            }
            socket.send(new Request(Long.toString(nextRequestId++), "ping", List.of()).toJson());
        }
    }

    private void onFrame(String text) {
        lastReceivedMs = monotonicMs.getAsLong();
        pingSentMs = -1;
        framesIn.increment();
        long recv = epochNanos.getAsLong();
        Parsed parsed = parser.parse(text);
        if (parsed instanceof Parsed.Rejected) {
            Parsed.Rejected r = (Parsed.Rejected) parsed;
            reject(r.reason(), r.detail());
            return;
        }
        Frame frame = ((Parsed.Ok) parsed).frame();
        try {
            if (frame instanceof OrderbookPush) {
                onBook((OrderbookPush) frame, recv);
            } else if (frame instanceof TradePush) {
                TradePush push = (TradePush) frame;
                Sym s = sym(BybitFrames.symbolOf(push.topic()));
                if (s != null) {
                    for (TradeData t : push.data()) {
                        emit(BybitMapper.trade(s.instrument, t, recv));
                    }
                }
            } else if (frame instanceof TickerPush) {
                TickerPush t = (TickerPush) frame;
                Sym s = sym(t.symbol());
                long last = s == null ? 0 : VenueDecimal.lastPrice(t.lastPrice(), s.instrument.priceScale());
                long ts = BybitMapper.nanos(t.tsMs(), recv);
                if (last > 0 && ts >= s.lastPriceTsNanos) {
                    // Kept with its own time, so the normalizer can tell it from a newer trade.
                    s.lastPrice = last;
                    s.lastPriceTsNanos = ts;
                }
            } else if (frame instanceof Response) {
                onResponse((Response) frame, recv);
            }
        } catch (IllegalArgumentException e) {
            reject(Reject.MAP_BAD_DECIMAL, e.getMessage());
        }
    }

    private Sym sym(String code) {
        Sym s = symbols.get(code);
        if (s == null) {
            reject(Reject.PARSE_UNKNOWN_SYMBOL, "no subscription for " + code);
        }
        return s;
    }

    private void onBook(OrderbookPush p, long recv) {
        Sym s = sym(p.symbol());
        if (s == null) {
            return;
        }
        long prev = s.lastUpdateId;
        if (p.snapshot()) {
            List<BookLevel> bids = BybitMapper.levels(p.bids(), s.instrument);
            List<BookLevel> asks = BybitMapper.levels(p.asks(), s.instrument);
            s.bids.clear();
            s.asks.clear();
            apply(s.bids, bids);
            apply(s.asks, asks);
            s.synced = true;
            s.lastUpdateId = p.updateId();
            emit(BybitMapper.book(s.instrument, p, prev, recv));
            emitQuote(s, p, recv);
            if (!s.live) {
                s.live = true;
                emitStatus(s, StatusState.LIVE, "book snapshot u=" + p.updateId(), recv);
            }
            return;
        }
        if (!s.synced) {
            return;
        }
        if (p.updateId() == 1) {
            resync(s, "delta with u=1: the venue restarted its book service", recv);
            return;
        }
        if (p.updateId() <= s.lastUpdateId) {
            LOG.debug("feed={} symbol={} repeated u={} ignored", config.feedId(), s.code, p.updateId());
            return;
        }
        if (p.updateId() != s.lastUpdateId + 1) {
            resync(s, "sequence gap: u=" + p.updateId() + " after u=" + s.lastUpdateId, recv);
            return;
        }
        List<BookLevel> bids = BybitMapper.levels(p.bids(), s.instrument);
        List<BookLevel> asks = BybitMapper.levels(p.asks(), s.instrument);
        apply(s.bids, bids);
        apply(s.asks, asks);
        s.lastUpdateId = p.updateId();
        emit(BybitMapper.book(s.instrument, p, prev, recv));
        emitQuote(s, p, recv);
    }

    private static void apply(TreeMap<Long, Long> side, List<BookLevel> levels) {
        for (BookLevel l : levels) {
            if (l.size() == 0) {
                side.remove(l.price());
            } else {
                side.put(l.price(), l.size());
            }
        }
    }

    private void emitQuote(Sym s, OrderbookPush p, long recv) {
        Map.Entry<Long, Long> bid = s.bids.firstEntry();
        Map.Entry<Long, Long> ask = s.asks.firstEntry();
        Instrument i = s.instrument;
        emit(new Quote(i.symbol(), VENUE, bid == null ? 0 : bid.getKey(), bid == null ? 0 : bid.getValue(),
                ask == null ? 0 : ask.getKey(), ask == null ? 0 : ask.getValue(), s.lastPrice, i.priceScale(),
                i.sizeScale(), p.updateId(), BybitMapper.nanos(p.tsMs(), recv), recv, 0, VENUE, VENUE,
                s.lastPriceTsNanos));
    }

    private void onResponse(Response r, long recv) {
        Action a = r.reqId() == null ? null : pending.remove(r.reqId());
        if (r.success() || "ping".equals(r.op()) || "pong".equals(r.op())) {
            return;
        }
        if (a == null || !"subscribe".equals(a.op())) {
            LOG.warn("feed={} request failed op={} ret_msg={}", config.feedId(), r.op(), r.retMsg());
            return;
        }
        Sym s = symbols.get(a.symbol());
        if (s == null || !quarantined.add(a.symbol())) {
            return;
        }
        LOG.warn("feed={} symbol={} rejected by the venue: {}", config.feedId(), a.symbol(), r.retMsg());
        emitStatus(s, StatusState.REJECTED, "venue rejected symbol: " + r.retMsg(), recv);
        symbols.remove(a.symbol());
        upstream.remove(a.symbol());
        vertx.cancelTimer(s.resyncTimer);
    }

    private void resync(Sym s, String reason, long recv) {
        LOG.warn("feed={} symbol={} {}, re-subscribing the book", config.feedId(), s.code, reason);
        resyncs.increment();
        if (s.live || s.synced) {
            emitStatus(s, StatusState.RESYNCING, reason, recv);
        }
        s.live = false;
        s.synced = false;
        if (s.resyncTimer >= 0) {
            return;
        }
        long wait = s.lastResyncMs + config.resyncMinInterval().toMillis() - monotonicMs.getAsLong();
        if (wait > 0) {
            s.resyncTimer = vertx.setTimer(wait, id -> {
                s.resyncTimer = -1;
                resubscribeBook(s);
            });
        } else {
            resubscribeBook(s);
        }
    }

    private void resubscribeBook(Sym s) {
        if (symbols.get(s.code) != s || !upstream.contains(s.code)) {
            return;
        }
        s.lastResyncMs = monotonicMs.getAsLong();
        queue.add(new Action("unsubscribe", s.code, List.of(bookTopic(s.code))));
        queue.add(new Action("subscribe", s.code, List.of(bookTopic(s.code))));
        sender.pump();
    }

    private void onResyncRequest(String key) {
        int at = key == null ? -1 : key.indexOf('@');
        if (at < 0 || !key.substring(at + 1).toLowerCase(Locale.ROOT).equals(VENUE)) {
            return;
        }
        for (String code : universe.codesFor(List.of(key))) {
            Sym s = symbols.get(code);
            if (s != null && s.synced
                    && monotonicMs.getAsLong() - s.lastResyncMs >= config.resyncMinInterval().toMillis()) {
                resync(s, "resync requested", epochNanos.getAsLong());
            }
        }
    }

    private void emit(MarketEvent e) {
        output.emit(e);
    }

    private void emitStatus(Sym s, StatusState state, String reason, long tsNanos) {
        output.status(s.instrument.symbol(), state, reason, tsNanos);
    }

    private void reject(Reject reason, String detail) {
        output.reject(reason, detail);
    }
}
