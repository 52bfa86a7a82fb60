package dev.tickplant.common.codec;

import dev.tickplant.common.model.BookUpdate;
import dev.tickplant.common.model.Demand;
import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.KeyConnectionCounts;
import dev.tickplant.common.model.Quote;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.SymbolSnapshot;
import dev.tickplant.common.model.Trade;
import io.vertx.core.eventbus.EventBus;

/** Registers the codec of every record that crosses the event bus. */
public final class Codecs {
    private Codecs() {}

    /**
     * Call once per Vertx instance, before deploying verticles. Registering twice on one event bus throws, as
     * Vert.x does for any duplicate default codec.
     */
    public static void registerAll(EventBus bus) {
        bus.registerDefaultCodec(Quote.class, new MarketEventCodec<>(Quote.class, "tp.quote.v5"));
        bus.registerDefaultCodec(Trade.class, new MarketEventCodec<>(Trade.class, "tp.trade.v5"));
        bus.registerDefaultCodec(BookUpdate.class, new MarketEventCodec<>(BookUpdate.class, "tp.book-update.v5"));
        bus.registerDefaultCodec(Status.class, new MarketEventCodec<>(Status.class, "tp.status.v5"));
        bus.registerDefaultCodec(EventBatch.class, new EventBatchCodec());
        bus.registerDefaultCodec(Demand.class, new DemandCodec());
        bus.registerDefaultCodec(SymbolSnapshot.class, new SymbolSnapshotCodec());
        bus.registerDefaultCodec(KeyConnectionCounts.class, new KeyConnectionCountsCodec());
    }
}
