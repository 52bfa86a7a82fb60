package dev.tickplant.normalizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.bus.Partitions;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.BookLevel;
import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Channel;
import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Side;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.Trade;
import dev.tickplant.common.testsupport.TestInstruments;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The normalizer verticle on the event bus: a feed ingested twice, and a book gap answered with a resync request. */
@ExtendWith(VertxExtension.class)
class NormalizerDedupAndResyncIT {
    private static final int PARTITIONS = 4;
    private static final int BTC = Partitions.of("BTCUSDT", PARTITIONS);

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext ctx) {
        Codecs.registerAll(vertx.eventBus());
        NormalizerConfig config = new NormalizerConfig(PARTITIONS, Set.of(), 100, 10, 60_000, 60_000, 1000, 100);
        vertx.deployVerticle(new NormalizerVerticle(config, TestInstruments.defaultRegistry(),
                new SimpleMeterRegistry())).onComplete(ctx.succeedingThenComplete());
    }

    private static Trade trade(String id) {
        return new Trade("BTCUSDT", "binance", id, 6_500_000, 1, 2, 8, Side.BUY, 0, 1, 2, 0);
    }

    private static List<BookLevel> level(long price, long size) {
        return List.of(new BookLevel(price, size));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldPublishEachTradeOnceWhenTwoConnectorsIngestTheSameFeed(Vertx vertx, VertxTestContext ctx) {
        List<String> received = new CopyOnWriteArrayList<>();
        List<Long> seqs = new CopyOnWriteArrayList<>();
        MessageConsumer<Trade> consumer = vertx.eventBus().consumer(Addresses.marketData(Channel.TRADE, "BTCUSDT"),
                m -> {
                    received.add(m.body().tradeId());
                    seqs.add(m.body().seq());
                    // The marker: batches reach the normalizer in the order they were sent and it publishes in
                    // order, so any duplicate of the trades before it would have arrived by now.
                    if (m.body().tradeId().equals("5")) {
                        ctx.verify(() -> {
                            assertEquals(List.of("1", "2", "3", "4", "5"), received);
                            for (int i = 1; i < seqs.size(); i++) {
                                assertEquals(seqs.get(i - 1) + 1, seqs.get(i));
                            }
                            ctx.completeNow();
                        });
                    }
                });
        List<MarketEvent> feed = List.of(trade("1"), trade("2"), trade("3"));
        consumer.completion().onComplete(ctx.succeeding(v -> {
            // The active connector and a hot standby on another node deliver the same venue feed.
            vertx.eventBus().send(Addresses.normalizer(BTC), new EventBatch("binance@node-a", feed));
            vertx.eventBus().send(Addresses.normalizer(BTC), new EventBatch("binance@node-b", feed));
            vertx.eventBus().send(Addresses.normalizer(BTC), new EventBatch("binance@node-a", List.of(trade("4"))));
            vertx.eventBus().send(Addresses.normalizer(BTC), new EventBatch("binance@node-b", List.of(trade("4"))));
            vertx.eventBus().send(Addresses.normalizer(BTC), new EventBatch("binance@node-a", List.of(trade("5"))));
        }));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldRequestSnapshotOnBookGapAndGoLiveAfterIt(Vertx vertx, VertxTestContext ctx) {
        List<String> resyncs = new CopyOnWriteArrayList<>();
        List<StatusState> states = new CopyOnWriteArrayList<>();
        List<BookUpdate> images = new CopyOnWriteArrayList<>();
        MessageConsumer<String> resync = vertx.eventBus().consumer(Addresses.INGEST_RESYNC, m -> {
            resyncs.add(m.body());
            // Ingest answers with a fresh snapshot that the buffered delta 106..107 bridges.
            vertx.eventBus().send(Addresses.normalizer(BTC), new EventBatch("binance@node-a", List.of(
                    new BookUpdate("BTCUSDT", "binance", true, level(6_500_000, 3), level(6_500_100, 3), 2, 8, 0,
                            106, -1, BookUpdate.NO_CHECKSUM, 5, 5, 0))));
        });
        MessageConsumer<Status> status = vertx.eventBus().consumer(
                Addresses.marketData(Channel.STATUS, "BTCUSDT@binance"), m -> states.add(m.body().state()));
        MessageConsumer<BookUpdate> depth = vertx.eventBus().consumer(
                Addresses.marketData(Channel.DEPTH, "BTCUSDT@binance"), m -> {
                    images.add(m.body());
                    if (states.contains(StatusState.LIVE)) {
                        ctx.verify(() -> {
                            BookUpdate last = m.body();
                            assertEquals(List.of("BTCUSDT@binance"), resyncs);
                            assertEquals(List.of(StatusState.RESYNCING, StatusState.LIVE), states);
                            assertEquals(level(6_500_050, 1), last.bids().subList(0, 1));
                            assertEquals(107, last.venueSeq());
                            assertEquals(images.get(0).seq() + 1, last.seq());
                            ctx.completeNow();
                        });
                    }
                });
        List<MarketEvent> events = new ArrayList<>();
        events.add(new BookUpdate("BTCUSDT", "binance", true, level(6_500_000, 1), level(6_500_100, 1), 2, 8, 0, 100,
                -1, BookUpdate.NO_CHECKSUM, 1, 1, 0));
        // 101..105 lost; 106..107 cannot follow 100.
        events.add(new BookUpdate("BTCUSDT", "binance", false, level(6_500_050, 1), List.of(), 2, 8, 106, 107, -1,
                BookUpdate.NO_CHECKSUM, 2, 2, 0));
        Future.all(resync.completion(), status.completion(), depth.completion()).onComplete(ctx.succeeding(v ->
                vertx.eventBus().send(Addresses.normalizer(BTC), new EventBatch("binance@node-a", events))));
    }
}
