package dev.tickplant.ingest.sim;

import dev.tickplant.common.decimal.FixedPoint;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.symbol.AssetClass;
import dev.tickplant.common.symbol.Instrument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A seeded, plausible market for simulators: per instrument a mean-reverting random walk of the best bid on the
 * instrument's tick grid around its reference price, a spread typical of its asset class (FX and metals a fraction
 * of a basis point, US/HK stocks one to a few ticks, crypto a few ticks), a book of several levels one or two ticks
 * apart with sizes in the asset class's usual lots, and occasional trades at the touch. Every price is a positive
 * multiple of the tick size and the best bid is always strictly below the best ask.
 *
 * <p>Deterministic for a given seed and call sequence. Not thread-safe; confined to the simulator's event loop.
 */
public final class SyntheticMarket {
    /** The deepest book the generator keeps. */
    public static final int MAX_LEVELS = 10;

    /** One side-by-side view of an instrument's book, best levels first. */
    public record Book(String symbol, List<BookLevel> bids, List<BookLevel> asks) {
        public Book {
            bids = List.copyOf(bids);
            asks = List.copyOf(asks);
        }

        /** Best bid price mantissa. */
        public long bestBid() {
            return bids.get(0).price();
        }

        /** Best ask price mantissa. */
        public long bestAsk() {
            return asks.get(0).price();
        }
    }

    /** A trade at the touch; {@code side} is the aggressor (BUY lifts the ask, SELL hits the bid). */
    public record Print(String symbol, long price, long size, Side side) {}

    private static final class State {
        final Instrument instrument;
        final long tick;
        final long refTicks;
        final long stepTicks;
        long bidTicks;
        long spreadTicks;
        final long[] bidSizes = new long[MAX_LEVELS];
        final long[] askSizes = new long[MAX_LEVELS];
        final int[] bidGaps = new int[MAX_LEVELS];
        final int[] askGaps = new int[MAX_LEVELS];

        State(Instrument instrument) {
            this.instrument = instrument;
            this.tick = instrument.tickSize();
            this.refTicks = Math.max(MAX_LEVELS * 4L, instrument.referencePrice() / tick);
            // About half a basis point per step: a visible but calm walk whatever the price level.
            this.stepTicks = Math.max(1, refTicks / 20_000);
            this.bidTicks = refTicks;
        }
    }

    private final Random random;
    private final Map<String, State> states = new HashMap<>();

    /** A market over {@code instruments}, seeded for reproducibility. */
    public SyntheticMarket(Collection<Instrument> instruments, long seed) {
        this.random = new Random(seed);
        for (Instrument i : instruments) {
            State s = new State(i);
            s.spreadTicks = drawSpread(s);
            for (int l = 0; l < MAX_LEVELS; l++) {
                redrawLevel(s, l);
            }
            states.put(i.symbol(), s);
        }
    }

    /** True when the market knows {@code symbol}. */
    public boolean knows(String symbol) {
        return states.containsKey(symbol);
    }

    /** Moves the instrument one step and returns its book, {@code levels} deep per side (1..{@value #MAX_LEVELS}). */
    public Book step(String symbol, int levels) {
        State s = state(symbol);
        double drift = (double) (s.refTicks - s.bidTicks) / (s.refTicks * 0.02);
        double pUp = clamp(0.3 + 0.1 * drift, 0.05, 0.55);
        double pDown = clamp(0.3 - 0.1 * drift, 0.05, 0.55);
        double r = random.nextDouble();
        long move = 1 + (s.stepTicks > 1 ? random.nextInt((int) Math.min(Integer.MAX_VALUE, s.stepTicks)) : 0);
        if (r < pUp) {
            s.bidTicks += move;
        } else if (r < pUp + pDown) {
            s.bidTicks -= move;
        }
        long floor = MAX_LEVELS * 2L + 1;
        if (s.bidTicks < floor) {
            s.bidTicks = floor;
        }
        if (random.nextDouble() < 0.2) {
            s.spreadTicks = drawSpread(s);
        }
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes; c++) {
            redrawLevel(s, random.nextInt(MAX_LEVELS));
        }
        return book(s, levels);
    }

    /** The current book without moving it. */
    public Book current(String symbol, int levels) {
        return book(state(symbol), levels);
    }

    /** With probability {@code probability}, a trade at the current touch. */
    public Optional<Print> maybeTrade(String symbol, double probability) {
        State s = state(symbol);
        if (random.nextDouble() >= probability) {
            return Optional.empty();
        }
        boolean buy = random.nextBoolean();
        long price = buy ? (s.bidTicks + s.spreadTicks) * s.tick : s.bidTicks * s.tick;
        long available = buy ? s.askSizes[0] : s.bidSizes[0];
        long grain = lot(s.instrument);
        long lots = Math.max(1, available / grain);
        long size = grain * (1 + (lots > 1 ? random.nextInt((int) Math.min(Integer.MAX_VALUE, lots)) : 0));
        return Optional.of(new Print(symbol, price, size, buy ? Side.BUY : Side.SELL));
    }

    private Book book(State s, int levels) {
        int n = Math.max(1, Math.min(MAX_LEVELS, levels));
        List<BookLevel> bids = new ArrayList<>(n);
        List<BookLevel> asks = new ArrayList<>(n);
        long bid = s.bidTicks;
        long ask = s.bidTicks + s.spreadTicks;
        for (int l = 0; l < n; l++) {
            if (l > 0) {
                bid -= s.bidGaps[l];
                ask += s.askGaps[l];
            }
            bids.add(new BookLevel(bid * s.tick, s.bidSizes[l]));
            asks.add(new BookLevel(ask * s.tick, s.askSizes[l]));
        }
        return new Book(s.instrument.symbol(), bids, asks);
    }

    private State state(String symbol) {
        State s = states.get(symbol);
        if (s == null) {
            throw new IllegalArgumentException("unknown symbol " + symbol);
        }
        return s;
    }

    private long drawSpread(State s) {
        AssetClass c = s.instrument.assetClass();
        switch (c) {
            case FX:
            case METAL:
                // 0.3 to 1.5 basis points of the price, never less than one tick.
                double bp = 0.3 + random.nextDouble() * 1.2;
                return Math.max(1, Math.round(s.refTicks * bp / 10_000.0));
            case CRYPTO:
                // 0.05 to 0.5 basis points: a few cents on BTC, one tick on cheaper coins.
                double cryptoBp = 0.05 + random.nextDouble() * 0.45;
                return Math.max(1, Math.round(s.refTicks * cryptoBp / 10_000.0));
            case HK_STOCK:
                return random.nextDouble() < 0.7 ? 1 : 2 + random.nextInt(2);
            case US_STOCK:
            default:
                return 1 + random.nextInt(3);
        }
    }

    private void redrawLevel(State s, int level) {
        s.bidSizes[level] = drawSize(s.instrument);
        s.askSizes[level] = drawSize(s.instrument);
        s.bidGaps[level] = 1 + (random.nextDouble() < 0.3 ? 1 : 0);
        s.askGaps[level] = 1 + (random.nextDouble() < 0.3 ? 1 : 0);
    }

    /** A resting size in the asset class's usual lots, as a mantissa at the instrument's size scale. */
    private long drawSize(Instrument i) {
        long lot = lot(i);
        switch (i.assetClass()) {
            case US_STOCK:
                return lot * (1 + random.nextInt(50));
            case HK_STOCK:
                return lot * (1 + random.nextInt(100));
            case FX:
                return lot * (1 + random.nextInt(50));
            case METAL:
                return lot * (1 + random.nextInt(100));
            case CRYPTO:
            default:
                return lot * (1 + random.nextInt(2000));
        }
    }

    /** The trading lot as a size mantissa: 100 shares, 100k FX units, 1 oz, 0.001 coin. */
    private static long lot(Instrument i) {
        int scale = i.sizeScale();
        switch (i.assetClass()) {
            case US_STOCK:
            case HK_STOCK:
                return 100 * FixedPoint.pow10(scale);
            case FX:
                return 100_000 * FixedPoint.pow10(scale);
            case METAL:
                return FixedPoint.pow10(scale);
            case CRYPTO:
            default:
                return scale >= 3 ? FixedPoint.pow10(scale - 3) : 1;
        }
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
