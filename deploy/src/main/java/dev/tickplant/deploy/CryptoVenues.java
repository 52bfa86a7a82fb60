package dev.tickplant.deploy;

import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.ingest.binance.BinanceConfig;
import dev.tickplant.ingest.binance.BinanceConnectorVerticle;
import dev.tickplant.ingest.binance.BinanceSimulatorConfig;
import dev.tickplant.ingest.binance.BinanceSimulatorVerticle;
import dev.tickplant.ingest.okx.OkxConfig;
import dev.tickplant.ingest.okx.OkxConnectorVerticle;
import dev.tickplant.ingest.okx.OkxSimulatorConfig;
import dev.tickplant.ingest.okx.OkxSimulatorVerticle;
import dev.tickplant.ingest.bybit.BybitConfig;
import dev.tickplant.ingest.bybit.BybitConnectorVerticle;
import dev.tickplant.ingest.bybit.BybitSimulatorConfig;
import dev.tickplant.ingest.bybit.BybitSimulatorVerticle;
import dev.tickplant.ingest.coinbase.CoinbaseConfig;
import dev.tickplant.ingest.coinbase.CoinbaseConnectorVerticle;
import dev.tickplant.ingest.coinbase.CoinbaseSimulatorConfig;
import dev.tickplant.ingest.coinbase.CoinbaseSimulatorVerticle;
import dev.tickplant.ingest.htx.HtxConfig;
import dev.tickplant.ingest.htx.HtxConnectorVerticle;
import dev.tickplant.ingest.htx.HtxSimulatorConfig;
import dev.tickplant.ingest.htx.HtxSimulatorVerticle;
import dev.tickplant.ingest.kraken.KrakenConfig;
import dev.tickplant.ingest.kraken.KrakenConnectorVerticle;
import dev.tickplant.ingest.kraken.KrakenSimulatorConfig;
import dev.tickplant.ingest.kraken.KrakenSimulatorVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;

/**
 * How deploy starts each crypto venue: its simulator, its connector, and how a feed marked {@code "simulator": true}
 * finds the simulator of this node. One entry per venue, so adding a venue is one line here and nothing else.
 */
final class CryptoVenues {
    private CryptoVenues() {}

    /** A deployed-to-be simulator and the port it bound, readable once it has started. */
    record Simulator(Deployable verticle, IntSupplier port) {}

    /** Builds a venue's connector verticle from its feed config. */
    interface ConnectorFactory {
        Deployable create(JsonObject feed, InstrumentRegistry registry, int partitionCount, MeterRegistry meters);
    }

    /**
     * One venue's wiring.
     *
     * @param id canonical venue id: the key under {@code simulators} and {@code ingest}
     * @param wsPath the WebSocket path the real venue (and so its simulator) serves
     * @param restOnSamePort whether the connector also needs {@code restUri} (Binance's depth snapshots), which the
     *     simulator serves on its WebSocket port
     */
    record Venue(String id, BiFunction<JsonObject, InstrumentRegistry, Simulator> simulatorFactory, String wsPath,
            boolean restOnSamePort, ConnectorFactory connectorFactory) {

        Simulator simulator(JsonObject config, InstrumentRegistry registry) {
            return simulatorFactory.apply(config, registry);
        }

        /** The feed with its endpoint keys pointing at a simulator on {@code host:port}. */
        JsonObject pointAtSimulator(JsonObject feed, String host, int port) {
            JsonObject resolved = feed.copy().put("wsUri", "ws://" + host + ":" + port + wsPath);
            return restOnSamePort ? resolved.put("restUri", "http://" + host + ":" + port) : resolved;
        }

        Deployable connector(JsonObject feed, InstrumentRegistry registry, int partitionCount, MeterRegistry meters) {
            return connectorFactory.create(feed, registry, partitionCount, meters);
        }
    }

    private static final List<Venue> ALL = List.of(
            new Venue("binance", (c, r) -> {
                var sim = new BinanceSimulatorVerticle(BinanceSimulatorConfig.fromJson(c), r);
                return new Simulator(sim, sim::actualPort);
            }, "/stream", true,
                    (f, r, p, m) -> new BinanceConnectorVerticle(BinanceConfig.fromJson(f), r, p, m)),
            new Venue("okx", (c, r) -> {
                var sim = new OkxSimulatorVerticle(OkxSimulatorConfig.fromJson(c), r);
                return new Simulator(sim, sim::actualPort);
            }, "/ws/v5/public", false,
                    (f, r, p, m) -> new OkxConnectorVerticle(OkxConfig.fromJson(f), r, p, m)),
            new Venue("bybit", (c, r) -> {
                var sim = new BybitSimulatorVerticle(BybitSimulatorConfig.fromJson(c), r);
                return new Simulator(sim, sim::actualPort);
            }, "/v5/public/spot", false,
                    (f, r, p, m) -> new BybitConnectorVerticle(BybitConfig.fromJson(f), r, p, m)),
            new Venue("kraken", (c, r) -> {
                var sim = new KrakenSimulatorVerticle(KrakenSimulatorConfig.fromJson(c), r);
                return new Simulator(sim, sim::actualPort);
            }, "/v2", false,
                    (f, r, p, m) -> new KrakenConnectorVerticle(KrakenConfig.fromJson(f), r, p, m)),
            new Venue("coinbase", (c, r) -> {
                var sim = new CoinbaseSimulatorVerticle(CoinbaseSimulatorConfig.fromJson(c), r);
                return new Simulator(sim, sim::actualPort);
            }, "/", false,
                    (f, r, p, m) -> new CoinbaseConnectorVerticle(CoinbaseConfig.fromJson(f), r, p, m)),
            new Venue("htx", (c, r) -> {
                var sim = new HtxSimulatorVerticle(HtxSimulatorConfig.fromJson(c), r);
                return new Simulator(sim, sim::actualPort);
            }, "/ws", false,
                    (f, r, p, m) -> new HtxConnectorVerticle(HtxConfig.fromJson(f), r, p, m)));

    /** Every crypto venue deploy knows how to run. */
    static List<Venue> all() {
        return ALL;
    }
}
