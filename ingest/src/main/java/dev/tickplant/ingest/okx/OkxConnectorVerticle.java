package dev.tickplant.ingest.okx;

import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.time.Clocks;
import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.okx.OkxFrameParser.Parsed;
import dev.tickplant.ingest.okx.OkxFrames.Arg;
import dev.tickplant.ingest.okx.OkxFrames.BookData;
import dev.tickplant.ingest.okx.OkxFrames.BookPush;
import dev.tickplant.ingest.okx.OkxFrames.Event;
import dev.tickplant.ingest.okx.OkxFrames.Frame;
import dev.tickplant.ingest.okx.OkxFrames.Request;
import dev.tickplant.ingest.okx.OkxFrames.TickerData;
import dev.tickplant.ingest.okx.OkxFrames.TickersPush;
import dev.tickplant.ingest.okx.OkxFrames.TradeData;
import dev.tickplant.ingest.okx.OkxFrames.TradesPush;
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
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OKX v5 public market-data feed on one WebSocket. Per wanted symbol it subscribes {@code bbo-tbt} (or
 * {@code tickers}), {@code trades} and {@code books} with {@code {"id":…,"op":"subscribe","args":[…]}} on the live
 * connection, following the union of the always-on symbols and the cluster's demand; requests go through one
 * {@link TokenBucket} (OKX: 3 per second). An {@code error} event answering a subscribe reports the symbol
 * REJECTED.
 *
 * <p>Books: the snapshot replaces the local book; an update that carries {@code seqId} and {@code prevSeqId} must
 * have {@code prevSeqId} equal to the last {@code seqId} (an update with {@code seqId == prevSeqId} changes nothing;
 * a repeated message is ignored); one without them (older feeds, recordings) is checked by its checksum alone. After
 * each message the CRC32 checksum over the best 25 levels, interleaved, of the exact text received is compared with
 * the venue's, when the venue gives one (it now sends 0: see {@link OkxFrames.BookData#hasChecksum()}). A gap or
 * a mismatch reports RESYNCING, forwards nothing of the broken book, and re-subscribes the book
 * channel (unsubscribe + subscribe) for a fresh snapshot; {@code tp.ingest.resync} ({@code SYMBOL@okx}) does the
 * same, at most once per {@code resyncMinInterval}.
 *
 * <p>Keep-alive: when nothing arrived for {@code pingAfter} the literal text {@code ping} goes out; when nothing
 * (not even {@code pong}) arrives within {@code pongTimeout} the connection is re-made and everything re-subscribed.
 *
 * <p>All state is confined to this verticle's event loop.
 *
 * @see <a href="https://www.okx.com/docs-v5/en/#overview-websocket">OKX v5 WebSocket</a>
 * @see <a href="https://www.okx.com/docs-v5/en/#order-book-trading-market-data-ws-order-book-channel">OKX order book channel</a>
 */
public final class OkxConnectorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(OkxConnectorVerticle.class);
    private static final String VENUE = OkxMapper.VENUE;
    private static final Pattern INST_ID = Pattern.compile("instId:([A-Za-z0-9-]+)");

    private record Action(String op, String instId, List<String> channels) {}

    /** Per wanted symbol. */
    private static final class Sym {
        final String instId;
        final Instrument instrument;
        final OkxBook book = new OkxBook();
        boolean synced;
        boolean live;
        long lastSeqId;
        long lastResyncMs = Long.MIN_VALUE / 2;
        long resyncTimer = -1;

        Sym(String instId, Instrument instrument) {
            this.instId = instId;
            this.instrument = instrument;
        }
    }

    private final OkxConfig config;
    private final FeedUniverse universe;
    private final int partitionCount;
    private final LongSupplier epochNanos;
    private final LongSupplier monotonicMs = () -> System.nanoTime() / 1_000_000L;
    private final OkxFrameParser parser = new OkxFrameParser();
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
    private long pingSentMs = -1;

    /**
     * @param config this feed's config
     * @param registry the instrument universe
     * @param partitionCount number of normalizer partitions (the same on every node)
     * @param meters where the connector's counters go
     */
    public OkxConnectorVerticle(OkxConfig config, InstrumentRegistry registry, int partitionCount,
            MeterRegistry meters) {
        this(config, registry, partitionCount, meters, Clocks::epochNanos);
    }

    /** As the main constructor, with the epoch clock for {@code recvTsNanos} injected. */
    public OkxConnectorVerticle(OkxConfig config, InstrumentRegistry registry, int partitionCount,
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
        long tickMs = Math.max(20, Math.min(250, Math.min(config.pingAfter().toMillis(),
                config.pongTimeout().toMillis()) / 4));
        FeedRuntime.Settings settings = new FeedRuntime.Settings(VENUE, partitionCount, config.maxBatchEvents(),
                tickMs, new UpstreamConnections.Settings(config.feedId(), config.pingAfter().plus(config.pongTimeout()),
                        1 << 24, config.reconnectMin(), config.reconnectMax(), config.healthyAfter(),
                        config.recordFile()));
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

    private List<String> channels() {
        return List.of(config.quoteChannel(), "trades", config.bookChannel());
    }

    private void recompute() {
        List<String> keys = new ArrayList<>(config.alwaysOn());
        keys.addAll(demand.union());
        Set<String> wanted = universe.codesFor(keys);
        wanted.removeAll(quarantined);
        boolean changed = false;
        for (String instId : new ArrayList<>(symbols.keySet())) {
            if (!wanted.contains(instId)) {
                Sym s = symbols.remove(instId);
                vertx.cancelTimer(s.resyncTimer);
                changed = true;
            }
        }
        for (String instId : wanted) {
            if (!symbols.containsKey(instId)) {
                symbols.put(instId, new Sym(instId, universe.byCode(instId)));
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
            queue.add(new Action(c.subscribe() ? "subscribe" : "unsubscribe", c.code(), channels()));
        }
        sender.pump();
    }

    /** Whether a control message is due and can go out now. */
    private boolean messageDue() {
        return socket != null && socket.isOpen() && !queue.isEmpty();
    }

    private void sendOne() {
        Action a = queue.poll();
        String id = Long.toString(nextRequestId++);
        List<Arg> args = new ArrayList<>();
        for (String channel : a.channels()) {
            args.add(new Arg(channel, a.instId()));
        }
        pending.put(id, a);
        requestsOut.increment();
        socket.send(new Request(id, a.op(), args).toJson());
        LOG.debug("feed={} {} {} {} id={}", config.feedId(), a.op(), a.instId(), a.channels(), id);
    }

    private void onConnected() {
        lastReceivedMs = monotonicMs.getAsLong();
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
        if (pingSentMs >= 0 && now - pingSentMs >= config.pongTimeout().toMillis()) {
            LOG.warn("feed={} no pong within {} ms, reconnecting", config.feedId(), now - pingSentMs);
            pingSentMs = -1;
            lastReceivedMs = now;
            socket.drop("pong timeout");
            return;
        }
        if (pingSentMs < 0 && now - lastReceivedMs >= config.pingAfter().toMillis()) {
            pingSentMs = now;
            socket.send(OkxFrames.PING);
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
            if (frame instanceof BookPush) {
                onBook((BookPush) frame, recv);
            } else if (frame instanceof TradesPush) {
                TradesPush push = (TradesPush) frame;
                Sym s = sym(push.arg());
                if (s != null) {
                    for (TradeData t : push.data()) {
                        emit(OkxMapper.trade(s.instrument, t, recv));
                    }
                }
            } else if (frame instanceof TickersPush) {
                TickersPush push = (TickersPush) frame;
                Sym s = sym(push.arg());
                if (s != null) {
                    for (TickerData t : push.data()) {
                        emit(OkxMapper.ticker(s.instrument, t, recv));
                    }
                }
            } else if (frame instanceof Event) {
                onEvent((Event) frame, recv);
            }
        } catch (IllegalArgumentException e) {
            reject(Reject.MAP_BAD_DECIMAL, e.getMessage());
        }
    }

    private Sym sym(Arg arg) {
        Sym s = symbols.get(arg.instId());
        if (s == null) {
            reject(Reject.PARSE_UNKNOWN_SYMBOL, "no subscription for " + arg.instId());
        }
        return s;
    }

    private void onBook(BookPush push, long recv) {
        Sym s = sym(push.arg());
        if (s == null) {
            return;
        }
        if (push.action() == null) {
            for (BookData d : push.data()) {
                emit(OkxMapper.bbo(s.instrument, d, recv));
            }
            return;
        }
        for (BookData d : push.data()) {
            if ("snapshot".equals(push.action())) {
                s.book.snapshot(d.bids(), d.asks());
                if (d.hasChecksum() && s.book.checksum() != (int) d.checksum()) {
                    resync(s, "checksum mismatch on snapshot seqId=" + d.seqId(), recv);
                    return;
                }
                s.synced = true;
                s.lastSeqId = d.seqId();
                emit(OkxMapper.book(s.instrument, true, d, recv));
                if (!s.live) {
                    s.live = true;
                    emitStatus(s, StatusState.LIVE, "book snapshot seqId=" + d.seqId(), recv);
                }
                continue;
            }
            if (!s.synced) {
                continue;
            }
            // The chain is checked when both ends carry it; a message without seqId/prevSeqId rests on its
            // checksum, if any, and otherwise on OKX sending every update in order on one connection.
            if (d.chained() && s.lastSeqId != BookData.NO_SEQ && d.prevSeqId() != s.lastSeqId) {
                if (d.seqId() <= s.lastSeqId && d.seqId() >= d.prevSeqId()) {
                    LOG.debug("feed={} symbol={} repeated update seqId={} ignored", config.feedId(), s.instId,
                            d.seqId());
                    continue;
                }
                resync(s, "sequence gap: prevSeqId=" + d.prevSeqId() + " after seqId=" + s.lastSeqId, recv);
                return;
            }
            s.book.update(d.bids(), d.asks());
            if (d.hasChecksum() && s.book.checksum() != (int) d.checksum()) {
                resync(s, "checksum mismatch at seqId=" + d.seqId(), recv);
                return;
            }
            s.lastSeqId = d.hasSeqId() ? d.seqId() : BookData.NO_SEQ;
            if (!d.bids().isEmpty() || !d.asks().isEmpty()) {
                emit(OkxMapper.book(s.instrument, false, d, recv));
            }
        }
    }

    private void onEvent(Event e, long recv) {
        Action a = e.id() == null ? null : pending.remove(e.id());
        if (!e.error()) {
            return;
        }
        if (OkxFrames.CODE_TOO_FREQUENT.equals(e.code()) && a != null) {
            LOG.warn("feed={} request refused as too frequent, retrying", config.feedId());
            queue.addFirst(a);
            sender.pump();
            return;
        }
        String instId = a != null ? a.instId() : null;
        if (instId == null && e.msg() != null) {
            Matcher m = INST_ID.matcher(e.msg());
            if (m.find()) {
                instId = m.group(1);
            }
        }
        if (instId == null || (a != null && !"subscribe".equals(a.op()))) {
            LOG.warn("feed={} error event code={} msg={}", config.feedId(), e.code(), e.msg());
            return;
        }
        Sym s = symbols.get(instId);
        if (s == null || !quarantined.add(instId)) {
            return;
        }
        LOG.warn("feed={} symbol={} rejected by the venue code={} msg={}", config.feedId(), instId, e.code(),
                e.msg());
        emitStatus(s, StatusState.REJECTED, "venue rejected symbol: " + e.code() + " " + e.msg(), recv);
        symbols.remove(instId);
        upstream.remove(instId);
        vertx.cancelTimer(s.resyncTimer);
    }

    private void resync(Sym s, String reason, long recv) {
        LOG.warn("feed={} symbol={} {}, re-subscribing the book", config.feedId(), s.instId, reason);
        resyncs.increment();
        if (s.live || s.synced) {
            emitStatus(s, StatusState.RESYNCING, reason, recv);
        }
        s.live = false;
        s.synced = false;
        scheduleResubscribe(s);
    }

    private void scheduleResubscribe(Sym s) {
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
        if (symbols.get(s.instId) != s || !upstream.contains(s.instId)) {
            return;
        }
        s.lastResyncMs = monotonicMs.getAsLong();
        queue.add(new Action("unsubscribe", s.instId, List.of(config.bookChannel())));
        queue.add(new Action("subscribe", s.instId, List.of(config.bookChannel())));
        sender.pump();
    }

    private void onResyncRequest(String key) {
        int at = key == null ? -1 : key.indexOf('@');
        if (at < 0 || !key.substring(at + 1).toLowerCase(Locale.ROOT).equals(VENUE)) {
            return;
        }
        for (String instId : universe.codesFor(List.of(key))) {
            Sym s = symbols.get(instId);
            if (s == null || !s.synced) {
                continue;
            }
            if (monotonicMs.getAsLong() - s.lastResyncMs < config.resyncMinInterval().toMillis()) {
                continue;
            }
            resync(s, "resync requested", epochNanos.getAsLong());
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
