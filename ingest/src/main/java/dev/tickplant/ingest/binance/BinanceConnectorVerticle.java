package dev.tickplant.ingest.binance;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.time.Clocks;
import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.binance.BinanceFrameParser.Parsed;
import dev.tickplant.ingest.binance.BinanceFrames.BookTicker;
import dev.tickplant.ingest.binance.BinanceFrames.DepthSnapshot;
import dev.tickplant.ingest.binance.BinanceFrames.DepthUpdate;
import dev.tickplant.ingest.binance.BinanceFrames.Frame;
import dev.tickplant.ingest.binance.BinanceFrames.Reply;
import dev.tickplant.ingest.binance.BinanceFrames.Request;
import dev.tickplant.ingest.binance.BinanceFrames.TradeEvent;
import dev.tickplant.ingest.ws.DemandTracker;
import dev.tickplant.ingest.replay.FrameRecorder;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Binance spot public market-data feed on combined-stream WebSockets ({@code /stream}). Subscribes, per wanted
 * symbol, {@code <s>@bookTicker}, {@code <s>@trade} (or {@code @aggTrade}) and {@code <s>@depth@100ms} with
 * {@code SUBSCRIBE}/{@code UNSUBSCRIBE} on the live connection, following the union of the always-on symbols and the
 * cluster's demand. Control messages go through one {@link TokenBucket} per connection (Binance: at most 5 incoming
 * messages per second, pings and pongs included; Vert.x answers the server's pings with pongs by itself). A
 * connection carries at most {@code maxStreamsPerConnection} streams (Binance: 1024); further symbols open further
 * connections (shards). Binance closes every connection after 24 hours; that, like any drop, is a reconnect that
 * re-subscribes and re-syncs the books.
 *
 * <p>Order books follow Binance's documented procedure ({@link BinanceBookSync}): buffer diff events, fetch
 * {@code GET /api/v3/depth}, bridge on {@code lastUpdateId}, then forward deltas with {@code U}/{@code u} and the id
 * they follow. A gap in {@code U}/{@code u} reports RESYNCING and fetches a fresh snapshot; nothing of the broken
 * book is forwarded. {@code tp.ingest.resync} ({@code SYMBOL@binance}) asks for the same, at most once per
 * {@code resyncMinInterval}. With a {@code recordFile}, the REST snapshots are recorded with the frames, so that a
 * replay builds the same books. A symbol the venue refuses (an error reply to its SUBSCRIBE, or REST -1121) is
 * reported REJECTED and left out until the next reconnect.
 *
 * <p>All state is confined to this verticle's event loop.
 *
 * @see <a href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams">Binance WebSocket streams</a>
 * @see <a href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints#order-book">Binance REST order book</a>
 */
public final class BinanceConnectorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceConnectorVerticle.class);
    private static final String VENUE = BinanceMapper.VENUE;
    /** Symbols per SUBSCRIBE message; Binance does not document a cap, this keeps frames small. */
    private static final int MAX_SYMBOLS_PER_REQUEST = 50;
    private static final int MAX_BUFFERED_DIFFS = 10_000;

    private record Action(String method, String code) {}

    private record Pending(String method, List<String> codes) {}

    /** One WebSocket connection and the symbols assigned to it. */
    private final class Shard {
        final int index;
        final Set<String> assigned = new TreeSet<>();
        /** What the venue has (or will have once queued requests are sent) on the current connection. */
        final UpstreamSubscriptions upstream = new UpstreamSubscriptions();
        final Deque<Action> queue = new ArrayDeque<>();
        final Map<Long, Pending> pending = new HashMap<>();
        final TokenBucket bucket = new TokenBucket(1, config.maxMessagesPerSecond());
        ReconnectingWebSocket socket;
        PacedSender sender;

        Shard(int index) {
            this.index = index;
        }
    }

    /** Per wanted symbol. */
    private static final class Sym {
        final String code;
        final Instrument instrument;
        final Shard shard;
        final BinanceBookSync book = new BinanceBookSync(MAX_BUFFERED_DIFFS);
        boolean live;
        boolean fetching;
        long snapshotTimer = -1;
        long lastSnapshotMs = Long.MIN_VALUE / 2;
        int generation;

        Sym(String code, Instrument instrument, Shard shard) {
            this.code = code;
            this.instrument = instrument;
            this.shard = shard;
        }
    }

    private final BinanceConfig config;
    private final FeedUniverse universe;
    private final int partitionCount;
    private final LongSupplier epochNanos;
    private final LongSupplier monotonicMs = () -> System.nanoTime() / 1_000_000L;
    private final BinanceFrameParser parser = new BinanceFrameParser();
    private final DemandTracker demand = new DemandTracker(monotonicMs);
    private final List<Shard> shards = new ArrayList<>();
    private final Map<String, Sym> symbols = new HashMap<>();
    private final Set<String> quarantined = new TreeSet<>();
    private final MeterRegistry meters;
    private final Counter framesIn;
    private final Counter requestsOut;
    private final Counter resyncs;
    private final Counter snapshots;

    private HttpClient httpClient;
    private FeedOutput output;
    private FeedRuntime runtime;
    private UpstreamConnections connections;
    private long nextRequestId = 1;
    private boolean stopped;

    /**
     * @param config this feed's config
     * @param registry the instrument universe
     * @param partitionCount number of normalizer partitions (the same on every node)
     * @param meters where the connector's counters go
     */
    public BinanceConnectorVerticle(BinanceConfig config, InstrumentRegistry registry, int partitionCount,
            MeterRegistry meters) {
        this(config, registry, partitionCount, meters, Clocks::epochNanos);
    }

    /** As the main constructor, with the epoch clock for {@code recvTsNanos} injected. */
    public BinanceConnectorVerticle(BinanceConfig config, InstrumentRegistry registry, int partitionCount,
            MeterRegistry meters, LongSupplier epochNanos) {
        this.config = config;
        this.universe = new FeedUniverse(registry, VENUE, EnumSet.allOf(AssetClass.class));
        this.partitionCount = partitionCount;
        this.epochNanos = epochNanos;
        this.meters = meters;
        String feed = config.feedId();
        this.framesIn = Counter.builder("tickplant.upstream.messages").tag("feed", feed).register(meters);
        this.requestsOut = Counter.builder("tickplant.ingest.requests").tag("feed", feed).register(meters);
        this.resyncs = Counter.builder("tickplant.ingest.resyncs").tag("feed", feed).register(meters);
        this.snapshots = Counter.builder("tickplant.ingest.snapshots").tag("feed", feed).register(meters);
    }

    @Override
    public Future<?> start() {
        LOG.info("feed={} starting with {}", config.feedId(), config);
        httpClient = vertx.createHttpClient(new HttpClientOptions()
                .setSsl("https".equals(config.restUri().getScheme()))
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.heartbeatTimeout().toMillis())));
        long tickMs = Math.max(20, Math.min(250, config.heartbeatTimeout().toMillis() / 4));
        FeedRuntime.Settings settings = new FeedRuntime.Settings(VENUE, partitionCount, config.maxBatchEvents(),
                tickMs, new UpstreamConnections.Settings(config.feedId(), config.heartbeatTimeout(), 1 << 24,
                        config.reconnectMin(), config.reconnectMax(), config.healthyAfter(), config.recordFile()));
        return FeedRuntime.open(vertx, context, deploymentID(), settings, demand, meters, epochNanos, monotonicMs)
                .compose(opened -> {
                    runtime = opened;
                    output = opened.output();
                    connections = opened.connections();
                    // Shards connect as symbols are assigned to them, so nothing is wanted before the listeners are.
                    return opened.listen(this::recompute, this::onResyncRequest, this::housekeeping);
                })
                .onSuccess(v -> recompute());
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        for (Sym s : symbols.values()) {
            vertx.cancelTimer(s.snapshotTimer);
        }
        for (Shard shard : shards) {
            shard.sender.cancel();
        }
        // REST first: a snapshot answered after the recording closed could not be recorded.
        Future<Void> rest = httpClient == null ? Future.succeededFuture() : httpClient.close();
        return rest.eventually(() -> runtime == null ? Future.succeededFuture() : runtime.stop());
    }

    /** Number of WebSocket connections (shards) opened so far; read on the event loop or after stop. */
    int shardCount() {
        return shards.size();
    }

    private void recompute() {
        List<String> keys = new ArrayList<>(config.alwaysOn());
        keys.addAll(demand.union());
        Set<String> wanted = universe.codesFor(keys);
        wanted.removeAll(quarantined);
        Set<Shard> touched = new LinkedHashSet<>();
        for (String code : new ArrayList<>(symbols.keySet())) {
            if (!wanted.contains(code)) {
                Sym s = symbols.remove(code);
                s.shard.assigned.remove(code);
                dropBook(s);
                touched.add(s.shard);
            }
        }
        for (String code : wanted) {
            if (!symbols.containsKey(code)) {
                Shard shard = shardWithRoom();
                shard.assigned.add(code);
                symbols.put(code, new Sym(code, universe.byCode(code), shard));
                touched.add(shard);
            }
        }
        if (!touched.isEmpty()) {
            LOG.info("feed={} upstream symbols now {} on {} connection(s)", config.feedId(), symbols.size(),
                    shards.size());
        }
        touched.forEach(this::reconcile);
    }

    private Shard shardWithRoom() {
        int perShard = config.maxStreamsPerConnection() / BinanceFrames.STREAMS_PER_SYMBOL;
        for (Shard shard : shards) {
            if (shard.assigned.size() < perShard) {
                return shard;
            }
        }
        Shard shard = new Shard(shards.size());
        shards.add(shard);
        shard.socket = connections.connection(config.feedId() + "#" + shard.index, () -> config.wsUri().toString(),
                ReconnectingWebSocket.Listener.of(() -> onConnected(shard), text -> onFrame(shard, text),
                        reason -> onDisconnected(shard, reason)));
        shard.sender = new PacedSender(vertx, shard.bucket, monotonicMs,
                () -> !stopped && shard.socket.isOpen() && !shard.queue.isEmpty(), () -> sendOne(shard));
        shard.socket.start();
        return shard;
    }

    /** Queues the SUBSCRIBE/UNSUBSCRIBE that bring the venue's view of the shard in line with its assignment. */
    private void reconcile(Shard shard) {
        for (UpstreamSubscriptions.Change c : shard.upstream.changesTo(shard.assigned)) {
            shard.queue.add(new Action(c.subscribe() ? BinanceFrames.SUBSCRIBE : BinanceFrames.UNSUBSCRIBE, c.code()));
        }
        shard.sender.pump();
    }

    /** Sends one SUBSCRIBE or UNSUBSCRIBE for as many queued symbols of the same method as one request takes. */
    private void sendOne(Shard shard) {
        String method = shard.queue.peek().method();
        List<String> codes = new ArrayList<>();
        while (!shard.queue.isEmpty() && shard.queue.peek().method().equals(method)
                && codes.size() < MAX_SYMBOLS_PER_REQUEST) {
            codes.add(shard.queue.poll().code());
        }
        List<String> params = new ArrayList<>();
        for (String code : codes) {
            params.addAll(streams(code));
        }
        long id = nextRequestId++;
        shard.pending.put(id, new Pending(method, codes));
        requestsOut.increment();
        shard.socket.send(new Request(method, params, id).toJson());
        LOG.debug("feed={} shard={} {} {} id={}", config.feedId(), shard.index, method, codes, id);
    }

    private List<String> streams(String code) {
        return List.of(BinanceFrames.bookTickerStream(code), BinanceFrames.tradeStream(code, config.tradeStream()),
                BinanceFrames.depthStream(code, config.depthSpeedMs()));
    }

    private void onConnected(Shard shard) {
        shard.bucket.reset();
        shard.upstream.clear();
        shard.queue.clear();
        shard.pending.clear();
        // A refused symbol gets one more chance per connection, as the venue may have listed it since.
        if (!quarantined.isEmpty()) {
            quarantined.clear();
            recompute();
        }
        reconcile(shard);
    }

    private void onDisconnected(Shard shard, String reason) {
        shard.sender.cancel();
        shard.upstream.clear();
        shard.queue.clear();
        shard.pending.clear();
        long now = epochNanos.getAsLong();
        for (String code : shard.assigned) {
            Sym s = symbols.get(code);
            if (s != null) {
                if (s.live) {
                    emitStatus(s, StatusState.DISCONNECTED, "upstream connection lost: " + reason, now);
                }
                dropBook(s);
            }
        }
    }

    private void dropBook(Sym s) {
        s.live = false;
        s.generation++;
        s.fetching = false;
        s.book.reset();
        if (s.snapshotTimer >= 0) {
            vertx.cancelTimer(s.snapshotTimer);
            s.snapshotTimer = -1;
        }
    }

    private void onFrame(Shard shard, String text) {
        framesIn.increment();
        long recv = epochNanos.getAsLong();
        Parsed parsed = parser.parse(text);
        if (parsed instanceof Parsed.Rejected) {
            Parsed.Rejected r = (Parsed.Rejected) parsed;
            reject(r.reason(), r.detail());
            return;
        }
        Frame frame = ((Parsed.Ok) parsed).frame();
        if (frame instanceof Reply) {
            onReply(shard, (Reply) frame, recv);
            return;
        }
        String code = frame instanceof BookTicker ? ((BookTicker) frame).symbol()
                : frame instanceof TradeEvent ? ((TradeEvent) frame).symbol()
                : frame instanceof DepthUpdate ? ((DepthUpdate) frame).symbol() : null;
        Sym s = code == null ? null : symbols.get(code);
        if (s == null || s.shard != shard) {
            // Data for a symbol unsubscribed a moment ago, or not ours at all.
            reject(Reject.PARSE_UNKNOWN_SYMBOL, "no subscription for " + code);
            return;
        }
        try {
            if (frame instanceof BookTicker) {
                emit(BinanceMapper.quote(s.instrument, (BookTicker) frame, recv));
            } else if (frame instanceof TradeEvent) {
                emit(BinanceMapper.trade(s.instrument, (TradeEvent) frame, recv));
            } else if (frame instanceof DepthUpdate) {
                onDiff(s, (DepthUpdate) frame, recv);
            }
        } catch (IllegalArgumentException e) {
            reject(Reject.MAP_BAD_DECIMAL, code + ": " + e.getMessage());
        }
    }

    private void onDiff(Sym s, DepthUpdate d, long recv) {
        BinanceBookSync.DiffOutcome outcome = s.book.onDiff(d);
        switch (outcome) {
            case APPLY:
                emit(BinanceMapper.delta(s.instrument, d, s.book.lastPrev(), recv));
                break;
            case GAP:
                LOG.warn("feed={} symbol={} depth gap: U={} after local u={}, resyncing", config.feedId(), s.code,
                        d.firstUpdateId(), s.book.localUpdateId());
                startResync(s, "sequence gap: U=" + d.firstUpdateId() + " after u=" + s.book.localUpdateId(), recv);
                s.book.onDiff(d);
                scheduleSnapshot(s);
                break;
            case BUFFERED:
                scheduleSnapshot(s);
                break;
            default:
                break;
        }
    }

    private void startResync(Sym s, String reason, long recv) {
        resyncs.increment();
        emitStatus(s, StatusState.RESYNCING, reason, recv);
        s.live = false;
        s.generation++;
        s.fetching = false;
        s.book.startBuffering();
    }

    private void onResyncRequest(String key) {
        int at = key == null ? -1 : key.indexOf('@');
        if (at < 0 || !key.substring(at + 1).toLowerCase(Locale.ROOT).equals(VENUE)) {
            return;
        }
        Set<String> codes = universe.codesFor(List.of(key));
        for (String code : codes) {
            Sym s = symbols.get(code);
            if (s == null || s.book.state() != BinanceBookSync.State.SYNCED) {
                continue;
            }
            if (monotonicMs.getAsLong() - s.lastSnapshotMs < config.resyncMinInterval().toMillis()) {
                LOG.debug("feed={} symbol={} resync request ignored: last snapshot too recent", config.feedId(), code);
                continue;
            }
            LOG.warn("feed={} symbol={} resync requested on {}", config.feedId(), code, Addresses.INGEST_RESYNC);
            startResync(s, "resync requested", epochNanos.getAsLong());
        }
    }

    /** Fetches a REST snapshot once the buffer has an event, at most once per {@code resyncMinInterval}. */
    private void scheduleSnapshot(Sym s) {
        if (s.fetching || s.snapshotTimer >= 0 || !s.book.readyForSnapshot()) {
            return;
        }
        long wait = s.lastSnapshotMs + config.resyncMinInterval().toMillis() - monotonicMs.getAsLong();
        if (wait > 0) {
            s.snapshotTimer = vertx.setTimer(wait, id -> {
                s.snapshotTimer = -1;
                fetchSnapshot(s);
            });
        } else {
            fetchSnapshot(s);
        }
    }

    private void fetchSnapshot(Sym s) {
        if (stopped || s.fetching || symbols.get(s.code) != s) {
            return;
        }
        s.fetching = true;
        s.lastSnapshotMs = monotonicMs.getAsLong();
        int generation = s.generation;
        snapshots.increment();
        String base = config.restUri().toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/api/v3/depth?symbol=" + s.code + "&limit=" + config.snapshotLimit());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri.toString());
        httpClient.request(options)
                .compose(req -> req.send())
                .compose(resp -> resp.body().map(body -> new Object[] {resp.statusCode(), body}))
                .onSuccess(response -> {
                    FrameRecorder recorder = connections.recorder();
                    if (recorder != null) {
                        // A replay answers this request from the recording, so it builds the book the live run did.
                        recorder.recordHttpResponse(HttpMethod.GET.name(), uri.getRawPath() + "?" + uri.getRawQuery(),
                                (Integer) response[0], (Buffer) response[1]);
                    }
                })
                .onComplete(ar -> {
                    if (s.generation != generation || symbols.get(s.code) != s) {
                        return;
                    }
                    s.fetching = false;
                    if (ar.failed()) {
                        LOG.warn("feed={} symbol={} depth snapshot failed: {}", config.feedId(), s.code,
                                ar.cause().toString());
                        scheduleSnapshot(s);
                        return;
                    }
                    onSnapshotResponse(s, (Integer) ar.result()[0], (Buffer) ar.result()[1]);
                });
    }

    private void onSnapshotResponse(Sym s, int status, Buffer body) {
        long recv = epochNanos.getAsLong();
        if (status != 200) {
            int code = 0;
            String msg = body.toString();
            try {
                JsonObject err = new JsonObject(body);
                code = err.getInteger("code", 0);
                msg = err.getString("msg", msg);
            } catch (RuntimeException notJson) {
                LOG.debug("feed={} non-JSON error body", config.feedId());
            }
            if (code == BinanceFrames.INVALID_SYMBOL) {
                onRejected(s.code, "venue rejected symbol: " + msg, recv);
            } else {
                LOG.warn("feed={} symbol={} depth snapshot HTTP {} code={} msg={}", config.feedId(), s.code, status,
                        code, msg);
                scheduleSnapshot(s);
            }
            return;
        }
        DepthSnapshot snapshot;
        try {
            snapshot = parser.parseSnapshot(body.toString());
        } catch (IllegalArgumentException e) {
            reject(Reject.PARSE_BAD_FIELD, e.getMessage());
            scheduleSnapshot(s);
            return;
        }
        List<BinanceBookSync.Apply> replay = s.book.onSnapshot(snapshot);
        if (replay == null) {
            LOG.info("feed={} symbol={} snapshot lastUpdateId={} does not bridge the buffered diffs, re-fetching",
                    config.feedId(), s.code, snapshot.lastUpdateId());
            scheduleSnapshot(s);
            return;
        }
        try {
            emit(BinanceMapper.snapshot(s.instrument, snapshot, recv));
            for (BinanceBookSync.Apply a : replay) {
                emit(BinanceMapper.delta(s.instrument, a.update(), a.prevUpdateId(), recv));
            }
        } catch (IllegalArgumentException e) {
            reject(Reject.MAP_BAD_DECIMAL, s.code + ": " + e.getMessage());
            s.book.startBuffering();
            return;
        }
        if (!s.live) {
            s.live = true;
            emitStatus(s, StatusState.LIVE, "book synced at lastUpdateId=" + snapshot.lastUpdateId(), recv);
        }
    }

    private void onReply(Shard shard, Reply reply, long recv) {
        Pending what = shard.pending.remove(reply.id());
        if (what == null) {
            LOG.debug("feed={} reply to unknown id={}", config.feedId(), reply.id());
            return;
        }
        if (reply.ok()) {
            if (BinanceFrames.SUBSCRIBE.equals(what.method())) {
                for (String code : what.codes()) {
                    Sym s = symbols.get(code);
                    if (s != null && s.book.state() == BinanceBookSync.State.IDLE) {
                        s.book.startBuffering();
                    }
                }
            }
            return;
        }
        if (!BinanceFrames.SUBSCRIBE.equals(what.method())) {
            LOG.warn("feed={} {} failed code={} msg={}", config.feedId(), what.method(), reply.errorCode(),
                    reply.errorMsg());
            return;
        }
        if (what.codes().size() == 1) {
            onRejected(what.codes().get(0), "venue rejected subscription: " + reply.errorMsg(), recv);
            return;
        }
        // Which of several symbols was refused is not said: ask again one by one.
        LOG.warn("feed={} SUBSCRIBE of {} symbols failed ({}), retrying one by one", config.feedId(),
                what.codes().size(), reply.errorMsg());
        List<Action> single = new ArrayList<>();
        for (String code : what.codes()) {
            if (shard.assigned.contains(code)) {
                single.add(new Action(BinanceFrames.SUBSCRIBE, code));
            }
        }
        splitAndRequeue(shard, single);
    }

    private void splitAndRequeue(Shard shard, List<Action> actions) {
        for (Action a : actions) {
            long id = nextRequestId++;
            if (!shard.socket.isOpen()) {
                return;
            }
            // Each goes out alone, paced by the bucket, so an error names exactly one symbol.
            shard.pending.put(id, new Pending(a.method(), List.of(a.code())));
            deferSingle(shard, new Request(a.method(), streams(a.code()), id));
        }
    }

    private void deferSingle(Shard shard, Request request) {
        long now = monotonicMs.getAsLong();
        if (shard.bucket.tryTake(now)) {
            requestsOut.increment();
            shard.socket.send(request.toJson());
        } else {
            vertx.setTimer(Math.max(1, shard.bucket.waitMs(now)), id -> {
                if (shard.socket.isOpen() && shard.pending.containsKey(request.id())) {
                    deferSingle(shard, request);
                }
            });
        }
    }

    private void onRejected(String code, String reason, long recv) {
        Sym s = symbols.get(code);
        if (s == null || !quarantined.add(code)) {
            return;
        }
        LOG.warn("feed={} symbol={} {}", config.feedId(), code, reason);
        emitStatus(s, StatusState.REJECTED, reason, recv);
        symbols.remove(code);
        s.shard.assigned.remove(code);
        s.shard.upstream.remove(code);
        dropBook(s);
    }

    private void housekeeping() {
        for (Shard shard : shards) {
            // A connection with no streams may well be quiet.
            if (!shard.upstream.isEmpty()) {
                shard.socket.dropIfSilent(config.heartbeatTimeout().toMillis());
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
