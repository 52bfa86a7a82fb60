package dev.tickplant.gateway.rest;

import dev.tickplant.common.decimal.FixedPoint;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.model.VenueDepth;
import dev.tickplant.common.symbol.Instrument;
import dev.tickplant.common.symbol.SessionCalendar;
import dev.tickplant.common.symbol.SymbolResolution;
import dev.tickplant.common.symbol.WeeklyWindow;
import dev.tickplant.common.time.Clocks;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Renders the JSON bodies of the REST API. Prices and sizes are JSON numbers with exactly the event's (that is,
 * the instrument's) decimal places, rendered from fixed-point mantissas as the WebSocket pushes are; a missing
 * book side is {@code null}; times are epoch milliseconds (venue time, else receive time). Shapes are documented in
 * {@code api/openapi.json}.
 *
 * <p>Stateless and thread-safe.
 */
final class RestBodies {
    private RestBodies() {}

    /** {@code {"instruments":[...],"count":n}}. */
    static String instruments(List<Instrument> instruments, Instant now) {
        JsonText w = new JsonText().beginObject().name("instruments").beginArray();
        for (Instrument i : instruments) {
            instrument(w, i, now);
        }
        return w.endArray().field("count", instruments.size()).endObject().toString();
    }

    /** One instrument with venues, scales, sessions and whether its market is open at {@code now}. */
    static String instrument(Instrument i, Instant now) {
        return instrument(new JsonText(), i, now).toString();
    }

    /** What a spelling resolves to, with the full instrument. */
    static String resolution(SymbolResolution.Resolved r, Instant now) {
        JsonText w = new JsonText().beginObject()
                .field("spelling", r.spelling())
                .field("symbol", r.instrument().symbol())
                .field("key", r.key())
                .field("venue", r.venue());
        w.name("instrument");
        instrument(w, r.instrument(), now);
        return w.endObject().toString();
    }

    static JsonText instrument(JsonText w, Instrument i, Instant now) {
        w.beginObject()
                .field("symbol", i.symbol())
                .field("name", i.name())
                .field("assetClass", i.assetClass().wireName());
        w.name("aliases").beginArray();
        i.aliases().forEach(w::value);
        w.endArray();
        w.name("venues").beginObject();
        new TreeMap<>(i.venueCodes()).forEach(w::field);
        w.endObject();
        w.field("priceScale", i.priceScale())
                .field("sizeScale", i.sizeScale())
                .decimalField("tickSize", i.tickSize(), i.priceScale())
                .field("currency", i.currency());
        SessionCalendar calendar = i.calendar();
        w.field("timeZone", calendar.zone().getId());
        w.name("sessions").beginArray();
        for (WeeklyWindow window : calendar.windows()) {
            w.beginObject()
                    .field("from", dayTime(window.startDay(), window.startTime()))
                    .field("to", dayTime(window.endDay(), window.endTime()))
                    .endObject();
        }
        w.endArray();
        w.name("holidays").beginArray();
        calendar.holidays().stream().sorted().map(LocalDate::toString).forEach(w::value);
        w.endArray();
        return w.field("alwaysOpen", calendar.alwaysOpen())
                .field("open", calendar.isOpen(now))
                .endObject();
    }

    /** {@code MON 09:30}, the registry's own session syntax. */
    private static String dayTime(DayOfWeek day, LocalTime time) {
        return day.name().substring(0, 3) + " " + time;
    }

    /** One quote object (see {@link #quote(JsonText, String, String, Quote, Status)}). */
    static String quote(String spelling, String key, Quote q, Status status) {
        return quote(new JsonText(), spelling, key, q, status).toString();
    }

    /**
     * {@code {"symbol","key","bid","ask","bidSize","askSize","price","last","mid","time","seq","venue","bidVenue",
     * "askVenue","status"}}: {@code price} is the last trade, else the mid rounded half-up (as in the {@code tick}
     * push); {@code last} is the venue's last trade price or null; {@code mid} the mid or null unless both sides are
     * present; {@code crossed} whether a consolidated view's venues disagree (best bid above best ask);
     * {@code status} the latest status state or null.
     */
    static JsonText quote(JsonText w, String spelling, String key, Quote q, Status status) {
        int ps = q.priceScale();
        w.beginObject().field("symbol", spelling).field("key", key);
        price(w.name("bid"), q.bidPrice(), ps);
        price(w.name("ask"), q.askPrice(), ps);
        size(w.name("bidSize"), q.bidPrice(), q.bidSize(), q.sizeScale());
        size(w.name("askSize"), q.askPrice(), q.askSize(), q.sizeScale());
        price(w.name("price"), displayPrice(q), ps);
        price(w.name("last"), q.lastPrice(), ps);
        price(w.name("mid"), q.midPrice(), ps);
        w.field("time", millis(q.venueTsNanos(), q.recvTsNanos()))
                .field("seq", q.seq())
                .field("venue", q.venue())
                .field("bidVenue", q.bidVenue())
                .field("askVenue", q.askVenue())
                .field("crossed", q.crossed())
                .field("status", status == null ? null : status.state().wireName());
        return w.endObject();
    }

    /** Last trade price, else the mid rounded half-up to the price scale, else whichever side exists (0 = none). */
    static long displayPrice(Quote q) {
        if (q.lastPrice() > 0) {
            return q.lastPrice();
        }
        if (q.bidPrice() > 0 && q.askPrice() > 0) {
            return (q.bidPrice() + q.askPrice() + 1) / 2;
        }
        return Math.max(q.bidPrice(), q.askPrice());
    }

    /**
     * The top {@code depth} levels per side, best first, as {@code [price,size]} numbers exactly like the WebSocket
     * {@code depth} push, with the same CRC32 {@code checksum} over the levels as sent; merged books add
     * {@code bidVenues}/{@code askVenues}.
     */
    static String book(String spelling, String key, BookUpdate book, int depth) {
        StringBuilder check = new StringBuilder(32 * depth);
        JsonText w = new JsonText().beginObject().field("symbol", spelling).field("key", key)
                .field("venue", book.venue());
        w.name("bids");
        levels(w, check, book.bids(), depth, book.priceScale(), book.sizeScale());
        check.append('#');
        w.name("asks");
        levels(w, check, book.asks(), depth, book.priceScale(), book.sizeScale());
        w.field("seq", book.seq())
                .field("checksum", checksum(check))
                .field("time", millis(book.venueTsNanos(), book.recvTsNanos()))
                .field("levels", depth);
        if (!book.venueDepths().isEmpty()) {
            w.name("bidVenues");
            breakdown(w, book, book.bids(), depth, true);
            w.name("askVenues");
            breakdown(w, book, book.asks(), depth, false);
        }
        return w.endObject().toString();
    }

    private static void levels(JsonText w, StringBuilder check, List<BookLevel> side, int max, int priceScale,
            int sizeScale) {
        w.beginArray();
        int n = Math.min(max, side.size());
        for (int i = 0; i < n; i++) {
            BookLevel l = side.get(i);
            if (i > 0) {
                check.append('|');
            }
            // The checksum covers the numbers exactly as they appear in the body.
            String price = FixedPoint.format(l.price(), priceScale);
            String size = FixedPoint.format(l.size(), sizeScale);
            check.append(price).append(':').append(size);
            w.beginArray().raw(price).raw(size).endArray();
        }
        w.endArray();
    }

    private static void breakdown(JsonText w, BookUpdate book, List<BookLevel> side, int max, boolean bids) {
        w.beginArray();
        int n = Math.min(max, side.size());
        for (int i = 0; i < n; i++) {
            long price = side.get(i).price();
            w.beginObject();
            for (VenueDepth d : book.venueDepths()) {
                for (BookLevel l : bids ? d.bids() : d.asks()) {
                    if (l.price() == price) {
                        w.decimalField(d.venue(), l.size(), book.sizeScale());
                        break;
                    }
                }
            }
            w.endObject();
        }
        w.endArray();
    }

    /** Unsigned CRC32 of the UTF-8 checksum string, as in the WebSocket depth push. */
    static long checksum(CharSequence levels) {
        CRC32 crc = new CRC32();
        crc.update(levels.toString().getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /**
     * {@code {"symbol","key","trades":[{"price","size","side","venue","tradeId","seq","time"}]}}, newest first: the
     * last {@code limit} of the trades the normalizer keeps per view.
     */
    static String trades(String spelling, String key, List<Trade> oldestFirst, int limit) {
        JsonText w = new JsonText().beginObject().field("symbol", spelling).field("key", key);
        w.name("trades").beginArray();
        for (int i = oldestFirst.size() - 1; i >= 0 && i >= oldestFirst.size() - limit; i--) {
            Trade last = oldestFirst.get(i);
            w.beginObject()
                    .decimalField("price", last.price(), last.priceScale())
                    .decimalField("size", last.size(), last.sizeScale())
                    .field("side", last.side().name().toLowerCase(Locale.ROOT))
                    .field("venue", last.venue())
                    .field("tradeId", last.tradeId())
                    .field("seq", last.seq())
                    .field("time", millis(last.venueTsNanos(), last.recvTsNanos()))
                    .endObject();
        }
        return w.endArray().endObject().toString();
    }

    /** Quotes of a batch, plus the views without data: {@code {"quotes":[...],"missing":[{"symbol","key",...}]}}. */
    static String quotes(List<String> quoteObjects, Map<String, String> missing) {
        JsonText w = new JsonText().beginObject().name("quotes").beginArray();
        quoteObjects.forEach(w::raw);
        w.endArray().name("missing").beginArray();
        missing.forEach((spelling, detail) -> w.beginObject().field("symbol", spelling).field("detail", detail)
                .endObject());
        return w.endArray().endObject().toString();
    }

    private static void price(JsonText w, long mantissa, int scale) {
        if (mantissa <= 0) {
            w.nullValue();
        } else {
            w.decimal(mantissa, scale);
        }
    }

    private static void size(JsonText w, long price, long size, int scale) {
        if (price <= 0) {
            w.nullValue();
        } else {
            w.decimal(size, scale);
        }
    }

    private static long millis(long venueTsNanos, long recvTsNanos) {
        return Clocks.nanosToMillis(venueTsNanos != 0 ? venueTsNanos : recvTsNanos);
    }
}
