package dev.tickplant.normalizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.bus.Partitions;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.Channel;
import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.SymbolSnapshot;
import dev.tickplant.common.testsupport.TestInstruments;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class NormalizerVerticleIT {
    private static final int PARTITIONS = 4;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext ctx) {
        Codecs.registerAll(vertx.eventBus());
        NormalizerConfig config = new NormalizerConfig(PARTITIONS, Set.of(), 100);
        vertx.deployVerticle(new NormalizerVerticle(config, TestInstruments.defaultRegistry(), new SimpleMeterRegistry()))
                .onComplete(ctx.succeedingThenComplete());
    }

    private static Quote quote(long bid, long venueSeq) {
        return new Quote("EURUSD", "alltick", bid, 100, bid + 20, 100, 0, 5, 2, venueSeq, 1, 2, 0);
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldPublishNormalizedTicksWithConsecutiveSeqAndServeSnapshots(Vertx vertx, VertxTestContext ctx) {
        int partition = Partitions.of("EURUSD", PARTITIONS);
        Checkpoint ticks = ctx.checkpoint(3);
        Checkpoint snapshotChecked = ctx.checkpoint();
        long[] lastSeq = {-1};
        Promise<Void> lastTick = Promise.promise();
        MessageConsumer<Quote> consumer = vertx.eventBus().consumer(Addresses.marketData(Channel.TICK, "EURUSD"),
                m -> ctx.verify(() -> {
                    if (lastSeq[0] >= 0) {
                        assertEquals(lastSeq[0] + 1, m.body().seq());
                    }
                    lastSeq[0] = m.body().seq();
                    ticks.flag();
                    if (m.body().bidPrice() == 108520) {
                        lastTick.tryComplete();
                    }
                }));
        consumer.completion()
                .compose(v -> {
                    // The duplicate (venueSeq 2 twice) must not reach the stream.
                    List<MarketEvent> events = List.of(quote(108500, 1), quote(108510, 2), quote(108510, 2),
                            quote(108520, 3));
                    vertx.eventBus().send(Addresses.normalizer(partition), new EventBatch("test", events));
                    // The snapshot is asked for once the batch's last tick is out, so it must hold that tick.
                    return lastTick.future();
                })
                .compose(v -> vertx.eventBus().<SymbolSnapshot>request(Addresses.snapshot(partition), "EURUSD"))
                .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
                    assertEquals(108520, reply.body().tick().bidPrice());
                    assertEquals(lastSeq[0], reply.body().tick().seq());
                    snapshotChecked.flag();
                })));
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    void shouldAnswerAQuietViewWithItsSessionStateAndFailAnUnknownOne(Vertx vertx, VertxTestContext ctx) {
        vertx.eventBus().<SymbolSnapshot>request(Addresses.snapshot(Partitions.of("GBPUSD", PARTITIONS)), "GBPUSD")
                .compose(quiet -> {
                    ctx.verify(() -> {
                        assertNull(quiet.body().tick(), "no data was published for GBPUSD");
                        assertNotNull(quiet.body().status(), "but its session state is known");
                    });
                    return vertx.eventBus().request(Addresses.snapshot(Partitions.of("NOSUCH", PARTITIONS)),
                            "NOSUCH");
                })
                .onComplete(ctx.failing(err -> ctx.verify(() -> {
                    assertEquals(NormalizerVerticle.NO_DATA, ((ReplyException) err).failureCode());
                    ctx.completeNow();
                })));
    }
}
