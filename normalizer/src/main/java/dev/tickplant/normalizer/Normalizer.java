package dev.tickplant.normalizer;

import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.SymbolSnapshot;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.model.VenueDepth;
import dev.tickplant.common.model.VenueStatus;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.normalizer.book.OrderBook;
import dev.tickplant.normalizer.book.SequenceRule;
import dev.tickplant.normalizer.book.VenueBook;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Turns venue events into the normalized streams of one normalizer partition, for two views of each instrument:
 * the venue-qualified view ({@code BTCUSDT@binance}) and the unqualified view ({@code BTCUSDT}), which consolidates
 * the venues that are live.
 *
 * <p>What it guarantees downstream:
 * <ul>
 *   <li>Duplicates and out-of-order updates are dropped: quotes by venue sequence or venue time, trades by venue
 *       trade id within a bounded window, book updates by the venue's sequencing rules ({@link VenueBook}).
 *   <li>Books are never silently wrong: one {@link VenueBook} per (symbol, venue); a gap, a crossed book or an alarm
 *       from ingest marks it {@code resyncing} (a {@link Status} is published), a rate-limited snapshot request is
 *       queued for ingest ({@link #resyncRequests(long)}), deltas are buffered and bridged onto the new snapshot,
 *       then the book is {@code live} again.
 *   <li>Depth is published as full images of the top {@link NormalizerConfig#depthLevels()} levels, so every depth
 *       message stands alone; the unqualified view's image merges the live venues' books by price (sizes summed).
 *   <li>The consolidated tick is the best bid and best ask over the live venues, each side attributed to its venue
 *       ({@link Quote#bidVenue()}, {@link Quote#askVenue()}). Stale, resyncing, disconnected or rejected venues
 *       leave the view until they are live again. A one-sided quote (an empty side has price 0) is served as such.
 *   <li>A tick's last price is the venue's most recent last-trade price by venue time, whichever message carried it
 *       (a ticker's last-price field or a trade); a trade that moves it refreshes the tick. The consolidated view's
 *       last is the most recent one across its venues.
 *   <li>A consolidated tick or depth image whose best bid is above its best ask because its venues disagree is
 *       served flagged {@link Quote#crossed()} / {@link BookUpdate#crossed()}, not hidden.
 *   <li>Sessions: {@link #check(long)} publishes {@code closed}/{@code live} statuses when an instrument's market
 *       closes/opens by its calendar, and marks a venue {@code stale} only while the market is open.
 *   <li>Every emitted event carries a {@code seq} per (channel, view) that increases by exactly 1. Sequences start at
 *       a base taken from the clock when this instance is created, so a restarted normalizer continues above its
 *       predecessor and consumers see a jump (and re-snapshot) rather than a silent step back.
 * </ul>
 *
 * <p>Plain class without Vert.x types; confined to the owning verticle's event loop. Time comes from the injected
 * clock (epoch milliseconds).
 */
public final class Normalizer {
    /** Venue id used for consolidated events. */
    public static final String CONSOLIDATED = "consolidated";

    private static final int TRADE_DEDUP_WINDOW = 4096;

    private final InstrumentRegistry registry;
    private final long seqBase;
    private final NormalizerConfig config;
    private final Predicate<String> owns;
    private final LongSupplier clockMillis;
    private final Map<String, ViewState> views = new HashMap<>();
    private final Map<String, InstrumentState> instruments = new HashMap<>();
    /** Books waiting for a snapshot, as {@code SYMBOL@venue}. */
    private final Set<String> resyncing = new LinkedHashSet<>();
    private long dropped;

    /**
     * Defaults for books and sessions, every symbol owned, the system clock.
     *
     * @param registry the instrument universe
     * @param seqBase first sequence number minus one for every view; pass epoch microseconds at start-up
     */
    public Normalizer(InstrumentRegistry registry, long seqBase) {
        this(registry, seqBase, NormalizerConfig.defaults(1), s -> true, System::currentTimeMillis);
    }

    /**
     * @param registry the instrument universe
     * @param seqBase first sequence number minus one for every view; pass epoch microseconds at start-up
     * @param config book, staleness and resync settings
     * @param owns which canonical symbols this instance serves (for session statuses)
     * @param clockMillis wall clock, epoch milliseconds
     */
    public Normalizer(InstrumentRegistry registry, long seqBase, NormalizerConfig config, Predicate<String> owns,
            LongSupplier clockMillis) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.seqBase = seqBase;
        this.config = Objects.requireNonNull(config, "config");
        this.owns = Objects.requireNonNull(owns, "owns");
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
    }

    /**
     * Applies one venue event and returns the normalized events to publish, each paired with the view key it
     * belongs to. Returns an empty list for a dropped duplicate, a stale update or an unknown symbol.
     */
    public List<Keyed> apply(MarketEvent event) {
        Instrument instrument = registry.bySymbol(event.symbol());
        if (instrument == null) {
            dropped++;
            return List.of();
        }
        InstrumentState state = instruments.computeIfAbsent(instrument.symbol(), s -> new InstrumentState());
        VenueState venue = state.venue(event.venue());
        List<Keyed> out = new ArrayList<>(4);
        if (event instanceof Quote q) {
            onQuote(instrument, state, venue, q, out);
        } else if (event instanceof Trade t) {
            onTrade(instrument, state, venue, t, out);
        } else if (event instanceof BookUpdate b) {
            onBook(instrument, state, venue, b, out);
        } else if (event instanceof Status s) {
            onStatus(instrument, state, venue, s, out);
        } else {
            throw new IllegalArgumentException("unhandled event " + event.getClass());
        }
        return out;
    }

    /**
     * Like {@link #apply(MarketEvent)}, for an event that arrived from connector instance {@code source}. When a
     * venue's data starts coming from a new connector after the previous one fell silent, the feed has failed over
     * (its node died, or it was moved): a {@code status} in the venue's current state says so, so clients can tell
     * a failover from an ordinary pause. A hot standby, whose sources interleave, announces nothing.
     */
    public List<Keyed> apply(MarketEvent event, String source) {
        Instrument instrument = registry.bySymbol(event.symbol());
        if (instrument == null) {
            return apply(event);
        }
        InstrumentState state = instruments.computeIfAbsent(instrument.symbol(), s -> new InstrumentState());
        VenueState vs = state.venue(event.venue());
        long now = clockMillis.getAsLong();
        List<Keyed> out = new ArrayList<>(6);
        if (vs.source != null && !vs.source.equals(source) && now - vs.sourceSeenMillis >= FAILOVER_SILENCE_MS) {
            String reason = "feed failed over to a new connector (" + source + ") after "
                    + (now - vs.sourceSeenMillis) + " ms without data";
            long ts = now * 1_000_000L;
            String venueKey = instrument.symbol() + "@" + event.venue();
            StatusState current = effective(vs);
            ViewState venueView = view(venueKey);
            venueView.status = new Status(instrument.symbol(), event.venue(), current, reason, ts, ts,
                    ++venueView.statusSeq);
            ViewState view = view(instrument.symbol());
            view.status = new Status(instrument.symbol(), event.venue(), current, reason, ts, ts, ++view.statusSeq);
            out.add(new Keyed(venueKey, venueView.status));
            out.add(new Keyed(instrument.symbol(), view.status));
        }
        if (vs.source == null || vs.source.equals(source) || now - vs.sourceSeenMillis >= FAILOVER_SILENCE_MS) {
            vs.source = source;
            vs.sourceSeenMillis = now;
        }
        out.addAll(apply(event));
        return out;
    }

    /**
     * The latest state of a view ({@code SYMBOL} or {@code SYMBOL@venue}), or null for a view that names no known
     * instrument (or a venue that does not list it) and was not seen here. For instruments this instance owns, the
     * status part is always present, so a client subscribing to
     * {@code status} learns the current state at once, even for a quiet market nothing was published about: a view
     * without a published status gets its session state ({@code live} while the market is open, else
     * {@code closed}), and a consolidated view gets one status summing up its venues, each venue's own state in
     * {@link Status#venues()}. The status keeps the view's current {@code seq}, so the next change follows it.
     */
    public SymbolSnapshot snapshot(String viewKey) {
        int at = viewKey.indexOf('@');
        Instrument instrument = registry.bySymbol(at < 0 ? viewKey : viewKey.substring(0, at));
        if (instrument == null || !owns.test(instrument.symbol()) || (at >= 0 && !instrument.venueCodes().containsKey(viewKey.substring(at + 1)))) {
            ViewState v = views.get(viewKey);
            return v == null ? null
                    : new SymbolSnapshot(viewKey, v.tick, v.lastTrade, v.book, v.status, List.copyOf(v.recentTrades));
        }
        ViewState v = view(viewKey);
        Status status = at < 0 && instrument.venueCodes().size() > 1
                ? consolidatedStatus(instrument, v)
                : v.status != null ? v.status : sessionStatus(instrument, at < 0
                        ? instrument.venueCodes().keySet().iterator().next() : viewKey.substring(at + 1), v);
        return new SymbolSnapshot(viewKey, v.tick, v.lastTrade, v.book, status, List.copyOf(v.recentTrades));
    }

    /** What the session calendar says about a view nothing was published on yet. */
    private Status sessionStatus(Instrument instrument, String venue, ViewState v) {
        long now = clockMillis.getAsLong();
        boolean open = instrument.calendar().isOpen(Instant.ofEpochMilli(now));
        String zone = String.valueOf(instrument.calendar().zone());
        return new Status(instrument.symbol(), venue, open ? StatusState.LIVE : StatusState.CLOSED,
                open ? "market open (session calendar " + zone + ")" : "market closed (session calendar " + zone + ")",
                now * 1_000_000L, now * 1_000_000L, v.statusSeq);
    }

    /**
     * A consolidated view's state: closed when its market is, else live when any venue is live (the view is served
     * from those), else the most hopeful state among the venues seen. Venues that sent nothing yet are not listed:
     * feeds start on demand, so silence before the first message is not a fault.
     */
    private Status consolidatedStatus(Instrument instrument, ViewState v) {
        long now = clockMillis.getAsLong();
        InstrumentState state = instruments.get(instrument.symbol());
        List<VenueStatus> venues = new ArrayList<>();
        List<String> live = new ArrayList<>();
        StatusState best = null;
        if (state != null) {
            for (Map.Entry<String, VenueState> e : state.venues.entrySet()) {
                VenueState vs = e.getValue();
                if (vs.published == null && vs.lastDataMillis == 0) {
                    continue;
                }
                StatusState s = effective(vs);
                venues.add(new VenueStatus(e.getKey(), s, vs.reason.isEmpty() ? "data flowing" : vs.reason));
                if (s == StatusState.LIVE) {
                    live.add(e.getKey());
                }
                if (best == null || HOPE.indexOf(s) < HOPE.indexOf(best)) {
                    best = s;
                }
            }
        }
        boolean open = instrument.calendar().isOpen(Instant.ofEpochMilli(now));
        String zone = String.valueOf(instrument.calendar().zone());
        StatusState overall;
        String reason;
        if (!open) {
            overall = StatusState.CLOSED;
            reason = "market closed (session calendar " + zone + ")";
        } else if (venues.isEmpty()) {
            overall = StatusState.LIVE;
            reason = "market open (session calendar " + zone + "); no venue has sent data yet";
        } else {
            overall = best;
            reason = live.size() + " of " + venues.size() + " venues live"
                    + (live.isEmpty() ? "" : ": " + String.join(", ", live));
        }
        return new Status(instrument.symbol(), CONSOLIDATED, overall, reason, now * 1_000_000L, now * 1_000_000L,
                v.statusSeq, venues);
    }

    /** States from the one a consolidated view can best be served in to the worst. */
    private static final List<StatusState> HOPE = List.of(StatusState.LIVE, StatusState.RESYNCING,
            StatusState.STALE, StatusState.DISCONNECTED, StatusState.REJECTED, StatusState.CLOSED);

    /** Events dropped so far as duplicates, stale or unknown. */
    public long droppedCount() {
        return dropped;
    }

    /**
     * Books that need a fresh snapshot and were not asked for one within {@link NormalizerConfig#resyncMinIntervalMs()},
     * as {@code SYMBOL@venue}; marks them as asked at {@code nowMillis}. Call after every batch and periodically.
     */
    public List<String> resyncRequests(long nowMillis) {
        if (resyncing.isEmpty()) {
            return List.of();
        }
        List<String> due = new ArrayList<>();
        var it = resyncing.iterator();
        while (it.hasNext()) {
            String key = it.next();
            int at = key.lastIndexOf('@');
            InstrumentState state = instruments.get(key.substring(0, at));
            VenueState vs = state == null ? null : state.venues.get(key.substring(at + 1));
            if (vs == null || vs.book == null || vs.book.live()) {
                it.remove();
                continue;
            }
            if (!vs.book.needsSnapshot()) {
                continue;
            }
            if (vs.lastResyncRequestMillis == Long.MIN_VALUE
                    || nowMillis - vs.lastResyncRequestMillis >= config.resyncMinIntervalMs()) {
                vs.lastResyncRequestMillis = nowMillis;
                due.add(key);
            }
        }
        return due;
    }

    /**
     * Evaluates sessions and staleness at {@code nowMillis}: a market that opened or closed since the last check gets
     * a {@code live}/{@code closed} status on each of its views; a venue silent for longer than
     * {@link NormalizerConfig#staleAfterMs()} while its market is open goes {@code stale} and leaves the consolidated
     * view. A closed market is never stale, and a market that just opened gets a full threshold of grace.
     */
    public List<Keyed> check(long nowMillis) {
        List<Keyed> out = new ArrayList<>();
        Instant now = Instant.ofEpochMilli(nowMillis);
        for (Instrument instrument : registry.all()) {
            if (!owns.test(instrument.symbol())) {
                continue;
            }
            boolean open = instrument.calendar().isOpen(now);
            InstrumentState state = instruments.get(instrument.symbol());
            if (state == null) {
                if (open) {
                    continue; // nothing to say about an open market without data
                }
                state = new InstrumentState();
                instruments.put(instrument.symbol(), state);
            }
            if (state.open == null || state.open != open) {
                boolean first = state.open == null;
                state.open = open;
                state.outOfSessionAnnounced = false;
                if (open && !first) {
                    for (VenueState vs : state.venues.values()) {
                        vs.lastDataMillis = nowMillis; // grace: the venue gets a full threshold to start sending
                    }
                }
                if (!first || !open) {
                    long ts = nowMillis * 1_000_000L;
                    emitSession(instrument, open ? StatusState.LIVE : StatusState.CLOSED, open
                            ? "market open (session calendar " + instrument.calendar().zone() + ")"
                            : "market closed (session calendar " + instrument.calendar().zone() + ")", ts, out);
                }
            }
            if (!open) {
                continue;
            }
            for (Map.Entry<String, VenueState> e : state.venues.entrySet()) {
                VenueState vs = e.getValue();
                if (!vs.stale && vs.lastDataMillis > 0 && nowMillis - vs.lastDataMillis > config.staleAfterMs()) {
                    vs.stale = true;
                    vs.reason = "no data for " + (nowMillis - vs.lastDataMillis) + " ms while the market is open";
                    venueStateChanged(instrument, state, e.getKey(), vs, nowMillis * 1_000_000L, out);
                }
            }
        }
        return out;
    }

    private void emitSession(Instrument instrument, StatusState s, String reason, long ts, List<Keyed> out) {
        String sessionVenue = instrument.venueCodes().size() == 1
                ? instrument.venueCodes().keySet().iterator().next()
                : CONSOLIDATED;
        for (String venue : instrument.venueCodes().keySet()) {
            String key = instrument.symbol() + "@" + venue;
            ViewState v = view(key);
            v.status = new Status(instrument.symbol(), venue, s, reason, ts, ts, ++v.statusSeq);
            out.add(new Keyed(key, v.status));
        }
        ViewState v = view(instrument.symbol());
        v.status = new Status(instrument.symbol(), sessionVenue, s, reason, ts, ts, ++v.statusSeq);
        out.add(new Keyed(instrument.symbol(), v.status));
    }

    /** Any data from a venue: it is not stale, and out-of-session data is announced once per closed period. */
    private void onData(Instrument instrument, InstrumentState state, String venue, VenueState vs, long ts,
            List<Keyed> out) {
        vs.lastDataMillis = clockMillis.getAsLong();
        if (vs.stale) {
            vs.stale = false;
            vs.reason = "data resumed";
            venueStateChanged(instrument, state, venue, vs, ts, out);
        }
        if (Boolean.FALSE.equals(state.open) && !state.outOfSessionAnnounced) {
            state.outOfSessionAnnounced = true;
            emitSession(instrument, StatusState.CLOSED, "market closed by session calendar, but " + venue
                    + " keeps sending data (simulator alwaysOpen demo or out-of-hours trading); data is served", ts,
                    out);
        }
    }

    private void onQuote(Instrument instrument, InstrumentState state, VenueState vs, Quote q, List<Keyed> out) {
        Quote previous = vs.quote;
        if (previous != null && (isStale(previous.venueSeq(), previous.venueTsNanos(), q.venueSeq(), q.venueTsNanos())
                || sameQuote(previous, q))) {
            dropped++;
            return;
        }
        if (q.twoSided() && q.bidPrice() > q.askPrice()) {
            dropped++; // a crossed top of book is a venue glitch; serving it would mislead every client
            return;
        }
        onData(instrument, state, q.venue(), vs, q.venueTsNanos(), out);
        vs.quote = q;
        if (q.lastPrice() > 0) {
            offerLast(state, vs, q.lastPrice(), q.lastTsNanos());
        }
        String venueKey = instrument.symbol() + "@" + q.venue();
        ViewState venueView = view(venueKey);
        venueView.tick = q.withLast(vs.lastPrice, vs.lastTsNanos).withSeq(++venueView.tickSeq);
        out.add(new Keyed(venueKey, venueView.tick));
        publishConsolidatedTick(instrument, state, q.venueTsNanos(), q.recvTsNanos(), true, out);
    }

    /**
     * A last trade price seen at venue time {@code tsNanos}, from a quote message's last-price field or from a trade:
     * the venue's and the instrument's last are the newest by venue time, whichever message carried them. Returns
     * whether the venue's last changed.
     */
    private static boolean offerLast(InstrumentState state, VenueState vs, long price, long tsNanos) {
        if (tsNanos >= state.lastTsNanos) {
            state.lastPrice = price;
            state.lastTsNanos = tsNanos;
        }
        if (tsNanos < vs.lastTsNanos) {
            return false; // an older print than the last one known (a ticker lagging the trade stream)
        }
        boolean changed = price != vs.lastPrice;
        vs.lastPrice = price;
        vs.lastTsNanos = tsNanos;
        return changed;
    }

    /**
     * Best bid and best ask over the live venues, each side attributed to its venue. With one live venue this is that
     * venue's quote (keeping its venue id), so single-venue instruments look the same in both views.
     */
    private Quote consolidate(Instrument instrument, InstrumentState state, long ts, long recv) {
        Quote bestBid = null;
        Quote bestAsk = null;
        Quote onlyLive = null;
        int live = 0;
        for (Map.Entry<String, VenueState> e : state.venues.entrySet()) {
            VenueState vs = e.getValue();
            Quote q = vs.quote;
            if (q == null || effective(vs) != StatusState.LIVE) {
                continue;
            }
            live++;
            onlyLive = q;
            if (q.bidPrice() > 0 && (bestBid == null || q.bidPrice() > bestBid.bidPrice())) {
                bestBid = q;
            }
            if (q.askPrice() > 0 && (bestAsk == null || q.askPrice() < bestAsk.askPrice())) {
                bestAsk = q;
            }
        }
        if (live == 0) {
            return null;
        }
        if (live == 1) {
            return onlyLive.withLast(state.lastPrice, state.lastTsNanos).withSeq(0);
        }
        String bidVenue = bestBid == null ? CONSOLIDATED : bestBid.venue();
        String askVenue = bestAsk == null ? CONSOLIDATED : bestAsk.venue();
        String venue = bidVenue.equals(askVenue) ? bidVenue : CONSOLIDATED;
        // Each venue's own quote is uncrossed (a crossed one is dropped); a best bid above the best ask therefore
        // means the venues disagree. It is served as it is, flagged: that is the arbitrage signal.
        boolean crossed = bestBid != null && bestAsk != null && bestBid.bidPrice() > bestAsk.askPrice();
        return new Quote(instrument.symbol(), venue,
                bestBid == null ? 0 : bestBid.bidPrice(), bestBid == null ? 0 : bestBid.bidSize(),
                bestAsk == null ? 0 : bestAsk.askPrice(), bestAsk == null ? 0 : bestAsk.askSize(),
                state.lastPrice, instrument.priceScale(), instrument.sizeScale(), 0, ts, recv, 0, bidVenue,
                askVenue, state.lastTsNanos, crossed);
    }

    private void publishConsolidatedTick(Instrument instrument, InstrumentState state, long ts, long recv,
            boolean always, List<Keyed> out) {
        Quote consolidated = consolidate(instrument, state, ts, recv);
        if (consolidated == null) {
            return;
        }
        ViewState view = view(instrument.symbol());
        if (!always && view.tick != null && sameTop(view.tick, consolidated)
                && view.tick.lastPrice() == consolidated.lastPrice()) {
            return;
        }
        view.tick = consolidated.withSeq(++view.tickSeq);
        out.add(new Keyed(instrument.symbol(), view.tick));
    }

    /** The same venue quote again (a second connector, a reconnect overlap) when the venue gives no sequence. */
    private static boolean sameQuote(Quote a, Quote b) {
        return a.venueTsNanos() == b.venueTsNanos() && a.venueSeq() == b.venueSeq() && sameTop(a, b)
                && a.lastPrice() == b.lastPrice();
    }

    private static boolean sameTop(Quote a, Quote b) {
        return a.bidPrice() == b.bidPrice() && a.bidSize() == b.bidSize() && a.askPrice() == b.askPrice()
                && a.askSize() == b.askSize() && a.bidVenue().equals(b.bidVenue())
                && a.askVenue().equals(b.askVenue());
    }

    private void onTrade(Instrument instrument, InstrumentState state, VenueState vs, Trade t, List<Keyed> out) {
        if (!vs.trades.firstSighting(t.tradeId())) {
            dropped++;
            return;
        }
        onData(instrument, state, t.venue(), vs, t.venueTsNanos(), out);
        boolean lastChanged = offerLast(state, vs, t.price(), t.venueTsNanos());
        String venueKey = instrument.symbol() + "@" + t.venue();
        ViewState venueView = view(venueKey);
        venueView.trade(t.withSeq(++venueView.tradeSeq));
        ViewState view = view(instrument.symbol());
        view.trade(t.withSeq(++view.tradeSeq));
        out.add(new Keyed(venueKey, venueView.lastTrade));
        out.add(new Keyed(instrument.symbol(), view.lastTrade));
        if (lastChanged && venueView.tick != null && vs.quote != null) {
            // The tick's price is the venue's last: a trade that moves it refreshes the tick (same sides).
            venueView.tick = vs.quote.withLast(vs.lastPrice, vs.lastTsNanos).withSeq(++venueView.tickSeq);
            out.add(new Keyed(venueKey, venueView.tick));
        }
        if (view.tick != null) {
            publishConsolidatedTick(instrument, state, view.tick.venueTsNanos(), t.recvTsNanos(), false, out);
        }
    }

    private void onBook(Instrument instrument, InstrumentState state, VenueState vs, BookUpdate b, List<Keyed> out) {
        if (vs.book == null) {
            vs.book = new VenueBook(SequenceRule.forVenue(b.venue()), config.maxBufferedDeltas());
        }
        StatusState before = effective(vs);
        VenueBook.Outcome outcome = vs.book.onUpdate(b);
        if (outcome == VenueBook.Outcome.DUPLICATE) {
            dropped++;
            return;
        }
        onData(instrument, state, b.venue(), vs, b.venueTsNanos(), out);
        String key = instrument.symbol() + "@" + b.venue();
        if (!vs.book.live()) {
            resyncing.add(key);
            vs.reason = vs.book.reason();
        } else if (before != StatusState.LIVE) {
            vs.reason = "book live: " + vs.book.reason();
        }
        boolean applied = vs.book.live() && outcome == VenueBook.Outcome.APPLIED;
        boolean changed = effective(vs) != before;
        if (changed) {
            // The status goes first: a client sees "live" (or "resyncing") before the book it refers to.
            venueStateChanged(instrument, state, b.venue(), vs, b.venueTsNanos(), out);
        }
        if (applied) {
            ViewState venueView = view(key);
            venueView.book = image(instrument, b.venue(), vs.book.book(), vs.book.lastSeq(), b.venueTsNanos(),
                    b.recvTsNanos(), ++venueView.depthSeq);
            out.add(new Keyed(key, venueView.book));
            if (!changed) {
                publishConsolidatedDepth(instrument, state, b.venueTsNanos(), b.recvTsNanos(), out);
            }
        }
    }

    private BookUpdate image(Instrument instrument, String venue, OrderBook book, long venueSeq, long ts, long recv,
            long seq) {
        return new BookUpdate(instrument.symbol(), venue, true, book.bids(config.depthLevels()),
                book.asks(config.depthLevels()), instrument.priceScale(), instrument.sizeScale(), 0, venueSeq, -1,
                BookUpdate.NO_CHECKSUM, ts, recv, seq);
    }

    /** The unqualified view's depth: the live venues' books merged by price level, sizes summed. */
    private void publishConsolidatedDepth(Instrument instrument, InstrumentState state, long ts, long recv,
            List<Keyed> out) {
        TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
        TreeMap<Long, Long> asks = new TreeMap<>();
        String single = null;
        int books = 0;
        long venueSeq = 0;
        for (Map.Entry<String, VenueState> e : state.venues.entrySet()) {
            VenueState vs = e.getValue();
            if (vs.book == null || !vs.book.live() || effective(vs) != StatusState.LIVE) {
                continue;
            }
            books++;
            single = e.getKey();
            venueSeq = vs.book.lastSeq();
            // The merged top N only involves each venue's top N, so that is all that is read.
            for (BookLevel l : vs.book.book().bids(config.depthLevels())) {
                bids.merge(l.price(), l.size(), Long::sum);
            }
            for (BookLevel l : vs.book.book().asks(config.depthLevels())) {
                asks.merge(l.price(), l.size(), Long::sum);
            }
        }
        ViewState view = view(instrument.symbol());
        if (books == 0 && view.book == null) {
            return;
        }
        String venue = books == 1 ? single : CONSOLIDATED;
        List<BookLevel> topBids = top(bids);
        List<BookLevel> topAsks = top(asks);
        List<VenueDepth> breakdown = new ArrayList<>();
        if (instrument.venueCodes().size() > 1 && books > 0) {
            // Each venue's share of the merged levels, so clients can see who is behind a price.
            long lowestBid = topBids.isEmpty() ? Long.MAX_VALUE : topBids.get(topBids.size() - 1).price();
            long highestAsk = topAsks.isEmpty() ? Long.MIN_VALUE : topAsks.get(topAsks.size() - 1).price();
            for (Map.Entry<String, VenueState> e : state.venues.entrySet()) {
                VenueState vs = e.getValue();
                if (vs.book == null || !vs.book.live() || effective(vs) != StatusState.LIVE) {
                    continue;
                }
                List<BookLevel> vb = new ArrayList<>();
                for (BookLevel l : vs.book.book().bids(config.depthLevels())) {
                    if (l.price() >= lowestBid) {
                        vb.add(l);
                    }
                }
                List<BookLevel> va = new ArrayList<>();
                for (BookLevel l : vs.book.book().asks(config.depthLevels())) {
                    if (l.price() <= highestAsk) {
                        va.add(l);
                    }
                }
                breakdown.add(new VenueDepth(e.getKey(), vb, va));
            }
        }
        // Every venue book is uncrossed (a crossed one resyncs), so a crossed merge means the venues disagree.
        boolean crossed = books > 1 && !topBids.isEmpty() && !topAsks.isEmpty()
                && topBids.get(0).price() > topAsks.get(0).price();
        view.book = new BookUpdate(instrument.symbol(), venue, true, topBids, topAsks, instrument.priceScale(),
                instrument.sizeScale(), 0, books == 1 ? venueSeq : 0, -1, BookUpdate.NO_CHECKSUM, ts, recv,
                ++view.depthSeq, breakdown, crossed);
        out.add(new Keyed(instrument.symbol(), view.book));
    }

    private List<BookLevel> top(TreeMap<Long, Long> side) {
        List<BookLevel> levels = new ArrayList<>(Math.min(side.size(), config.depthLevels()));
        for (Map.Entry<Long, Long> e : side.entrySet()) {
            if (levels.size() >= config.depthLevels()) {
                break;
            }
            levels.add(new BookLevel(e.getKey(), e.getValue()));
        }
        return levels;
    }

    private void onStatus(Instrument instrument, InstrumentState state, VenueState vs, Status s, List<Keyed> out) {
        StatusState before = effective(vs);
        switch (s.state()) {
            case STALE:
                // A closed market is not stale: the connector's silence alarm is ignored outside the session.
                if (!Boolean.FALSE.equals(state.open)) {
                    vs.stale = true;
                }
                break;
            case LIVE:
                vs.ingestState = StatusState.LIVE;
                vs.stale = false;
                if (vs.book != null && vs.book.needsSnapshot()) {
                    resyncing.add(instrument.symbol() + "@" + s.venue());
                }
                break;
            case RESYNCING:
                // A checksum mismatch or a venue-side reset seen by the connector: rebuild from its next snapshot.
                if (vs.book != null) {
                    vs.book.markResyncing(s.reason());
                    resyncing.add(instrument.symbol() + "@" + s.venue());
                }
                break;
            case CLOSED:
                break;
            case DISCONNECTED:
                // The reconnected feed may number its messages from scratch: forget the dedup baselines.
                vs.ingestState = s.state();
                vs.quote = null;
                if (vs.book != null) {
                    vs.book.reset(s.reason()); // the snapshot is asked for once the connector is back (LIVE)
                }
                break;
            default:
                vs.ingestState = s.state();
                break;
        }
        vs.reason = s.reason();
        if (effective(vs) != before) {
            venueStateChanged(instrument, state, s.venue(), vs, s.venueTsNanos(), out);
        }
    }

    /**
     * The venue's state as served: a connector-reported failure first, then a resyncing book, then staleness.
     */
    private static StatusState effective(VenueState vs) {
        if (vs.ingestState == StatusState.DISCONNECTED || vs.ingestState == StatusState.REJECTED) {
            return vs.ingestState;
        }
        if (vs.book != null && !vs.book.live() && (vs.book.needsSnapshot() || vs.book.resyncs() > 0)) {
            return StatusState.RESYNCING;
        }
        if (vs.stale) {
            return StatusState.STALE;
        }
        return StatusState.LIVE;
    }

    /** Publishes the venue's new state on both views, and the consolidated views it joined or left. */
    private void venueStateChanged(Instrument instrument, InstrumentState state, String venue, VenueState vs, long ts,
            List<Keyed> out) {
        StatusState now = effective(vs);
        if (now == vs.published) {
            return;
        }
        vs.published = now;
        String venueKey = instrument.symbol() + "@" + venue;
        long recv = clockMillis.getAsLong() * 1_000_000L;
        ViewState venueView = view(venueKey);
        venueView.status = new Status(instrument.symbol(), venue, now, vs.reason, ts, recv, ++venueView.statusSeq);
        ViewState view = view(instrument.symbol());
        view.status = new Status(instrument.symbol(), venue, now, vs.reason, ts, recv, ++view.statusSeq);
        out.add(new Keyed(venueKey, venueView.status));
        out.add(new Keyed(instrument.symbol(), view.status));
        publishConsolidatedTick(instrument, state, ts, recv, false, out);
        if (vs.book != null || view.book != null) {
            publishConsolidatedDepth(instrument, state, ts, recv, out);
        }
    }

    /**
     * An update is stale when it is not newer than what was applied: by venue sequence when both carry one, else by
     * venue time. Equal venue times without sequences are let through, since venues stamp several updates per ms.
     */
    private static boolean isStale(long lastSeq, long lastTs, long seq, long ts) {
        if (seq != 0 && lastSeq != 0) {
            return seq <= lastSeq;
        }
        return ts < lastTs;
    }

    private ViewState view(String key) {
        return views.computeIfAbsent(key, k -> new ViewState(seqBase));
    }

    /** Trades kept per view for snapshots. */
    static final int RECENT_TRADES = 100;

    /** Silence of a venue's previous connector after which data from another connector counts as a failover. */
    static final long FAILOVER_SILENCE_MS = 500;

    /** A normalized event and the view key it is published under. */
    public record Keyed(String key, MarketEvent event) {}

    private static final class ViewState {
        long tickSeq;
        long tradeSeq;
        long depthSeq;
        long statusSeq;
        Quote tick;
        Trade lastTrade;
        /** The last {@link #RECENT_TRADES} trades, oldest first, for snapshots and REST's recent trades. */
        final ArrayDeque<Trade> recentTrades = new ArrayDeque<>();
        BookUpdate book;
        Status status;

        void trade(Trade t) {
            lastTrade = t;
            recentTrades.addLast(t);
            if (recentTrades.size() > RECENT_TRADES) {
                recentTrades.removeFirst();
            }
        }

        ViewState(long base) {
            tickSeq = base;
            tradeSeq = base;
            depthSeq = base;
            statusSeq = base;
        }
    }

    /** One venue's state for one instrument. */
    private static final class VenueState {
        final TradeDeduplicator trades = new TradeDeduplicator(TRADE_DEDUP_WINDOW);
        Quote quote;
        /** The venue's newest last trade price by venue time, from its quotes or its trades (0: none yet). */
        long lastPrice;
        long lastTsNanos;
        VenueBook book;
        StatusState ingestState;
        StatusState published;
        boolean stale;
        String reason = "";
        long lastDataMillis;
        long lastResyncRequestMillis = Long.MIN_VALUE;
        /** Connector instance that last fed this venue, and when (see {@link #apply(MarketEvent, String)}). */
        String source;
        long sourceSeenMillis;
    }

    private static final class InstrumentState {
        final Map<String, VenueState> venues = new LinkedHashMap<>();
        /** The newest last trade price by venue time across the venues: the consolidated view's last. */
        long lastPrice;
        long lastTsNanos;
        Boolean open;
        boolean outOfSessionAnnounced;

        VenueState venue(String venue) {
            return venues.computeIfAbsent(venue, v -> new VenueState());
        }
    }
}
