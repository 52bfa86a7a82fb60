package dev.tickplant.ingest.kraken;

import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.time.Clocks;
import dev.tickplant.ingest.Reject;
import dev.tickplant.ingest.kraken.KrakenFrameParser.Parsed;
import dev.tickplant.ingest.kraken.KrakenFrames.Ack;
import dev.tickplant.ingest.kraken.KrakenFrames.Book;
import dev.tickplant.ingest.kraken.KrakenFrames.BookMessage;
import dev.tickplant.ingest.kraken.KrakenFrames.Inbound;
import dev.tickplant.ingest.kraken.KrakenFrames.Level;
import dev.tickplant.ingest.kraken.KrakenFrames.Ticker;
import dev.tickplant.ingest.kraken.KrakenFrames.TickerMessage;
import dev.tickplant.ingest.kraken.KrakenFrames.Trade;
import dev.tickplant.ingest.kraken.KrakenFrames.TradeMessage;
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
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kraken Spot WebSocket v2 public feed on one persistent connection. Subscribes {@code ticker}, {@code book}
 * (at {@code bookDepth}) and optionally {@code trade} for the union of the always-on symbols and the cluster's
 * demand ({@code tp.ingest.demand}), adding and removing symbols on the live connection with
 * {@code subscribe}/{@code unsubscribe}; every control message (including {@code ping}) passes one
 * {@link TokenBucket} per connection. A symbol the venue refuses ({@code "success":false}) is reported as a
 * {@code REJECTED} status and left out of further requests.
 *
 * <p>The book is kept here with the venue's literal decimal text and every snapshot and update is checked against
 * Kraken's CRC32 checksum before it is forwarded. On a mismatch (a lost, duplicated-out-of-order or corrupted
 * update) the symbol goes {@code RESYNCING}, nothing more of its book is forwarded, and the book channel is
 * unsubscribed and subscribed again for that symbol to get a fresh snapshot, after which it is {@code LIVE} again.
 * The normalizer can ask for the same on {@code tp.ingest.resync} ({@code SYMBOL@kraken}); resyncs of one symbol
 * are spaced by {@code resyncMinInterval}. When nothing arrives for {@code heartbeatTimeout} (Kraken sends a
 * heartbeat every second) the connection is dropped and re-made with capped exponential backoff; everything is
 * subscribed again on the new connection.
 *
 * <p>All state is confined to this verticle's event loop.
 *
 * @see <a href="https://docs.kraken.com/api/docs/websocket-v2/book">Kraken v2 book</a>
 * @see <a href="https://docs.kraken.com/api/docs/guides/spot-ws-book-v2">Kraken v2 book checksum</a>
 * @see <a href="https://docs.kraken.com/api/docs/websocket-v2/ticker">Kraken v2 ticker</a>
 * @see <a href="https://docs.kraken.com/api/docs/websocket-v2/trade">Kraken v2 trade</a>
 */
public final class KrakenConnectorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(KrakenConnectorVerticle.class);
    private static final String VENUE = KrakenMapper.VENUE;

    private final KrakenConfig config;
    private final FeedUniverse universe;
    private final int partitionCount;
    private final LongSupplier epochNanos;
    private final LongSupplier monotonicMs = () -> System.nanoTime() / 1_000_000L;
    private final KrakenFrameParser parser = new KrakenFrameParser();
    private final KrakenMapper mapper;
    private final DemandTracker demand = new DemandTracker(monotonicMs);
    private final TokenBucket bucket;
    /** Channel → codes subscribed (sent) on the current connection, in the order channels are subscribed. */
    private final Map<String, Set<String>> sent = new LinkedHashMap<>();
    private final Deque<String> urgent = new ArrayDeque<>();
    private final Set<String> rejected = new TreeSet<>();
    private final Set<String> live = new TreeSet<>();
    private final Set<String> resyncing = new TreeSet<>();
    private final Map<String, KrakenBook> books = new HashMap<>();
    private final MeterRegistry meters;
    private final Counter framesIn;
    private final Counter controlOut;
    private final Counter checksumMismatches;
    private final Counter resyncs;

    private Set<String> desired = Set.of();
    private ReconnectingWebSocket socket;
    private FeedOutput output;
    private FeedRuntime runtime;
    private PacedSender sender;
    private ResyncTimers resyncTimers;
    private long nextReqId = 1;
    private long lastPingMs;

    /**
     * @param config this feed's config
     * @param registry the instrument universe (instruments listed on {@code kraken} are served)
     * @param partitionCount number of normalizer partitions (the same on every node)
     * @param meters where the connector's counters go
     */
    public KrakenConnectorVerticle(KrakenConfig config, InstrumentRegistry registry, int partitionCount,
            MeterRegistry meters) {
        this(config, registry, partitionCount, meters, Clocks::epochNanos);
    }

    /** As the main constructor, with the epoch clock for {@code recvTsNanos} injected. */
    public KrakenConnectorVerticle(KrakenConfig config, InstrumentRegistry registry, int partitionCount,
            MeterRegistry meters, LongSupplier epochNanos) {
        this.config = config;
        this.universe = new FeedUniverse(registry, VENUE, EnumSet.allOf(AssetClass.class));
        this.partitionCount = partitionCount;
        this.epochNanos = epochNanos;
        this.mapper = new KrakenMapper(universe);
        this.bucket = new TokenBucket(config.controlBurst(), config.controlPerSecond());
        this.meters = meters;
        sent.put(KrakenFrames.CHANNEL_BOOK, new TreeSet<>());
        sent.put(KrakenFrames.CHANNEL_TICKER, new TreeSet<>());
        if (config.subscribeTrades()) {
            sent.put(KrakenFrames.CHANNEL_TRADE, new TreeSet<>());
        }
        String feed = config.feedId();
        this.framesIn = Counter.builder("tickplant.upstream.messages").tag("feed", feed).register(meters);
        this.controlOut = Counter.builder("tickplant.ingest.requests").tag("feed", feed).register(meters);
        this.checksumMismatches = Counter.builder("tickplant.ingest.checksum.mismatches").tag("feed", feed)
                .register(meters);
        this.resyncs = Counter.builder("tickplant.ingest.resyncs").tag("feed", feed).register(meters);
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
            LOG.info("feed={} wants {} symbols upstream", config.feedId(), codes.size());
            sender.pump();
        }
    }

    /** Whether a control message is due and can go out now. */
    private boolean messageDue() {
        return socket != null && socket.isOpen() && (!urgent.isEmpty() || subscriptionDue());
    }

    /**
     * Sends the next message (once per token): urgent messages (resync, ping) first, then subscription changes.
     * The difference between wanted and sent is computed only when a token is available, so bursts of demand
     * changes coalesce into few messages.
     */
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

    /**
     * The next subscribe or unsubscribe due, recorded as sent: per channel, first one {@code subscribe} for every
     * wanted symbol missing, then one {@code unsubscribe} for every symbol no longer wanted.
     */
    private String nextSubscriptionMessage() {
        for (Map.Entry<String, Set<String>> e : sent.entrySet()) {
            String channel = e.getKey();
            Set<String> have = e.getValue();
            List<String> add = new ArrayList<>();
            for (String c : desired) {
                if (!have.contains(c)) {
                    add.add(c);
                }
            }
            if (!add.isEmpty()) {
                have.addAll(add);
                return KrakenFrames.subscribe(channel, add, config.bookDepth(), nextReqId++);
            }
            List<String> remove = new ArrayList<>();
            for (String c : have) {
                if (!desired.contains(c)) {
                    remove.add(c);
                }
            }
            if (!remove.isEmpty()) {
                have.removeAll(remove);
                if (channel.equals(KrakenFrames.CHANNEL_BOOK)) {
                    for (String c : remove) {
                        books.remove(c);
                        live.remove(c);
                        resyncing.remove(c);
                    }
                }
                return KrakenFrames.unsubscribe(channel, remove, config.bookDepth(), nextReqId++);
            }
        }
        throw new IllegalStateException("no subscription message due");
    }

    private void onConnected() {
        lastPingMs = monotonicMs.getAsLong();
        bucket.reset();
        sender.pump();
    }

    private void onDisconnected(String reason) {
        sender.cancel();
        urgent.clear();
        sent.values().forEach(Set::clear);
        books.clear();
        resyncing.clear();
        resyncTimers.cancelAll();
        long ts = epochNanos.getAsLong();
        for (String code : live) {
            emitStatus(code, StatusState.DISCONNECTED, "upstream connection lost: " + reason, ts);
        }
        live.clear();
    }

    private void housekeeping() {
        if (socket == null || !socket.isOpen()) {
            return;
        }
        if (socket.dropIfSilent(config.heartbeatTimeout().toMillis())) {
            return;
        }
        long now = monotonicMs.getAsLong();
        if (now - lastPingMs >= config.pingInterval().toMillis()) {
            lastPingMs = now;
            urgent.add(KrakenFrames.ping(nextReqId++));
            sender.pump();
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
        Inbound frame = ((Parsed.Ok) parsed).frame();
        if (frame instanceof BookMessage) {
            BookMessage m = (BookMessage) frame;
            for (Book b : m.data()) {
                onBook(m.snapshot(), b, recv);
            }
        } else if (frame instanceof TickerMessage) {
            for (Ticker t : ((TickerMessage) frame).data()) {
                if (sent.get(KrakenFrames.CHANNEL_TICKER).contains(t.symbol())) {
                    forward(mapper.quote(t, recv));
                }
            }
        } else if (frame instanceof TradeMessage) {
            Set<String> trades = sent.get(KrakenFrames.CHANNEL_TRADE);
            for (Trade t : ((TradeMessage) frame).data()) {
                if (trades != null && trades.contains(t.symbol())) {
                    forward(mapper.trade(t, recv));
                }
            }
        } else if (frame instanceof Ack) {
            onAck((Ack) frame, recv);
        } else if (frame instanceof KrakenFrames.SystemStatus) {
            LOG.info("feed={} venue status {}", config.feedId(), ((KrakenFrames.SystemStatus) frame).system());
        }
        // Heartbeats and pongs only prove liveness, which the socket already noted.
    }

    private void onBook(boolean snapshot, Book b, long recv) {
        Instrument instrument = universe.byCode(b.symbol());
        if (instrument == null) {
            reject(Reject.PARSE_UNKNOWN_SYMBOL, b.symbol());
            return;
        }
        String code = b.symbol();
        if (!sent.get(KrakenFrames.CHANNEL_BOOK).contains(code)) {
            return;
        }
        if (!KrakenMapper.valid(instrument, b.bids()) || !KrakenMapper.valid(instrument, b.asks())) {
            reject(Reject.MAP_BAD_DECIMAL, code + " book level");
            resync(code, "undecodable book level");
            return;
        }
        KrakenBook book;
        List<Level> bids;
        List<Level> asks;
        if (snapshot) {
            book = new KrakenBook(config.bookDepth());
            book.replace(b.bids(), b.asks());
            bids = book.bids();
            asks = book.asks();
        } else {
            book = books.get(code);
            if (book == null || resyncing.contains(code)) {
                // Updates between a detected mismatch and the fresh snapshot describe a book we no longer trust.
                return;
            }
            List<List<Level>> dropped = book.apply(b.bids(), b.asks());
            bids = withDeletes(b.bids(), dropped.get(0));
            asks = withDeletes(b.asks(), dropped.get(1));
        }
        long local = book.checksum();
        // A message without a checksum is taken as sent: its book is validated by the next one that has one.
        if (b.checksum() != KrakenFrames.Book.NO_CHECKSUM && local != b.checksum()) {
            checksumMismatches.increment();
            LOG.warn("feed={} symbol={} checksum mismatch venue={} local={} snapshot={}, resyncing", config.feedId(),
                    code, b.checksum(), local, snapshot);
            resync(code, "checksum mismatch");
            return;
        }
        books.put(code, book);
        KrakenMapper.Mapped mapped = mapper.book(instrument, snapshot, bids, asks, b.checksum(), b.timestamp(), recv);
        if (snapshot) {
            boolean wasResyncing = resyncing.remove(code);
            if (live.add(code) || wasResyncing) {
                forward(mapped);
                emitStatus(code, StatusState.LIVE, wasResyncing ? "book resynchronised" : "subscribed", recv);
                return;
            }
        }
        forward(mapped);
    }

    private static List<Level> withDeletes(List<Level> levels, List<Level> dropped) {
        if (dropped.isEmpty()) {
            return levels;
        }
        List<Level> out = new ArrayList<>(levels);
        for (Level l : dropped) {
            out.add(new Level(l.price(), "0"));
        }
        return out;
    }

    private void onAck(Ack ack, long recv) {
        if (ack.success()) {
            LOG.debug("feed={} {} {} {} acknowledged", config.feedId(), ack.method(), ack.channel(), ack.symbol());
            return;
        }
        String code = ack.symbol();
        if (!"subscribe".equals(ack.method()) || code == null || universe.byCode(code) == null) {
            LOG.warn("feed={} venue refused {} req_id={}: {}", config.feedId(), ack.method(), ack.reqId(),
                    ack.error());
            return;
        }
        if (rejected.add(code)) {
            LOG.warn("feed={} venue rejected symbol {}: {}", config.feedId(), code, ack.error());
            sent.values().forEach(s -> s.remove(code));
            books.remove(code);
            live.remove(code);
            resyncing.remove(code);
            emitStatus(code, StatusState.REJECTED, "venue rejected " + code + ": " + ack.error(), recv);
            recomputeDesired();
        }
    }

    private void onResyncRequest(String key) {
        Instrument instrument = universe.resyncTarget(key);
        if (instrument == null) {
            return;
        }
        String code = instrument.codeOn(VENUE);
        if (sent.get(KrakenFrames.CHANNEL_BOOK).contains(code)) {
            resync(code, "requested by the normalizer");
        }
    }

    /** Stops forwarding the symbol's book and asks for a fresh snapshot, at most once per resync interval. */
    private void resync(String code, String reason) {
        books.remove(code);
        if (resyncing.add(code)) {
            emitStatus(code, StatusState.RESYNCING, reason, epochNanos.getAsLong());
        }
        resyncTimers.schedule(code, () -> sendResync(code));
    }

    private boolean sendResync(String code) {
        if (socket == null || !socket.isOpen() || !sent.get(KrakenFrames.CHANNEL_BOOK).contains(code)) {
            return false;
        }
        resyncs.increment();
        LOG.warn("feed={} symbol={} re-subscribing the book for a fresh snapshot", config.feedId(), code);
        urgent.add(KrakenFrames.unsubscribe(KrakenFrames.CHANNEL_BOOK, List.of(code), config.bookDepth(),
                nextReqId++));
        urgent.add(KrakenFrames.subscribe(KrakenFrames.CHANNEL_BOOK, List.of(code), config.bookDepth(),
                nextReqId++));
        sender.pump();
        return true;
    }

    private void forward(KrakenMapper.Mapped mapped) {
        if (mapped instanceof KrakenMapper.Mapped.Rejected) {
            KrakenMapper.Mapped.Rejected r = (KrakenMapper.Mapped.Rejected) mapped;
            reject(r.reason(), r.detail());
            return;
        }
        MarketEvent e = ((KrakenMapper.Mapped.Ok) mapped).event();
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
