package dev.tickplant.ingest.alltick;

import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.time.Clocks;
import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.alltick.AllTickFrameParser.Parsed;
import dev.tickplant.ingest.alltick.AllTickFrames.DepthCode;
import dev.tickplant.ingest.alltick.AllTickFrames.DepthPush;
import dev.tickplant.ingest.alltick.AllTickFrames.Frame;
import dev.tickplant.ingest.alltick.AllTickFrames.Reply;
import dev.tickplant.ingest.alltick.AllTickFrames.TradePush;
import dev.tickplant.ingest.ws.DemandTracker;
import dev.tickplant.ingest.ws.FeedOutput;
import dev.tickplant.ingest.ws.FeedRuntime;
import dev.tickplant.ingest.ws.FeedUniverse;
import dev.tickplant.ingest.ws.ReconnectingWebSocket;
import dev.tickplant.ingest.ws.RequestPacer;
import dev.tickplant.ingest.ws.SubscriptionSet;
import dev.tickplant.ingest.ws.SymbolWatchdog;
import dev.tickplant.ingest.ws.UpstreamConnections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AllTick feed (one endpoint) on one persistent WebSocket. Subscribes the union of the configured always-on
 * symbols and the cluster's demand ({@code tp.ingest.demand}), restricted to the instruments this endpoint serves,
 * and keeps that list in step on the live connection: AllTick's 22002/22004 requests replace the previous list, so
 * every change sends the full list, coalesced and spaced by {@code minRequestInterval} (the venue answers faster
 * requests with 429). A subscribed symbol that goes silent for {@code staleAfter} is re-subscribed without dropping
 * the connection. Heartbeats (22000) go out every {@code heartbeatInterval}; when nothing arrives for
 * {@code heartbeatTimeout} the connection is dropped and re-made with capped exponential backoff.
 *
 * <p>Pushes become {@code BookUpdate} + {@code Quote} (22999) and {@code Trade} (22998) events, batched per
 * normalizer partition onto {@code tp.norm.<p>}. {@code Status} events report LIVE once a subscription is
 * acknowledged, STALE when a symbol goes silent, DISCONNECTED when the connection drops, and REJECTED when the venue
 * refuses a code (ret 600 "code invalid", or 604 "code unauthorized"); a rejected code is left out of further
 * requests on that connection.
 *
 * <p>All state is confined to this verticle's event loop.
 *
 * @see <a href="https://en.apis.alltick.co/websocket-api/websocket-interface-api/handicap-quote-subscription">AllTick order book subscription</a>
 * @see <a href="https://en.apis.alltick.co/websocket-api/websocket-interface-api/transaction-quote-subscription">AllTick trade subscription</a>
 * @see <a href="https://en.apis.alltick.co/integration-process/interface-restriction-description/websocket-interface-limitations">AllTick WebSocket limitations</a>
 */
public final class AllTickConnectorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(AllTickConnectorVerticle.class);
    private static final String VENUE = "alltick";

    private enum Kind { DEPTH, TRADES }

    private record Pending(Kind kind, List<String> codes) {}

    private final AllTickConfig config;
    private final FeedUniverse universe;
    private final int partitionCount;
    private final LongSupplier epochNanos;
    private final LongSupplier monotonicMs = () -> System.nanoTime() / 1_000_000L;
    private final AllTickFrameParser parser = new AllTickFrameParser();
    private final AllTickMapper mapper;
    private final DemandTracker demand = new DemandTracker(monotonicMs);
    private final SubscriptionSet depthSubs = new SubscriptionSet();
    private final SubscriptionSet tradeSubs = new SubscriptionSet();
    private final RequestPacer pacer;
    private final SymbolWatchdog watchdog;
    private final Set<String> quarantined = new TreeSet<>();
    private final Set<String> liveCodes = new TreeSet<>();
    private final Set<String> staleCodes = new TreeSet<>();
    private final Map<Long, Pending> pending = new HashMap<>();

    private final Counter framesIn;
    private final Counter requestsOut;
    private final Counter resubscribes;
    private final Counter rejectedCodes;
    private final MeterRegistry meters;

    /** Written on the event loop, read by metrics scrapes. */
    private volatile int connectedGauge;
    private volatile int upstreamCodesGauge;

    private ReconnectingWebSocket socket;
    private FeedOutput output;
    private FeedRuntime runtime;
    private long pumpTimer = -1;
    private long nextSeqId = 1;
    private long lastHeartbeatMs;

    /**
     * @param config this feed's config
     * @param registry the instrument universe
     * @param partitionCount number of normalizer partitions (the same on every node)
     * @param meters where the connector's counters go
     */
    public AllTickConnectorVerticle(AllTickConfig config, InstrumentRegistry registry, int partitionCount,
            MeterRegistry meters) {
        this(config, registry, partitionCount, meters, Clocks::epochNanos);
    }

    /** As the main constructor, with the epoch clock for {@code recvTsNanos} injected. */
    public AllTickConnectorVerticle(AllTickConfig config, InstrumentRegistry registry, int partitionCount,
            MeterRegistry meters, LongSupplier epochNanos) {
        this.config = config;
        this.universe = new FeedUniverse(registry, VENUE, config.assetClasses());
        this.partitionCount = partitionCount;
        this.epochNanos = epochNanos;
        this.mapper = new AllTickMapper(universe, config.depthLevel());
        this.pacer = new RequestPacer(config.minRequestInterval().toMillis());
        this.watchdog = new SymbolWatchdog(monotonicMs, config.staleAfter().toMillis());
        this.meters = meters;
        String feed = config.feedId();
        this.framesIn = Counter.builder("tickplant.upstream.messages").tag("feed", feed).register(meters);
        this.requestsOut = Counter.builder("tickplant.ingest.requests").tag("feed", feed).register(meters);
        this.resubscribes = Counter.builder("tickplant.ingest.resubscribes").tag("feed", feed).register(meters);
        this.rejectedCodes = Counter.builder("tickplant.ingest.rejected.codes").tag("feed", feed).register(meters);
        Gauge.builder("tickplant.ingest.connected", this, v -> v.connectedGauge).tag("feed", feed).register(meters);
        Gauge.builder("tickplant.ingest.upstream.codes", this, v -> v.upstreamCodesGauge).tag("feed", feed)
                .register(meters);
    }

    @Override
    public Future<?> start() {
        LOG.info("feed={} starting with {}", config.feedId(), config);
        List<String> notServed = config.alwaysOn().stream()
                .filter(symbol -> universe.codesFor(List.of(symbol)).isEmpty()).toList();
        if (!notServed.isEmpty()) {
            LOG.warn("feed={} ignores always-on symbols it does not serve: {}", config.feedId(), notServed);
        }
        long tickMs = Math.max(10, Math.min(250, Math.min(config.staleAfter().toMillis() / 4,
                config.heartbeatInterval().toMillis() / 2)));
        FeedRuntime.Settings settings = new FeedRuntime.Settings(VENUE, partitionCount, config.maxBatchEvents(),
                tickMs, new UpstreamConnections.Settings(config.feedId(), config.heartbeatTimeout(), 1 << 22,
                        config.reconnectMin(), config.reconnectMax(), config.healthyAfter(), config.recordFile()));
        return FeedRuntime.open(vertx, context, deploymentID(), settings, demand, meters, epochNanos, monotonicMs)
                .compose(opened -> {
                    runtime = opened;
                    output = opened.output();
                    socket = opened.connection(config::connectUri,
                            ReconnectingWebSocket.Listener.of(this::onConnected, this::onFrame, this::onDisconnected));
                    // AllTick has no book to resync: the feed does not listen for resync requests.
                    return opened.start(this::recomputeDesired, null, this::housekeeping);
                });
    }

    @Override
    public Future<?> stop() {
        if (pumpTimer >= 0) {
            vertx.cancelTimer(pumpTimer);
        }
        return runtime == null ? Future.succeededFuture() : runtime.stop();
    }

    private void recomputeDesired() {
        List<String> keys = new ArrayList<>(config.alwaysOn());
        keys.addAll(demand.union());
        Set<String> codes = universe.codesFor(keys);
        codes.removeAll(quarantined);
        boolean changed = depthSubs.setDesired(codes);
        if (config.subscribeTrades()) {
            changed |= tradeSubs.setDesired(codes);
        }
        liveCodes.retainAll(codes);
        staleCodes.retainAll(codes);
        upstreamCodesGauge = codes.size();
        if (changed) {
            LOG.info("feed={} upstream list now {} codes", config.feedId(), codes.size());
            pump();
        }
    }

    /** Sends the next pending subscription request if the pacer allows, else schedules itself. */
    private void pump() {
        if (socket == null || !socket.isOpen() || pumpTimer >= 0) {
            return;
        }
        long now = monotonicMs.getAsLong();
        long wait = pacer.waitMs(now);
        boolean depthPending = depthSubs.pending();
        boolean tradePending = config.subscribeTrades() && tradeSubs.pending();
        if (!depthPending && !tradePending) {
            return;
        }
        if (wait > 0) {
            pumpTimer = vertx.setTimer(wait, id -> {
                pumpTimer = -1;
                pump();
            });
            return;
        }
        if (depthPending) {
            sendDepth(depthSubs.next());
        } else {
            sendTrades(tradeSubs.next());
        }
        pacer.sent(now);
        if (depthSubs.pending() || (config.subscribeTrades() && tradeSubs.pending())) {
            pump();
        }
    }

    private void sendDepth(SubscriptionSet.Action action) {
        long seq = nextSeqId++;
        String trace = trace(seq);
        if (action instanceof SubscriptionSet.Action.Replace) {
            List<String> codes = ((SubscriptionSet.Action.Replace) action).codes();
            List<DepthCode> list = new ArrayList<>(codes.size());
            codes.forEach(c -> list.add(new DepthCode(c, config.depthLevel())));
            write(new AllTickFrames.SubscribeDepth(seq, trace, list), new Pending(Kind.DEPTH, codes), seq);
            watchdog.watch(codes);
            watchdog.restartAll();
        } else {
            write(new AllTickFrames.Cancel(seq, trace, AllTickFrames.CANCEL_DEPTH), new Pending(Kind.DEPTH, List.of()),
                    seq);
            watchdog.clear();
        }
        depthSubs.markSent(action);
    }

    private void sendTrades(SubscriptionSet.Action action) {
        long seq = nextSeqId++;
        String trace = trace(seq);
        if (action instanceof SubscriptionSet.Action.Replace) {
            List<String> codes = ((SubscriptionSet.Action.Replace) action).codes();
            write(new AllTickFrames.SubscribeTrades(seq, trace, codes), new Pending(Kind.TRADES, codes), seq);
        } else {
            write(new AllTickFrames.Cancel(seq, trace, AllTickFrames.CANCEL_TRADES),
                    new Pending(Kind.TRADES, List.of()), seq);
        }
        tradeSubs.markSent(action);
    }

    private void write(Frame frame, Pending what, long seq) {
        pending.put(seq, what);
        requestsOut.increment();
        LOG.debug("feed={} sending {}", config.feedId(), frame);
        socket.send(frame.toJson());
    }

    private String trace(long seq) {
        return config.feedId() + "-" + seq;
    }

    private void onConnected() {
        connectedGauge = 1;
        pacer.reset();
        depthSubs.connectionLost();
        tradeSubs.connectionLost();
        pending.clear();
        quarantined.clear();
        watchdog.clear();
        staleCodes.clear();
        // The first heartbeat waits a full interval: subscribing first gets data flowing sooner, and a venue that
        // counts heartbeats against its request limit would otherwise refuse the first subscription.
        lastHeartbeatMs = monotonicMs.getAsLong();
        recomputeDesired();
        pump();
    }

    private void onDisconnected(String reason) {
        connectedGauge = 0;
        if (pumpTimer >= 0) {
            vertx.cancelTimer(pumpTimer);
            pumpTimer = -1;
        }
        depthSubs.connectionLost();
        tradeSubs.connectionLost();
        pending.clear();
        watchdog.clear();
        staleCodes.clear();
        long now = epochNanos.getAsLong();
        for (String code : liveCodes) {
            emitStatus(code, StatusState.DISCONNECTED, "upstream connection lost: " + reason, now);
        }
        liveCodes.clear();
    }

    private void sendHeartbeat(long nowMs) {
        lastHeartbeatMs = nowMs;
        pacer.sent(nowMs);
        long seq = nextSeqId++;
        socket.send(new AllTickFrames.Heartbeat(seq, trace(seq)).toJson());
    }

    private void housekeeping() {
        if (socket == null || !socket.isOpen()) {
            return;
        }
        if (socket.dropIfSilent(config.heartbeatTimeout().toMillis())) {
            return;
        }
        long now = monotonicMs.getAsLong();
        // Heartbeats share the request pacing (the venue may count them), with ample slack: 10 s vs. a 30 s cutoff.
        if (now - lastHeartbeatMs >= config.heartbeatInterval().toMillis() && pacer.waitMs(now) == 0) {
            sendHeartbeat(now);
        }
        long ts = epochNanos.getAsLong();
        Instant at = Instant.ofEpochSecond(0, ts);
        List<String> silent = new ArrayList<>();
        for (String code : watchdog.checkSilent()) {
            Instrument instrument = universe.byCode(code);
            // A closed market is quiet by design: neither stale nor worth a re-subscription.
            if (instrument != null && instrument.calendar().isOpen(at)) {
                silent.add(code);
            }
        }
        if (!silent.isEmpty()) {
            LOG.warn("feed={} no data for {} ms from {}, re-subscribing on the live connection", config.feedId(),
                    config.staleAfter().toMillis(), silent);
            for (String code : silent) {
                if (staleCodes.add(code)) {
                    emitStatus(code, StatusState.STALE, "no data for " + config.staleAfter().toMillis() + " ms", ts);
                }
            }
            resubscribes.increment(silent.size());
            depthSubs.forceResend();
            if (config.subscribeTrades()) {
                tradeSubs.forceResend();
            }
            pump();
        }
    }

    private void onFrame(String text) {
        framesIn.increment();
        long recv = epochNanos.getAsLong();
        Parsed parsed = parser.parse(text);
        if (parsed instanceof Parsed.Rejected) {
            Parsed.Rejected r = (Parsed.Rejected) parsed;
            reject(r.reason(), r.detail());
            return;
        }
        Frame frame = ((Parsed.Ok) parsed).frame();
        if (frame instanceof DepthPush) {
            DepthPush push = (DepthPush) frame;
            onData(push.code(), mapper.map(push, recv), recv);
        } else if (frame instanceof TradePush) {
            TradePush push = (TradePush) frame;
            onData(push.code(), mapper.map(push, recv), recv);
        } else if (frame instanceof Reply) {
            onReply((Reply) frame, recv);
        } else {
            reject(Reject.PARSE_UNKNOWN_COMMAND, "unexpected request frame from venue");
        }
    }

    private void onData(String code, AllTickMapper.Mapped mapped, long recv) {
        if (mapped instanceof AllTickMapper.Mapped.Rejected) {
            AllTickMapper.Mapped.Rejected r = (AllTickMapper.Mapped.Rejected) mapped;
            reject(r.reason(), r.detail());
            return;
        }
        watchdog.onData(code);
        if (staleCodes.remove(code) && liveCodes.contains(code)) {
            emitStatus(code, StatusState.LIVE, "data resumed", recv);
        }
        for (MarketEvent e : ((AllTickMapper.Mapped.Ok) mapped).events()) {
            output.emit(e);
        }
    }

    private void onReply(Reply reply, long recv) {
        if (reply.ret() == AllTickFrames.RET_TOKEN_INVALID) {
            LOG.error("feed={} token rejected by the venue (ret=401 msg={}); check the configured token",
                    config.feedId(), reply.msg());
            return;
        }
        if (reply.cmdId() == AllTickFrames.CMD_HEARTBEAT_REPLY) {
            // Liveness is judged by anything arriving at all (the socket notes it), so the reply needs no bookkeeping.
            return;
        }
        Pending what = pending.remove(reply.seqId());
        if (what == null) {
            LOG.debug("feed={} reply to unknown seq_id={} ret={}", config.feedId(), reply.seqId(), reply.ret());
            return;
        }
        SubscriptionSet subs = what.kind() == Kind.DEPTH ? depthSubs : tradeSubs;
        if (reply.ok()) {
            if (what.kind() == Kind.DEPTH) {
                for (String code : what.codes()) {
                    if (liveCodes.add(code)) {
                        emitStatus(code, StatusState.LIVE, "subscribed", recv);
                    }
                }
            }
            return;
        }
        switch (reply.ret()) {
            case AllTickFrames.RET_CODE_INVALID:
            case AllTickFrames.RET_CODE_UNAUTHORIZED:
                onCodesRejected(reply, what, recv);
                break;
            case AllTickFrames.RET_RATE_LIMIT:
            case AllTickFrames.RET_TOO_MANY_REQUESTS:
            case AllTickFrames.RET_TOO_MANY_REQUESTS_CLOSING:
                LOG.warn("feed={} request rate limited (ret={}), retrying after the pacing interval", config.feedId(),
                        reply.ret());
                subs.requestFailed();
                pump();
                break;
            default:
                LOG.warn("feed={} {} request failed ret={} msg={}, retrying", config.feedId(), what.kind(),
                        reply.ret(), reply.msg());
                subs.requestFailed();
                pump();
                break;
        }
    }

    private void onCodesRejected(Reply reply, Pending what, long recv) {
        List<String> codes = new ArrayList<>(reply.invalidCodes());
        if (codes.isEmpty() && what.codes().size() == 1) {
            codes.add(what.codes().get(0));
        }
        if (codes.isEmpty()) {
            // Without knowing which code was refused, re-sending the same list would be refused again each second.
            LOG.warn("feed={} venue refused a {} request (ret={} msg={}) without naming codes", config.feedId(),
                    what.kind(), reply.ret(), reply.msg());
            return;
        }
        LOG.warn("feed={} venue rejected codes {} (ret={} msg={})", config.feedId(), codes, reply.ret(), reply.msg());
        for (String code : codes) {
            if (quarantined.add(code)) {
                rejectedCodes.increment();
                emitStatus(code, StatusState.REJECTED, "venue rejected code " + code + ": " + reply.msg(), recv);
            }
        }
        // The venue may have dropped the whole list; re-send the rest.
        depthSubs.requestFailed();
        tradeSubs.requestFailed();
        recomputeDesired();
        pump();
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
