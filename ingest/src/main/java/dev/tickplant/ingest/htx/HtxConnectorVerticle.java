package dev.tickplant.ingest.htx;

import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.time.Clocks;
import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.htx.HtxFrameParser.Parsed;
import dev.tickplant.ingest.htx.HtxFrames.Inbound;
import dev.tickplant.ingest.ws.DemandTracker;
import dev.tickplant.ingest.ws.FeedOutput;
import dev.tickplant.ingest.ws.FeedRuntime;
import dev.tickplant.ingest.ws.FeedUniverse;
import dev.tickplant.ingest.ws.PacedSender;
import dev.tickplant.ingest.ws.ReconnectingWebSocket;
import dev.tickplant.ingest.ws.ResyncTimers;
import dev.tickplant.ingest.ws.TokenBucket;
import dev.tickplant.ingest.ws.UpstreamConnections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTX (Huobi) spot market WebSocket feed on one persistent connection. Every frame from the venue is gzipped
 * (binary), the venue's {@code {"ping":n}} included, which is answered with {@code {"pong":n}} ahead of anything
 * else. Subscribes {@code market.$symbol.bbo}, {@code market.$symbol.depth.step0} and optionally
 * {@code market.$symbol.trade.detail} for the union of the always-on symbols and the cluster's demand
 * ({@code tp.ingest.demand}), one {@code sub}/{@code unsub} with an {@code id} per topic on the live connection,
 * all through one {@link TokenBucket} per connection. A {@code sub} answered with {@code "status":"error"} makes
 * that symbol {@code REJECTED}.
 *
 * <p>BBO pushes become quotes, trade details trades (the id stays text: HTX ids exceed a long) and each
 * {@code depth.step0} push, a full snapshot of the top of the book, a snapshot {@code BookUpdate} with the
 * {@code version} as venue sequence. Pushes that are not newer than the last one of their topic (a repeated
 * {@code version}, {@code seqId} or trade tick id) are duplicates and dropped. On {@code tp.ingest.resync}
 * ({@code SYMBOL@htx}, at most once per {@code resyncMinInterval}) the symbol goes {@code RESYNCING} and its depth
 * topic is re-subscribed; the next snapshot makes it {@code LIVE}. No frame for {@code heartbeatTimeout} drops the
 * connection; it is re-made with capped exponential backoff and everything is subscribed again. With a
 * {@code recordFile}, the frames are recorded as received, gzipped, so that a replay goes through the same gunzip.
 *
 * <p>All state is confined to this verticle's event loop.
 *
 * @see <a href="https://www.htx.com/en-us/opend/newApiPages/?id=7ec53b69-7773-11ed-9966-0242ac110003">HTX market
 *     WebSocket</a>
 */
public final class HtxConnectorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HtxConnectorVerticle.class);
    private static final String VENUE = HtxMapper.VENUE;

    private record Pending(String topic, String code, boolean sub) {}

    /** The topics subscribed per symbol, in subscription order. */
    private enum Kind {
        DEPTH,
        BBO,
        TRADE;

        String topic(String code) {
            switch (this) {
                case DEPTH:
                    return HtxFrames.depthTopic(code);
                case BBO:
                    return HtxFrames.bboTopic(code);
                default:
                    return HtxFrames.tradeTopic(code);
            }
        }
    }

    private final HtxConfig config;
    private final FeedUniverse universe;
    private final int partitionCount;
    private final LongSupplier epochNanos;
    private final LongSupplier monotonicMs = () -> System.nanoTime() / 1_000_000L;
    private final HtxFrameParser parser = new HtxFrameParser();
    private final HtxMapper mapper;
    private final DemandTracker demand = new DemandTracker(monotonicMs);
    private final TokenBucket bucket;
    /** Topic kind → the symbols subscribed with it on this connection. */
    private final Map<Kind, Set<String>> sent = new EnumMap<>(Kind.class);
    private final Deque<String> urgent = new ArrayDeque<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private final Set<String> rejected = new TreeSet<>();
    private final Set<String> live = new TreeSet<>();
    private final Set<String> resyncing = new TreeSet<>();
    /** Symbols whose depth topic is being re-subscribed: pushes before the venue confirms the new sub are dropped. */
    private final Set<String> resubscribing = new TreeSet<>();
    private final Map<String, Long> lastVersion = new HashMap<>();
    private final Map<String, Long> lastSeqId = new HashMap<>();
    private final Map<String, BigInteger> lastTradeTick = new HashMap<>();
    private final MeterRegistry meters;
    private final Counter framesIn;
    private final Counter controlOut;
    private final Counter duplicates;

    private Set<String> desired = Set.of();
    private FeedOutput output;
    private FeedRuntime runtime;
    private ReconnectingWebSocket socket;
    private PacedSender sender;
    private ResyncTimers resyncTimers;
    private long nextId = 1;

    /**
     * @param config this feed's config
     * @param registry the instrument universe (instruments listed on {@code htx} are served)
     * @param partitionCount number of normalizer partitions (the same on every node)
     * @param meters where the connector's counters go
     */
    public HtxConnectorVerticle(HtxConfig config, InstrumentRegistry registry, int partitionCount,
            MeterRegistry meters) {
        this(config, registry, partitionCount, meters, Clocks::epochNanos);
    }

    /** As the main constructor, with the epoch clock for {@code recvTsNanos} injected. */
    public HtxConnectorVerticle(HtxConfig config, InstrumentRegistry registry, int partitionCount,
            MeterRegistry meters, LongSupplier epochNanos) {
        this.config = config;
        this.universe = new FeedUniverse(registry, VENUE, EnumSet.allOf(AssetClass.class));
        this.partitionCount = partitionCount;
        this.epochNanos = epochNanos;
        this.mapper = new HtxMapper(universe, config.bookLevels());
        this.bucket = new TokenBucket(config.controlBurst(), config.controlPerSecond());
        this.meters = meters;
        sent.put(Kind.DEPTH, new TreeSet<>());
        sent.put(Kind.BBO, new TreeSet<>());
        if (config.subscribeTrades()) {
            sent.put(Kind.TRADE, new TreeSet<>());
        }
        String feed = config.feedId();
        this.framesIn = Counter.builder("tickplant.upstream.messages").tag("feed", feed).register(meters);
        this.controlOut = Counter.builder("tickplant.ingest.requests").tag("feed", feed).register(meters);
        this.duplicates = Counter.builder("tickplant.ingest.duplicates").tag("feed", feed).register(meters);
    }

    @Override
    public Future<?> start() {
        LOG.info("feed={} starting with {}", config.feedId(), config);
        sender = new PacedSender(vertx, bucket, monotonicMs, this::messageDue, this::sendOne);
        resyncTimers = new ResyncTimers(vertx, monotonicMs, config.resyncMinInterval());
        long tickMs = Math.max(10, Math.min(250, config.heartbeatTimeout().toMillis() / 4));
        FeedRuntime.Settings settings = new FeedRuntime.Settings(VENUE, partitionCount, config.maxBatchEvents(),
                tickMs, new UpstreamConnections.Settings(config.feedId(), config.heartbeatTimeout(), 1 << 22,
                        config.reconnectMin(), config.reconnectMax(), config.healthyAfter(), config.recordFile()));
        return FeedRuntime.open(vertx, context, deploymentID(), settings, demand, meters, epochNanos, monotonicMs)
                .compose(opened -> {
                    runtime = opened;
                    output = opened.output();
                    socket = opened.connection(() -> config.wsUri().toString(),
                            ReconnectingWebSocket.Listener.of(this::onConnected, text -> onParsed(parser.parse(text)),
                                    data -> onParsed(parser.parseGzip(data.getBytes())), this::onDisconnected));
                    return opened.start(this::recomputeDesired, this::onResyncRequest, this::housekeeping);
                });
    }

    @Override
    public Future<?> stop() {
        sender.cancel();
        resyncTimers.cancelAll();
        return runtime == null ? Future.succeededFuture() : runtime.stop();
    }

    private void recomputeDesired() {
        Set<String> codes = universe.codesForAnyVenueName(config.alwaysOn(), demand.union());
        codes.removeAll(rejected);
        if (!codes.equals(desired)) {
            desired = Set.copyOf(codes);
            LOG.info("feed={} wants {} symbols upstream", config.feedId(), codes.size());
            sender.pump();
        }
    }

    /** Whether a control message is due and can go out now. */
    private boolean messageDue() {
        return socket != null && socket.isOpen() && (!urgent.isEmpty() || subscriptionDue());
    }

    /** Sends the next message (once per token): resyncs first, then one sub or unsub per topic. */
    private void sendOne() {
        String next = urgent.isEmpty() ? nextSubscriptionMessage() : urgent.poll();
        controlOut.increment();
        LOG.debug("feed={} sending {}", config.feedId(), next);
        socket.send(next);
    }

    private boolean subscriptionDue() {
        for (Set<String> have : sent.values()) {
            if (!have.equals(desired)) {
                return true;
            }
        }
        return false;
    }

    private String nextSubscriptionMessage() {
        for (Map.Entry<Kind, Set<String>> e : sent.entrySet()) {
            Set<String> have = e.getValue();
            for (String c : desired) {
                if (!have.contains(c)) {
                    have.add(c);
                    return request(e.getKey().topic(c), c, true);
                }
            }
            for (String c : have) {
                if (!desired.contains(c)) {
                    have.remove(c);
                    if (e.getKey() == Kind.DEPTH) {
                        live.remove(c);
                        resyncing.remove(c);
                        resubscribing.remove(c);
                        lastVersion.remove(c);
                    }
                    return request(e.getKey().topic(c), c, false);
                }
            }
        }
        throw new IllegalStateException("no subscription message due");
    }

    private String request(String topic, String code, boolean sub) {
        String id = config.feedId() + "-" + nextId++;
        pending.put(id, new Pending(topic, code, sub));
        return sub ? HtxFrames.sub(topic, id) : HtxFrames.unsub(topic, id);
    }

    private void onConnected() {
        bucket.reset();
        sender.pump();
    }

    private void onDisconnected(String reason) {
        sender.cancel();
        urgent.clear();
        pending.clear();
        sent.values().forEach(Set::clear);
        resyncing.clear();
        resubscribing.clear();
        lastVersion.clear();
        lastSeqId.clear();
        lastTradeTick.clear();
        resyncTimers.cancelAll();
        long ts = epochNanos.getAsLong();
        for (String code : live) {
            emitStatus(code, StatusState.DISCONNECTED, "upstream connection lost: " + reason, ts);
        }
        live.clear();
    }

    private void housekeeping() {
        if (socket != null) {
            socket.dropIfSilent(config.heartbeatTimeout().toMillis());
        }
    }

    private void onParsed(Parsed parsed) {
        framesIn.increment();
        long recv = epochNanos.getAsLong();
        if (parsed instanceof Parsed.Rejected) {
            Parsed.Rejected r = (Parsed.Rejected) parsed;
            reject(r.reason(), r.detail());
            return;
        }
        Inbound frame = ((Parsed.Ok) parsed).frame();
        if (frame instanceof HtxFrames.Ping) {
            // Two unanswered pings and the venue disconnects, so a pong never waits for a token; it still uses one
            // when available. Its rate is the venue's own ping rate, which cannot exceed the venue's limit.
            bucket.tryTake(monotonicMs.getAsLong());
            controlOut.increment();
            socket.send(HtxFrames.pong(((HtxFrames.Ping) frame).value()));
        } else if (frame instanceof HtxFrames.Depth) {
            onDepth((HtxFrames.Depth) frame, recv);
        } else if (frame instanceof HtxFrames.Bbo) {
            HtxFrames.Bbo b = (HtxFrames.Bbo) frame;
            if (subscribed(Kind.BBO, b.symbol()) && newer(lastSeqId, b.symbol(), b.seqId())) {
                forward(mapper.quote(b, recv));
            }
        } else if (frame instanceof HtxFrames.TradeDetail) {
            onTrades((HtxFrames.TradeDetail) frame, recv);
        } else if (frame instanceof HtxFrames.Reply) {
            onReply((HtxFrames.Reply) frame, recv);
        }
    }

    private boolean subscribed(Kind kind, String code) {
        Set<String> codes = sent.get(kind);
        return codes != null && codes.contains(code);
    }

    private boolean newer(Map<String, Long> last, String code, long value) {
        if (value == 0) {
            return true; // a message without seqId/version cannot be ordered here; the normalizer orders it by time
        }
        Long previous = last.get(code);
        if (previous != null && value <= previous) {
            duplicates.increment();
            return false;
        }
        last.put(code, value);
        return true;
    }

    private void onDepth(HtxFrames.Depth d, long recv) {
        String code = d.symbol();
        if (!sent.get(Kind.DEPTH).contains(code) || resubscribing.contains(code)
                || !newer(lastVersion, code, d.version())) {
            return;
        }
        HtxMapper.Mapped mapped = mapper.book(d, recv);
        if (mapped instanceof HtxMapper.Mapped.Rejected) {
            forward(mapped);
            return;
        }
        forward(mapped);
        boolean wasResyncing = resyncing.remove(code);
        if (live.add(code) || wasResyncing) {
            emitStatus(code, StatusState.LIVE, wasResyncing ? "book resynchronised" : "subscribed", recv);
        }
    }

    private void onTrades(HtxFrames.TradeDetail t, long recv) {
        if (!config.subscribeTrades() || !subscribed(Kind.TRADE, t.symbol())) {
            return;
        }
        if (t.tickId() != null) {
            // Without a tick id a push is not ordered here; the normalizer drops repeated trade ids anyway.
            BigInteger tick = new BigInteger(t.tickId());
            BigInteger previous = lastTradeTick.get(t.symbol());
            if (previous != null && tick.compareTo(previous) <= 0) {
                duplicates.increment();
                return;
            }
            lastTradeTick.put(t.symbol(), tick);
        }
        for (HtxFrames.TradeItem item : t.data()) {
            forward(mapper.trade(t.symbol(), item, recv));
        }
    }

    private void onReply(HtxFrames.Reply reply, long recv) {
        Pending p = reply.id() == null ? null : pending.remove(reply.id());
        if (reply.ok()) {
            LOG.debug("feed={} {} acknowledged: {}", config.feedId(), reply.id(), reply.topic());
            if (p != null && p.sub() && p.topic().equals(HtxFrames.depthTopic(p.code()))
                    && resubscribing.remove(p.code())) {
                lastVersion.remove(p.code());
            }
            return;
        }
        if (p == null || !p.sub()) {
            LOG.warn("feed={} venue error for id={}: {} {}", config.feedId(), reply.id(), reply.errCode(),
                    reply.errMsg());
            return;
        }
        String code = p.code();
        if (rejected.add(code)) {
            LOG.warn("feed={} venue rejected {}: {} {}", config.feedId(), p.topic(), reply.errCode(), reply.errMsg());
            sent.values().forEach(s -> s.remove(code));
            live.remove(code);
            resyncing.remove(code);
            resubscribing.remove(code);
            emitStatus(code, StatusState.REJECTED, "venue rejected " + p.topic() + ": " + reply.errMsg(), recv);
            recomputeDesired();
        }
    }

    private void onResyncRequest(String key) {
        Instrument instrument = universe.resyncTarget(key);
        if (instrument == null || !sent.get(Kind.DEPTH).contains(instrument.codeOn(VENUE))) {
            return;
        }
        String code = instrument.codeOn(VENUE);
        if (resyncing.add(code)) {
            emitStatus(code, StatusState.RESYNCING, "requested by the normalizer", epochNanos.getAsLong());
        }
        resyncTimers.schedule(code, () -> {
            if (socket == null || !socket.isOpen() || !sent.get(Kind.DEPTH).contains(code)) {
                return false;
            }
            resubscribing.add(code);
            urgent.add(request(HtxFrames.depthTopic(code), code, false));
            urgent.add(request(HtxFrames.depthTopic(code), code, true));
            sender.pump();
            return true;
        });
    }

    private void forward(HtxMapper.Mapped mapped) {
        if (mapped instanceof HtxMapper.Mapped.Rejected) {
            HtxMapper.Mapped.Rejected r = (HtxMapper.Mapped.Rejected) mapped;
            reject(r.reason(), r.detail());
            return;
        }
        output.emit(((HtxMapper.Mapped.Ok) mapped).event());
    }

    private void emitStatus(String code, StatusState state, String reason, long tsNanos) {
        Instrument instrument = universe.byCode(code);
        if (instrument == null) {
            return;
        }
        output.status(instrument.symbol(), state, reason, tsNanos);
    }

    private void reject(Reject reason, String detail) {
        output.reject(reason, detail);
    }
}
