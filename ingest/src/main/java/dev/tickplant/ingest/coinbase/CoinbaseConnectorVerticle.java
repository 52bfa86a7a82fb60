package dev.tickplant.ingest.coinbase;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.time.Clocks;
import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.coinbase.CoinbaseFrameParser.Parsed;
import dev.tickplant.ingest.coinbase.CoinbaseFrames.Change;
import dev.tickplant.ingest.coinbase.CoinbaseFrames.Inbound;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Coinbase Exchange public WebSocket feed on one persistent connection. Right after connecting (the venue
 * closes connections that have not subscribed within 5 seconds) it subscribes {@code level2_batch} (or
 * {@code level2}), {@code ticker}, {@code heartbeat} and optionally {@code matches} for the union of the always-on
 * symbols and the cluster's demand ({@code tp.ingest.demand}); with nothing wanted it subscribes the heartbeat of
 * one product to stay connected. Later changes go out as {@code subscribe}/{@code unsubscribe} on the live
 * connection, through one {@link TokenBucket} per connection. The venue refuses a whole request naming one invalid
 * product ({@code {"type":"error","reason":"X is not a valid product"}}): that product is reported {@code REJECTED}
 * and the rest is requested again.
 *
 * <p>Level2 snapshots and updates become {@code BookUpdate}s, and the best bid/ask of the book kept here becomes a
 * {@code Quote} whenever it changes; tickers become quotes with the last price and matches trades (Coinbase's match
 * {@code side} is the maker's, so the aggressor is the other side). Sequence numbers of tickers, matches and
 * heartbeats are checked per product and channel: a repeated or older one is a duplicate and dropped; with
 * {@code strictSequence} a jump is a gap, after which the product goes {@code RESYNCING} and its level2
 * subscription is renewed for a fresh snapshot (also on request on {@code tp.ingest.resync}, at most once per
 * {@code resyncMinInterval}). No heartbeat or data for {@code heartbeatTimeout} drops the connection; it is
 * re-made with capped exponential backoff and everything is subscribed again.
 *
 * <p>All state is confined to this verticle's event loop.
 *
 * @see <a href="https://docs.cdp.coinbase.com/exchange/websocket-feed/overview">Coinbase Exchange WebSocket feed</a>
 * @see <a href="https://docs.cdp.coinbase.com/exchange/websocket-feed/channels">Coinbase Exchange channels</a>
 */
public final class CoinbaseConnectorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(CoinbaseConnectorVerticle.class);
    private static final String VENUE = CoinbaseMapper.VENUE;

    private record Pending(boolean subscribe, List<String> codes, boolean resync) {}

    /** The book as mantissas, to derive the best bid and ask. */
    private static final class TopBook {
        final TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Long, Long> asks = new TreeMap<>();
        long bid;
        long bidSize;
        long ask;
        long askSize;
    }

    private final CoinbaseConfig config;
    private final InstrumentRegistry registry;
    private final FeedUniverse universe;
    private final int partitionCount;
    private final LongSupplier epochNanos;
    private final LongSupplier monotonicMs = () -> System.nanoTime() / 1_000_000L;
    private final CoinbaseFrameParser parser = new CoinbaseFrameParser();
    private final CoinbaseMapper mapper;
    private final DemandTracker demand = new DemandTracker(monotonicMs);
    private final TokenBucket bucket;
    private final List<String> dataChannels = new ArrayList<>();
    private final Set<String> sent = new TreeSet<>();
    private final Deque<String> urgent = new ArrayDeque<>();
    private final Deque<Pending> urgentPending = new ArrayDeque<>();
    private final Deque<Pending> awaiting = new ArrayDeque<>();
    private final Set<String> rejected = new TreeSet<>();
    private final Set<String> live = new TreeSet<>();
    private final Set<String> resyncing = new TreeSet<>();
    private final Map<String, TopBook> books = new HashMap<>();
    private final Map<String, Long> lastPrice = new HashMap<>();
    private final Map<String, Long> productSeq = new HashMap<>();
    private final Map<String, Long> channelSeq = new HashMap<>();
    private final MeterRegistry meters;
    private final Counter framesIn;
    private final Counter controlOut;
    private final Counter duplicates;
    private final Counter gaps;

    private Set<String> desired = Set.of();
    private ReconnectingWebSocket socket;
    private FeedOutput output;
    private FeedRuntime runtime;
    private PacedSender sender;
    private ResyncTimers resyncTimers;

    /**
     * @param config this feed's config
     * @param registry the instrument universe (instruments listed on {@code coinbase} are served)
     * @param partitionCount number of normalizer partitions (the same on every node)
     * @param meters where the connector's counters go
     */
    public CoinbaseConnectorVerticle(CoinbaseConfig config, InstrumentRegistry registry, int partitionCount,
            MeterRegistry meters) {
        this(config, registry, partitionCount, meters, Clocks::epochNanos);
    }

    /** As the main constructor, with the epoch clock for {@code recvTsNanos} injected. */
    public CoinbaseConnectorVerticle(CoinbaseConfig config, InstrumentRegistry registry, int partitionCount,
            MeterRegistry meters, LongSupplier epochNanos) {
        this.config = config;
        this.registry = registry;
        this.universe = new FeedUniverse(registry, VENUE, EnumSet.allOf(AssetClass.class));
        this.partitionCount = partitionCount;
        this.epochNanos = epochNanos;
        this.mapper = new CoinbaseMapper(universe);
        this.bucket = new TokenBucket(config.controlBurst(), config.controlPerSecond());
        this.meters = meters;
        dataChannels.add(config.level2Channel());
        dataChannels.add(CoinbaseFrames.CHANNEL_TICKER);
        dataChannels.add(CoinbaseFrames.CHANNEL_HEARTBEAT);
        if (config.subscribeTrades()) {
            dataChannels.add(CoinbaseFrames.CHANNEL_MATCHES);
        }
        String feed = config.feedId();
        this.framesIn = Counter.builder("tickplant.upstream.messages").tag("feed", feed).register(meters);
        this.controlOut = Counter.builder("tickplant.ingest.requests").tag("feed", feed).register(meters);
        this.duplicates = Counter.builder("tickplant.ingest.duplicates").tag("feed", feed).register(meters);
        this.gaps = Counter.builder("tickplant.ingest.sequence.gaps").tag("feed", feed).register(meters);
    }

    @Override
    public Future<?> start() {
        LOG.info("feed={} starting with {}", config.feedId(), config);
        sender = new PacedSender(vertx, bucket, monotonicMs, this::messageDue, this::sendOne);
        resyncTimers = new ResyncTimers(vertx, monotonicMs, config.resyncMinInterval());
        long tickMs = Math.max(10, Math.min(250, config.heartbeatTimeout().toMillis() / 4));
        FeedRuntime.Settings settings = new FeedRuntime.Settings(VENUE, partitionCount, config.maxBatchEvents(),
                tickMs, new UpstreamConnections.Settings(config.feedId(), config.heartbeatTimeout(), 1 << 24,
                        config.reconnectMin(), config.reconnectMax(), config.healthyAfter(), config.recordFile()));
        return FeedRuntime.open(vertx, context, deploymentID(), settings, demand, meters, epochNanos, monotonicMs)
                .compose(opened -> {
                    runtime = opened;
                    output = opened.output();
                    socket = opened.connection(() -> config.wsUri().toString(),
                            ReconnectingWebSocket.Listener.of(this::onConnected, this::onFrame, this::onDisconnected));
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
            LOG.info("feed={} wants {} products upstream", config.feedId(), codes.size());
            sender.pump();
        }
    }

    /** Whether a control message is due and can go out now. */
    private boolean messageDue() {
        return socket != null && socket.isOpen() && (!urgent.isEmpty() || !sent.equals(desired));
    }

    /** Sends the next message (once per token): urgent messages first, then one subscribe/unsubscribe diff. */
    private void sendOne() {
        String next;
        if (!urgent.isEmpty()) {
            next = urgent.poll();
            awaiting.add(urgentPending.poll());
        } else {
            next = nextSubscriptionMessage();
        }
        controlOut.increment();
        LOG.debug("feed={} sending {}", config.feedId(), next);
        socket.send(next);
    }

    private String nextSubscriptionMessage() {
        List<String> add = new ArrayList<>();
        for (String c : desired) {
            if (!sent.contains(c)) {
                add.add(c);
            }
        }
        if (!add.isEmpty()) {
            sent.addAll(add);
            awaiting.add(new Pending(true, add, false));
            return CoinbaseFrames.subscribe(add, dataChannels);
        }
        List<String> remove = new ArrayList<>();
        for (String c : sent) {
            if (!desired.contains(c)) {
                remove.add(c);
            }
        }
        sent.removeAll(remove);
        for (String c : remove) {
            books.remove(c);
            live.remove(c);
            resyncing.remove(c);
        }
        awaiting.add(new Pending(false, remove, false));
        return CoinbaseFrames.unsubscribe(remove, dataChannels);
    }

    private void urgent(String message, Pending pending) {
        urgent.add(message);
        urgentPending.add(pending);
    }

    private void onConnected() {
        bucket.reset();
        if (desired.isEmpty()) {
            // The venue disconnects a client that has not subscribed within 5 s; one heartbeat keeps us connected.
            registry.all().stream().filter(universe::serves).findFirst().ifPresent(i -> urgent(
                    CoinbaseFrames.subscribe(List.of(i.codeOn(VENUE)), List.of(CoinbaseFrames.CHANNEL_HEARTBEAT)),
                    new Pending(true, List.of(), false)));
        }
        sender.pump();
    }

    private void onDisconnected(String reason) {
        sender.cancel();
        urgent.clear();
        urgentPending.clear();
        awaiting.clear();
        sent.clear();
        books.clear();
        resyncing.clear();
        productSeq.clear();
        channelSeq.clear();
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

    private void onFrame(String text) {
        framesIn.increment();
        long recv = epochNanos.getAsLong();
        Parsed parsed = parser.parse(text);
        if (parsed instanceof Parsed.Rejected) {
            Parsed.Rejected r = (Parsed.Rejected) parsed;
            reject(r.reason(), r.detail());
            return;
        }
        if (parsed instanceof Parsed.Ignored) {
            return;
        }
        Inbound frame = ((Parsed.Ok) parsed).frame();
        if (frame instanceof CoinbaseFrames.L2Update) {
            CoinbaseFrames.L2Update u = (CoinbaseFrames.L2Update) frame;
            onBook(u.productId(), false, u.changes(), u.time(), recv);
        } else if (frame instanceof CoinbaseFrames.Snapshot) {
            CoinbaseFrames.Snapshot s = (CoinbaseFrames.Snapshot) frame;
            List<Change> all = new ArrayList<>(s.bids());
            all.addAll(s.asks());
            onBook(s.productId(), true, all, null, recv);
        } else if (frame instanceof CoinbaseFrames.Ticker) {
            CoinbaseFrames.Ticker t = (CoinbaseFrames.Ticker) frame;
            if (sent.contains(t.productId()) && sequenced(CoinbaseFrames.CHANNEL_TICKER, t.productId(), t.sequence())) {
                CoinbaseMapper.Mapped m = mapper.quote(t, recv);
                if (m instanceof CoinbaseMapper.Mapped.Ok) {
                    lastPrice.put(t.productId(), ((Quote) ((CoinbaseMapper.Mapped.Ok) m).event()).lastPrice());
                }
                forward(m);
            }
        } else if (frame instanceof CoinbaseFrames.Match) {
            CoinbaseFrames.Match m = (CoinbaseFrames.Match) frame;
            // last_match repeats a trade from before the subscription: context, not a new print.
            if (!m.last() && sent.contains(m.productId())
                    && sequenced(CoinbaseFrames.CHANNEL_MATCHES, m.productId(), m.sequence())) {
                forward(mapper.trade(m, recv));
            }
        } else if (frame instanceof CoinbaseFrames.Heartbeat) {
            CoinbaseFrames.Heartbeat h = (CoinbaseFrames.Heartbeat) frame;
            if (sent.contains(h.productId())) {
                sequenced(CoinbaseFrames.CHANNEL_HEARTBEAT, h.productId(), h.sequence());
            }
        } else if (frame instanceof CoinbaseFrames.Subscriptions) {
            Pending p = awaiting.poll();
            LOG.debug("feed={} subscriptions confirmed for {}", config.feedId(), p);
        } else if (frame instanceof CoinbaseFrames.Error) {
            onError((CoinbaseFrames.Error) frame, recv);
        }
    }

    /**
     * Checks a product sequence: false for a duplicate (not newer than the last one on this channel); with
     * {@code strictSequence}, a jump over the product's last sequence is a gap that resyncs the book.
     */
    private boolean sequenced(String channel, String code, long seq) {
        if (seq == 0) {
            return true; // a message without a sequence cannot be checked here; the normalizer orders it by time
        }
        String key = channel + '|' + code;
        Long last = channelSeq.get(key);
        if (last != null && seq <= last) {
            duplicates.increment();
            LOG.debug("feed={} product={} channel={} duplicate sequence {} (last {})", config.feedId(), code, channel,
                    seq, last);
            return false;
        }
        channelSeq.put(key, seq);
        Long productLast = productSeq.get(code);
        if (config.strictSequence() && productLast != null && seq > productLast + 1) {
            gaps.increment();
            LOG.warn("feed={} product={} sequence gap {} -> {}", config.feedId(), code, productLast, seq);
            resync(code, "sequence gap " + productLast + " -> " + seq);
        }
        productSeq.put(code, productLast == null ? seq : Math.max(productLast, seq));
        return true;
    }

    private void onBook(String code, boolean snapshot, List<Change> changes, String time, long recv) {
        Instrument instrument = universe.byCode(code);
        if (instrument == null) {
            reject(Reject.PARSE_UNKNOWN_SYMBOL, code);
            return;
        }
        if (!sent.contains(code)) {
            return;
        }
        if (!snapshot && (resyncing.contains(code) || !books.containsKey(code))) {
            return;
        }
        CoinbaseMapper.Mapped mapped = mapper.book(instrument, snapshot, changes, time, recv);
        if (mapped instanceof CoinbaseMapper.Mapped.Rejected) {
            forward(mapped);
            resync(code, "undecodable book level");
            return;
        }
        BookUpdate u =
                (BookUpdate) ((CoinbaseMapper.Mapped.Ok) mapped).event();
        TopBook book = snapshot ? new TopBook() : books.get(code);
        books.put(code, book);
        applySide(book.bids, u.bids());
        applySide(book.asks, u.asks());
        forward(mapped);
        if (snapshot) {
            boolean wasResyncing = resyncing.remove(code);
            if (live.add(code) || wasResyncing) {
                emitStatus(code, StatusState.LIVE, wasResyncing ? "book resynchronised" : "subscribed", recv);
            }
        }
        emitQuoteIfTopChanged(instrument, code, book, u.venueTsNanos(), recv);
    }

    private static void applySide(TreeMap<Long, Long> side, List<BookLevel> levels) {
        for (BookLevel l : levels) {
            if (l.size() == 0) {
                side.remove(l.price());
            } else {
                side.put(l.price(), l.size());
            }
        }
    }

    private void emitQuoteIfTopChanged(Instrument i, String code, TopBook b, long venueTs, long recv) {
        Map.Entry<Long, Long> bid = b.bids.firstEntry();
        Map.Entry<Long, Long> ask = b.asks.firstEntry();
        long bp = bid == null ? 0 : bid.getKey();
        long bs = bid == null ? 0 : bid.getValue();
        long ap = ask == null ? 0 : ask.getKey();
        long as = ask == null ? 0 : ask.getValue();
        if (bp == b.bid && bs == b.bidSize && ap == b.ask && as == b.askSize) {
            return;
        }
        b.bid = bp;
        b.bidSize = bs;
        b.ask = ap;
        b.askSize = as;
        output.emit(new Quote(i.symbol(), VENUE, bp, bs, ap, as, lastPrice.getOrDefault(code, 0L), i.priceScale(),
                i.sizeScale(), 0, venueTs, recv, 0));
    }

    private void onError(CoinbaseFrames.Error error, long recv) {
        Pending p = awaiting.poll();
        if (p == null || !p.subscribe() || p.codes().isEmpty()) {
            LOG.warn("feed={} venue error: {} ({})", config.feedId(), error.message(), error.reason());
            return;
        }
        List<String> refused = new ArrayList<>();
        for (String code : p.codes()) {
            if (error.reason().contains(code)) {
                refused.add(code);
            }
        }
        if (refused.isEmpty() && p.codes().size() == 1) {
            refused.add(p.codes().get(0));
        }
        LOG.warn("feed={} venue refused a subscribe for {}: {} ({})", config.feedId(), p.codes(), error.message(),
                error.reason());
        // The venue refuses the whole request: everything in it must be asked for again, minus what it named.
        if (!p.resync()) {
            sent.removeAll(p.codes());
        }
        for (String code : refused) {
            if (rejected.add(code)) {
                sent.remove(code);
                books.remove(code);
                live.remove(code);
                resyncing.remove(code);
                emitStatus(code, StatusState.REJECTED, "venue rejected " + code + ": " + error.reason(), recv);
            }
        }
        recomputeDesired();
        sender.pump();
    }

    private void onResyncRequest(String key) {
        Instrument instrument = universe.resyncTarget(key);
        if (instrument != null && sent.contains(instrument.codeOn(VENUE))) {
            resync(instrument.codeOn(VENUE), "requested by the normalizer");
        }
    }

    /** Stops forwarding the product's book and renews its level2 subscription, at most once per interval. */
    private void resync(String code, String reason) {
        books.remove(code);
        if (resyncing.add(code)) {
            emitStatus(code, StatusState.RESYNCING, reason, epochNanos.getAsLong());
        }
        resyncTimers.schedule(code, () -> {
            if (socket == null || !socket.isOpen() || !sent.contains(code)) {
                return false;
            }
            LOG.warn("feed={} product={} renewing {} for a fresh snapshot", config.feedId(), code,
                    config.level2Channel());
            urgent(CoinbaseFrames.unsubscribe(List.of(code), List.of(config.level2Channel())),
                    new Pending(false, List.of(code), true));
            urgent(CoinbaseFrames.subscribe(List.of(code), List.of(config.level2Channel())),
                    new Pending(true, List.of(code), true));
            sender.pump();
            return true;
        });
    }

    private void forward(CoinbaseMapper.Mapped mapped) {
        if (mapped instanceof CoinbaseMapper.Mapped.Rejected) {
            CoinbaseMapper.Mapped.Rejected r = (CoinbaseMapper.Mapped.Rejected) mapped;
            reject(r.reason(), r.detail());
            return;
        }
        MarketEvent e = ((CoinbaseMapper.Mapped.Ok) mapped).event();
        output.emit(e);
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
