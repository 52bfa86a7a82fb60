package dev.tickplant.ingest.replay;

import static dev.tickplant.ingest.testsupport.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import dev.tickplant.ingest.coinbase.CoinbaseConfig;
import dev.tickplant.ingest.coinbase.CoinbaseConnectorVerticle;
import dev.tickplant.ingest.coinbase.CoinbaseSimulatorConfig;
import dev.tickplant.ingest.coinbase.CoinbaseSimulatorVerticle;
import dev.tickplant.ingest.kraken.KrakenConfig;
import dev.tickplant.ingest.kraken.KrakenConnectorVerticle;
import dev.tickplant.ingest.kraken.KrakenSimulatorConfig;
import dev.tickplant.ingest.kraken.KrakenSimulatorVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Kraken and Coinbase connectors record the raw frames they receive when given a {@code recordFile}. */
@ExtendWith(VertxExtension.class)
class VenueRecordingIT {
    private final InstrumentRegistry registry = TestInstruments.defaultRegistry();

    @TempDir
    Path dir;

    private static boolean hasLine(Path file, String fragment) {
        try {
            return Files.exists(file) && Files.readAllLines(file).stream().anyMatch(l -> l.contains(fragment));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
    void shouldRecordKrakenAndCoinbaseFrames(Vertx vertx, VertxTestContext ctx) throws Exception {
        Codecs.registerAll(vertx.eventBus());
        KrakenSimulatorVerticle kraken = new KrakenSimulatorVerticle(KrakenSimulatorConfig.fromJson(new JsonObject()
                .put("updatesPerSecond", 20)), registry);
        CoinbaseSimulatorVerticle coinbase = new CoinbaseSimulatorVerticle(CoinbaseSimulatorConfig.fromJson(
                new JsonObject().put("updatesPerSecond", 20)), registry);
        vertx.deployVerticle(kraken).await(5, TimeUnit.SECONDS);
        vertx.deployVerticle(coinbase).await(5, TimeUnit.SECONDS);
        Path krakenFile = dir.resolve("kraken.rec");
        Path coinbaseFile = dir.resolve("coinbase.rec");
        String k = vertx.deployVerticle(new KrakenConnectorVerticle(KrakenConfig.fromJson(new JsonObject()
                .put("wsUri", "ws://127.0.0.1:" + kraken.actualPort() + "/v2")
                .put("alwaysOn", new JsonArray(List.of("BTCUSD"))).put("recordFile", krakenFile.toString())),
                registry, 1, new SimpleMeterRegistry())).await(5, TimeUnit.SECONDS);
        String c = vertx.deployVerticle(new CoinbaseConnectorVerticle(CoinbaseConfig.fromJson(new JsonObject()
                .put("wsUri", "ws://127.0.0.1:" + coinbase.actualPort() + "/")
                .put("alwaysOn", new JsonArray(List.of("BTCUSD"))).put("recordFile", coinbaseFile.toString())),
                registry, 1, new SimpleMeterRegistry())).await(5, TimeUnit.SECONDS);
        // A consumer for the batches, so sends to the normalizer address have somewhere to go.
        vertx.eventBus().consumer(dev.tickplant.common.bus.Addresses.normalizer(0), m -> { });
        until(vertx, 15_000, () -> hasLine(krakenFile, "\"channel\":\"book\"") && hasLine(coinbaseFile, "BTC-USD"),
                () -> "book frames recorded for both venues")
                .compose(v -> vertx.undeploy(k))
                .compose(v -> vertx.undeploy(c))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    for (String line : Files.readAllLines(krakenFile)) {
                        assertTrue(RecordedFrame.parse(line).text().startsWith("{"), line);
                    }
                    ctx.completeNow();
                })));
    }
}
