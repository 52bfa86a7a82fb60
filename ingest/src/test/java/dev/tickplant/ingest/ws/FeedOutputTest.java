package dev.tickplant.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tickplant.common.model.EventBatch;
import dev.tickplant.common.model.MarketEvent;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.ingest.Reject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedOutputTest {
    private final List<EventBatch> sent = new ArrayList<>();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FeedOutput output = new FeedOutput("kraken-1", "kraken",
            new PartitionBatcher(1, 100, "kraken-1@test", (p, batch) -> sent.add(batch), scheduled::add), meters);

    private List<MarketEvent> sentEvents() {
        List<MarketEvent> out = new ArrayList<>();
        sent.forEach(b -> out.addAll(b.events()));
        return out;
    }

    @Test
    void shouldBatchStatusesWithTheVenueAndCountEveryEvent() {
        output.status("BTCUSD", StatusState.LIVE, "subscribed", 42L);
        output.emit(new Status("ETHUSD", "kraken", StatusState.STALE, "quiet", 1L, 2L, 0));
        output.flush();

        assertEquals(List.of(new Status("BTCUSD", "kraken", StatusState.LIVE, "subscribed", 42L, 42L, 0),
                new Status("ETHUSD", "kraken", StatusState.STALE, "quiet", 1L, 2L, 0)), sentEvents());
        assertEquals(2.0, meters.get("tickplant.ingest.events").tag("feed", "kraken-1").counter().count());
    }

    @Test
    void shouldCountRejectsPerReason() {
        output.reject(Reject.PARSE_MALFORMED_FRAME, "not json");
        output.reject(Reject.PARSE_MALFORMED_FRAME, "not json either");
        output.reject(Reject.MAP_BAD_DECIMAL, "1.2.3");

        assertEquals(2.0, meters.get("tickplant.ingest.rejects").tag("feed", "kraken-1")
                .tag("reason", "parse_malformed_frame").counter().count());
        assertEquals(1.0, meters.get("tickplant.ingest.rejects").tag("feed", "kraken-1")
                .tag("reason", "map_bad_decimal").counter().count());
        assertEquals(List.of(), sentEvents());
    }
}
