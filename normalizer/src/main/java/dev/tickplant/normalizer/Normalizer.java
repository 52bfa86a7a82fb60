package dev.tickplant.normalizer;

import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.SymbolSnapshot;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.InstrumentRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns venue events into the normalized streams of one normalizer partition, for two views of each instrument:
 * the venue-qualified view ({@code BTCUSDT@binance}) and the unqualified view ({@code BTCUSDT}), which consolidates
 * the best bid and best ask over the venues that are live.
 *
 * <p>What it guarantees downstream: duplicates and out-of-order updates are dropped (quotes and books by venue
 * sequence or venue time, trades by venue trade id within a bounded window); every emitted event carries a {@code
 * seq} per (channel, view) that increases by exactly 1. Sequences start at a base taken from the clock when this
 * instance is created, so a restarted normalizer continues above its predecessor and consumers see a jump (and
 * re-snapshot) rather than a silent step back.
 *
 * <p>Plain class without Vert.x types; confined to the owning verticle's event loop.
 */
public final class Normalizer {
    /** Venue id used for consolidated events. */
    public static final String CONSOLIDATED = "consolidated";

    private static final int TRADE_DEDUP_WINDOW = 4096;

    private final InstrumentRegistry registry;
    private final long seqBase;
    private final Map<String, ViewState> views = new HashMap<>();
    private final Map<String, InstrumentState> instruments = new HashMap<>();
    private long dropped;

    /**
     * @param registry the instrument universe
     * @param seqBase first sequence number minus one for every view; pass epoch microseconds at start-up
     */
    public Normalizer(InstrumentRegistry registry, long seqBase) {
        this.registry = registry;
        this.seqBase = seqBase;
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
        if (event instanceof Quote q) {
            return onQuote(instrument, state, q);
        } else if (event instanceof Trade t) {
            return onTrade(instrument, state, t);
        } else if (event instanceof BookUpdate b) {
            return onBook(instrument, state, b);
        } else if (event instanceof Status s) {
            return onStatus(instrument, state, s);
        }
        throw new IllegalArgumentException("unhandled event " + event.getClass());
    }

    /** The latest state of a view ({@code SYMBOL} or {@code SYMBOL@venue}), or null when nothing was seen. */
    public SymbolSnapshot snapshot(String viewKey) {
        ViewState v = views.get(viewKey);
        return v == null ? null : new SymbolSnapshot(viewKey, v.tick, v.lastTrade, v.book, v.status);
    }

    /** Events dropped so far as duplicates, stale or unknown. */
    public long droppedCount() {
        return dropped;
    }

    private List<Keyed> onQuote(Instrument instrument, InstrumentState state, Quote q) {
        Quote previous = state.quotes.get(q.venue());
        if (previous != null && isStale(previous.venueSeq(), previous.venueTsNanos(), q.venueSeq(), q.venueTsNanos())) {
            dropped++;
            return List.of();
        }
        if (q.twoSided() && q.bidPrice() > q.askPrice()) {
            dropped++; // a crossed top of book is a venue glitch; serving it would mislead every client
            return List.of();
        }
        state.quotes.put(q.venue(), q);
        List<Keyed> out = new ArrayList<>(2);
        String venueKey = instrument.symbol() + "@" + q.venue();
        ViewState venueView = view(venueKey);
        long last = state.lastPrices.getOrDefault(q.venue(), 0L);
        venueView.tick = q.withLastPrice(last).withSeq(++venueView.tickSeq);
        out.add(new Keyed(venueKey, venueView.tick));
        Quote consolidated = consolidate(instrument, state, q);
        if (consolidated != null) {
            ViewState view = view(instrument.symbol());
            view.tick = consolidated.withSeq(++view.tickSeq);
            out.add(new Keyed(instrument.symbol(), view.tick));
        }
        return out;
    }

    /**
     * Best bid and best ask over the venues that are not known to be down. With one venue this is that venue's
     * quote unchanged (keeping its venue id), so single-venue instruments look the same in both views.
     */
    private Quote consolidate(Instrument instrument, InstrumentState state, Quote latest) {
        Quote bestBid = null;
        Quote bestAsk = null;
        Quote onlyLive = null;
        int live = 0;
        for (Quote q : state.quotes.values()) {
            StatusState venueState = state.venueStates.get(q.venue());
            if (venueState != null && venueState != StatusState.LIVE) {
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
        long lastPrice = state.lastTradePrice;
        if (live == 1) {
            return onlyLive.withLastPrice(lastPrice).withSeq(0);
        }
        String venue = bestBid != null && bestAsk != null && bestBid.venue().equals(bestAsk.venue())
                ? bestBid.venue()
                : CONSOLIDATED;
        return new Quote(instrument.symbol(), venue,
                bestBid == null ? 0 : bestBid.bidPrice(), bestBid == null ? 0 : bestBid.bidSize(),
                bestAsk == null ? 0 : bestAsk.askPrice(), bestAsk == null ? 0 : bestAsk.askSize(),
                lastPrice, latest.priceScale(), latest.sizeScale(), 0, latest.venueTsNanos(), latest.recvTsNanos(), 0);
    }

    private List<Keyed> onTrade(Instrument instrument, InstrumentState state, Trade t) {
        TradeDeduplicator dedup = state.tradeIds.computeIfAbsent(t.venue(), v -> new TradeDeduplicator(
                TRADE_DEDUP_WINDOW));
        if (!dedup.firstSighting(t.tradeId())) {
            dropped++;
            return List.of();
        }
        state.lastPrices.put(t.venue(), t.price());
        state.lastTradePrice = t.price();
        String venueKey = instrument.symbol() + "@" + t.venue();
        ViewState venueView = view(venueKey);
        venueView.lastTrade = t.withSeq(++venueView.tradeSeq);
        ViewState view = view(instrument.symbol());
        view.lastTrade = t.withSeq(++view.tradeSeq);
        return List.of(new Keyed(venueKey, venueView.lastTrade), new Keyed(instrument.symbol(), view.lastTrade));
    }

    private List<Keyed> onBook(Instrument instrument, InstrumentState state, BookUpdate b) {
        BookUpdate previous = state.books.get(b.venue());
        if (previous != null && isStale(previous.venueSeq(), previous.venueTsNanos(), b.venueSeq(), b.venueTsNanos())) {
            dropped++;
            return List.of();
        }
        state.books.put(b.venue(), b);
        String venueKey = instrument.symbol() + "@" + b.venue();
        ViewState venueView = view(venueKey);
        venueView.book = b.withSeq(++venueView.depthSeq);
        List<Keyed> out = new ArrayList<>(2);
        out.add(new Keyed(venueKey, venueView.book));
        if (instrument.venueCodes().size() == 1) {
            // Cross-venue depth merging is not built yet; a single-venue book is the instrument's book.
            ViewState view = view(instrument.symbol());
            view.book = b.withSeq(++view.depthSeq);
            out.add(new Keyed(instrument.symbol(), view.book));
        }
        return out;
    }

    private List<Keyed> onStatus(Instrument instrument, InstrumentState state, Status s) {
        StatusState previous = state.venueStates.put(s.venue(), s.state());
        if (previous == s.state()) {
            return List.of();
        }
        String venueKey = instrument.symbol() + "@" + s.venue();
        ViewState venueView = view(venueKey);
        venueView.status = s.withSeq(++venueView.statusSeq);
        ViewState view = view(instrument.symbol());
        view.status = s.withSeq(++view.statusSeq);
        return List.of(new Keyed(venueKey, venueView.status), new Keyed(instrument.symbol(), view.status));
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

    /** A normalized event and the view key it is published under. */
    public record Keyed(String key, MarketEvent event) {}

    private static final class ViewState {
        long tickSeq;
        long tradeSeq;
        long depthSeq;
        long statusSeq;
        Quote tick;
        Trade lastTrade;
        BookUpdate book;
        Status status;

        ViewState(long base) {
            tickSeq = base;
            tradeSeq = base;
            depthSeq = base;
            statusSeq = base;
        }
    }

    private static final class InstrumentState {
        final Map<String, Quote> quotes = new HashMap<>();
        final Map<String, BookUpdate> books = new HashMap<>();
        final Map<String, Long> lastPrices = new HashMap<>();
        final Map<String, StatusState> venueStates = new HashMap<>();
        final Map<String, TradeDeduplicator> tradeIds = new HashMap<>();
        long lastTradePrice;
    }
}
