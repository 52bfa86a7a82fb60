package dev.tickplant.gateway;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.SymbolSnapshot;
import dev.tickplant.common.model.Trade;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the normalizer with scripted events: {@link #publish(String, MarketEvent)} records the event as the
 * latest state of its (channel, key) and publishes it on {@code md.<channel>.<key>}; snapshot requests are answered
 * with the latest state of every channel of the key (or failed with 404 when there is none).
 */
final class ScriptedNormalizer {
    private final Vertx vertx;
    private final int partitions;
    private final Map<String, Quote> ticks = new ConcurrentHashMap<>();
    private final Map<String, Trade> trades = new ConcurrentHashMap<>();
    private final Map<String, BookUpdate> books = new ConcurrentHashMap<>();
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private final List<MessageConsumer<Object>> consumers = new ArrayList<>();

    ScriptedNormalizer(Vertx vertx, int partitions) {
        this.vertx = vertx;
        this.partitions = partitions;
    }

    Future<Void> start() {
        List<Future<Void>> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            MessageConsumer<Object> c = vertx.eventBus().consumer(Addresses.snapshot(p), msg -> {
                String key = (String) msg.body();
                SymbolSnapshot s = new SymbolSnapshot(key, ticks.get(key), trades.get(key), books.get(key),
                        statuses.get(key));
                if (s.tick() == null && s.lastTrade() == null && s.book() == null && s.status() == null) {
                    msg.fail(404, "no data yet for " + key);
                } else {
                    msg.reply(s);
                }
            });
            consumers.add(c);
            all.add(c.completion());
        }
        return Future.all(all).mapEmpty();
    }

    /** Records {@code e} as the latest state of its channel for {@code key}, without publishing it. */
    void record(String key, MarketEvent e) {
        if (e instanceof Quote q) {
            ticks.put(key, q);
        } else if (e instanceof Trade t) {
            trades.put(key, t);
        } else if (e instanceof BookUpdate b) {
            books.put(key, b);
        } else if (e instanceof Status s) {
            statuses.put(key, s);
        }
    }

    /** Records and publishes. */
    void publish(String key, MarketEvent e) {
        record(key, e);
        vertx.eventBus().publish(Addresses.marketData(e.channel(), key), e);
    }

    Future<Void> stop() {
        List<Future<Void>> all = new ArrayList<>();
        consumers.forEach(c -> all.add(c.unregister()));
        return Future.join(all).mapEmpty();
    }
}
