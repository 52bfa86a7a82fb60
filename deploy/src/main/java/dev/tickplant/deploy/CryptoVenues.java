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
import java.util.function.IntSupplier;

/**
 * How deploy starts each crypto venue: its simulator, its connector, and how a feed marked {@code "simulator": true}
 * finds the simulator of this node. One entry per venue, so adding a venue is one entry here and nothing else.
 */
final class CryptoVenues {
    private CryptoVenues() {}

    /** A deployed-to-be simulator and the port it bound, readable once it has started. */
    record Simulator(Deployable verticle, IntSupplier port) {}

    /** One venue's wiring. */
    interface Venue {
        /** Canonical venue id: the key under {@code simulators} and {@code ingest}. */
        String id();

        Simulator simulator(JsonObject config, InstrumentRegistry registry);

        /** Fills the feed's endpoint keys for a simulator on {@code host:port}. */
        JsonObject pointAtSimulator(JsonObject feed, String host, int port);

        Deployable connector(JsonObject feed, InstrumentRegistry registry, int partitionCount, MeterRegistry meters);
    }

    /** Every crypto venue deploy knows how to run. */
    static List<Venue> all() {
        return List.of(BINANCE, OKX, BYBIT, KRAKEN, COINBASE, HTX);
    }

    static final Venue BINANCE = new Venue() {
        @Override
        public String id() {
            return "binance";
        }

        @Override
        public Simulator simulator(JsonObject config, InstrumentRegistry registry) {
            BinanceSimulatorVerticle sim = new BinanceSimulatorVerticle(BinanceSimulatorConfig.fromJson(config), registry);
            return new Simulator(sim, sim::actualPort);
        }

        @Override
        public JsonObject pointAtSimulator(JsonObject feed, String host, int port) {
            return feed.copy().put("wsUri", "ws://" + host + ":" + port + "/stream")
                    .put("restUri", "http://" + host + ":" + port);
        }

        @Override
        public Deployable connector(JsonObject feed, InstrumentRegistry registry, int partitions, MeterRegistry m) {
            return new BinanceConnectorVerticle(BinanceConfig.fromJson(feed), registry, partitions, m);
        }
    };

    static final Venue OKX = new Venue() {
        @Override
        public String id() {
            return "okx";
        }

        @Override
        public Simulator simulator(JsonObject config, InstrumentRegistry registry) {
            OkxSimulatorVerticle sim = new OkxSimulatorVerticle(OkxSimulatorConfig.fromJson(config), registry);
            return new Simulator(sim, sim::actualPort);
        }

        @Override
        public JsonObject pointAtSimulator(JsonObject feed, String host, int port) {
            return feed.copy().put("wsUri", "ws://" + host + ":" + port + "/ws/v5/public");
        }

        @Override
        public Deployable connector(JsonObject feed, InstrumentRegistry registry, int partitions, MeterRegistry m) {
            return new OkxConnectorVerticle(OkxConfig.fromJson(feed), registry, partitions, m);
        }
    };

    static final Venue BYBIT = new Venue() {
        @Override
        public String id() {
            return "bybit";
        }

        @Override
        public Simulator simulator(JsonObject config, InstrumentRegistry registry) {
            BybitSimulatorVerticle sim = new BybitSimulatorVerticle(BybitSimulatorConfig.fromJson(config), registry);
            return new Simulator(sim, sim::actualPort);
        }

        @Override
        public JsonObject pointAtSimulator(JsonObject feed, String host, int port) {
            return feed.copy().put("wsUri", "ws://" + host + ":" + port + "/v5/public/spot");
        }

        @Override
        public Deployable connector(JsonObject feed, InstrumentRegistry registry, int partitions, MeterRegistry m) {
            return new BybitConnectorVerticle(BybitConfig.fromJson(feed), registry, partitions, m);
        }
    };

    static final Venue KRAKEN = new Venue() {
        @Override
        public String id() {
            return "kraken";
        }

        @Override
        public Simulator simulator(JsonObject config, InstrumentRegistry registry) {
            KrakenSimulatorVerticle sim = new KrakenSimulatorVerticle(KrakenSimulatorConfig.fromJson(config), registry);
            return new Simulator(sim, sim::actualPort);
        }

        @Override
        public JsonObject pointAtSimulator(JsonObject feed, String host, int port) {
            return feed.copy().put("wsUri", "ws://" + host + ":" + port + "/v2");
        }

        @Override
        public Deployable connector(JsonObject feed, InstrumentRegistry registry, int partitions, MeterRegistry m) {
            return new KrakenConnectorVerticle(KrakenConfig.fromJson(feed), registry, partitions, m);
        }
    };

    static final Venue COINBASE = new Venue() {
        @Override
        public String id() {
            return "coinbase";
        }

        @Override
        public Simulator simulator(JsonObject config, InstrumentRegistry registry) {
            CoinbaseSimulatorVerticle sim = new CoinbaseSimulatorVerticle(CoinbaseSimulatorConfig.fromJson(config),
                    registry);
            return new Simulator(sim, sim::actualPort);
        }

        @Override
        public JsonObject pointAtSimulator(JsonObject feed, String host, int port) {
            return feed.copy().put("wsUri", "ws://" + host + ":" + port + "/");
        }

        @Override
        public Deployable connector(JsonObject feed, InstrumentRegistry registry, int partitions, MeterRegistry m) {
            return new CoinbaseConnectorVerticle(CoinbaseConfig.fromJson(feed), registry, partitions, m);
        }
    };

    static final Venue HTX = new Venue() {
        @Override
        public String id() {
            return "htx";
        }

        @Override
        public Simulator simulator(JsonObject config, InstrumentRegistry registry) {
            HtxSimulatorVerticle sim = new HtxSimulatorVerticle(HtxSimulatorConfig.fromJson(config), registry);
            return new Simulator(sim, sim::actualPort);
        }

        @Override
        public JsonObject pointAtSimulator(JsonObject feed, String host, int port) {
            return feed.copy().put("wsUri", "ws://" + host + ":" + port + "/ws");
        }

        @Override
        public Deployable connector(JsonObject feed, InstrumentRegistry registry, int partitions, MeterRegistry m) {
            return new HtxConnectorVerticle(HtxConfig.fromJson(feed), registry, partitions, m);
        }
    };
}
