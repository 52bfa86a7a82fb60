package dev.tickplant.deploy;

import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.gateway.GatewayConfig;
import dev.tickplant.gateway.GatewayVerticle;
import dev.tickplant.ingest.alltick.AllTickConfig;
import dev.tickplant.ingest.alltick.AllTickConnectorVerticle;
import dev.tickplant.ingest.alltick.AllTickSimulatorConfig;
import dev.tickplant.ingest.alltick.AllTickSimulatorVerticle;
import dev.tickplant.ingest.replay.ReplayConfig;
import dev.tickplant.ingest.replay.ReplayServerVerticle;
import dev.tickplant.normalizer.NormalizerConfig;
import dev.tickplant.normalizer.NormalizerVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running tickplant node: a Vertx instance (local or clustered) with the verticles of its roles deployed in
 * pipeline order (simulators, ingest, normalizer, gateway), plus the management server. Tests start nodes in-process
 * through {@link #start}; the jar's {@link Main} does the same.
 */
public final class TickplantNode {
    private static final Logger LOG = LoggerFactory.getLogger(TickplantNode.class);
    private static final String DEFAULT_CONFIG = "tickplant.json";
    private static final String DEFAULT_INSTRUMENTS = "instruments.json";
    /** How often ownership of feeds and partitions is re-checked against the cluster's member list. */
    private static final long OWNERSHIP_POLL_MS = 250;

    private final Vertx vertx;
    private final String nodeId;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final Set<NodeRole> roles;
    private int gatewayPort = -1;
    private int managementPort = -1;
    private final Map<String, Integer> simulatorPorts = new java.util.TreeMap<>();
    private ClusterOwnership ingestOwnership;
    private ClusterOwnership normalizerOwnership;

    private TickplantNode(Vertx vertx, String nodeId, Set<NodeRole> roles) {
        this.vertx = vertx;
        this.nodeId = nodeId;
        this.roles = roles;
    }

    /**
     * Starts a node.
     *
     * @param overrides config whose top-level keys replace those of the embedded default (objects are merged one
     *     level deep)
     * @param env environment variables (API keys, cluster members)
     */
    public static Future<TickplantNode> start(LaunchOptions options, JsonObject overrides, Map<String, String> env) {
        JsonObject config;
        NodeSettings settings;
        try {
            JsonObject profile = options.profile() == null ? new JsonObject() : profile(options.profile());
            config = resolveEnv(mergedConfig(merge(profile, overrides)), env);
            settings = NodeSettings.fromJson(config, env);
        } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalArgumentException("invalid configuration: " + e.getMessage(), e));
        }
        LOG.info("starting node roles={} clustered={} partitions={}", options.roles(), options.clustered(),
                settings.partitionCount());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        VertxOptions vertxOptions = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
                .setJvmMetricsEnabled(true)
                // Event-bus meters cost up to ~65 % of throughput (docs/ARCHITECTURE.md, section 12); we count
                // ourselves.
                .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
                .setEnabled(true));
        Future<Vertx> vertxFuture;
        if (options.clustered()) {
            ClusterConfig cluster = settings.cluster();
            EventBusOptions bus = new EventBusOptions().setHost(cluster.host()).setPort(0)
                    // Other nodes read our roles from here to decide who owns which feed and partition.
                    .setClusterNodeMetadata(new JsonObject().put(ClusterOwnership.ROLES,
                            new JsonArray(options.roles().stream().map(Enum::name).sorted().toList())));
            if (cluster.publicHost() != null && !cluster.publicHost().isBlank()) {
                bus.setClusterPublicHost(cluster.publicHost());
            }
            vertxOptions.setEventBusOptions(bus);
            vertxFuture = Vertx.builder().with(vertxOptions).withMetrics(new MicrometerMetricsFactory(meters))
                    .withClusterManager(new HazelcastClusterManager(cluster.toHazelcast())).buildClustered();
        } else {
            vertxFuture = Future.succeededFuture(Vertx.builder().with(vertxOptions)
                    .withMetrics(new MicrometerMetricsFactory(meters)).build());
        }
        return vertxFuture.compose(vertx -> {
            Codecs.registerAll(vertx.eventBus());
            TickplantNode node = new TickplantNode(vertx, settings.nodeId(), options.roles());
            return node.deploy(settings, meters)
                    .map(node)
                    // Logged here: once Vert.x is closed, callbacks may no longer run on its event loops.
                    .onFailure(err -> LOG.error("deployment failed, closing the node", err))
                    .recover(err -> vertx.close().transform(v -> Future.<TickplantNode>failedFuture(err)));
        });
    }

    private Future<Void> deploy(NodeSettings settings, PrometheusMeterRegistry meters) {
        ManagementVerticle management = new ManagementVerticle(settings.management(), meters, this::readiness);
        InstrumentRegistry registry = settings.registry();
        return vertx.deployVerticle(management)
                .compose(id -> {
                    managementPort = management.actualPort();
                    return roles.contains(NodeRole.SIMULATOR) ? deploySimulators(settings, registry)
                            : Future.<Void>succeededFuture();
                })
                .compose(v -> roles.contains(NodeRole.INGEST) ? deployIngest(settings, registry, meters)
                        : Future.<Void>succeededFuture())
                .compose(v -> roles.contains(NodeRole.NORMALIZER) ? deployNormalizer(settings, registry, meters)
                        : Future.<Void>succeededFuture())
                .compose(v -> roles.contains(NodeRole.GATEWAY) ? deployGateway(settings, registry, meters)
                        : Future.<Void>succeededFuture())
                .onSuccess(v -> {
                    ready.set(true);
                    LOG.info("node {} ready roles={} gatewayPort={} managementPort={} clusterPort={}", nodeId, roles,
                            gatewayPort, managementPort, clusterPort());
                });
    }

    private Future<Void> deploySimulators(NodeSettings settings, InstrumentRegistry registry) {
        Future<Void> replay = Future.succeededFuture();
        if (settings.replay() != null) {
            ReplayServerVerticle server = new ReplayServerVerticle(settings.replay());
            replay = vertx.deployVerticle(server).map(id -> {
                simulatorPorts.put("replay", server.actualPort());
                return null;
            });
        }
        Future<Void> crypto = replay;
        for (CryptoVenues.Venue venue : CryptoVenues.all()) {
            JsonObject config = settings.simulators().getJsonObject(venue.id());
            if (config == null || !config.getBoolean("enabled", true)) {
                continue;
            }
            crypto = crypto.compose(v -> {
                CryptoVenues.Simulator simulator = venue.simulator(config, registry);
                return vertx.deployVerticle(simulator.verticle()).map(id -> {
                    simulatorPorts.put(venue.id(), simulator.port().getAsInt());
                    return null;
                });
            });
        }
        if (settings.allTickSimulator() == null) {
            return crypto;
        }
        return crypto.compose(v -> deployAllTickSimulator(settings, registry));
    }

    private Future<Void> deployAllTickSimulator(NodeSettings settings, InstrumentRegistry registry) {
        AllTickSimulatorVerticle simulator = new AllTickSimulatorVerticle(settings.allTickSimulator(), registry);
        return vertx.deployVerticle(simulator).map(id -> {
            simulatorPorts.put("alltick", simulator.actualPort());
            LOG.info("alltick simulator listening port={}", simulator.actualPort());
            return null;
        });
    }

    private Future<Void> deployIngest(NodeSettings settings, InstrumentRegistry registry,
            PrometheusMeterRegistry meters) {
        // Each feed becomes a factory: configs are parsed now (fail fast), verticles are made whenever this node
        // (re)gains the feed.
        Map<String, Supplier<Deployable>> feeds = new LinkedHashMap<>();
        try {
            for (JsonObject feed : settings.allTickFeeds()) {
                AllTickConfig config = AllTickConfig.fromJson(resolveSimulatorUri(feed, settings));
                feeds.put("alltick/" + config.feedId(),
                        () -> new AllTickConnectorVerticle(config, registry, settings.partitionCount(), meters));
            }
            for (CryptoVenues.Venue venue : CryptoVenues.all()) {
                for (JsonObject feed : feeds(settings.ingest(), venue.id())) {
                    JsonObject resolved = resolveCryptoSimulator(venue, feed);
                    venue.connector(resolved, registry, settings.partitionCount(), meters); // validates the config
                    feeds.put(venue.id() + "/" + feed.getString("feedId", venue.id()),
                            () -> venue.connector(resolved, registry, settings.partitionCount(), meters));
                }
            }
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        if (vertx.isClustered() && !settings.hotStandby()) {
            // Exactly one active connector per feed in the cluster; it moves when its node dies.
            ingestOwnership = new ClusterOwnership(vertx, clusterManager(), NodeRole.INGEST, feeds, OWNERSHIP_POLL_MS);
            return ingestOwnership.start();
        }
        List<Future<String>> deployments = new ArrayList<>();
        feeds.values().forEach(f -> deployments.add(vertx.deployVerticle(f.get())));
        return Future.all(deployments).mapEmpty();
    }

    private JsonObject resolveCryptoSimulator(CryptoVenues.Venue venue, JsonObject feed) {
        if (!feed.getBoolean("simulator", false) || feed.containsKey("wsUri")) {
            return feed;
        }
        Integer port = simulatorPorts.get(venue.id());
        if (port == null) {
            port = feed.getInteger("simulatorPort");
        }
        if (port == null) {
            throw new IllegalArgumentException(venue.id() + " feed uses the simulator, but this node runs none; add "
                    + "the simulator role or set simulatorPort");
        }
        return venue.pointAtSimulator(feed, feed.getString("simulatorHost", "127.0.0.1"), port);
    }

    private Future<Void> deployNormalizer(NodeSettings settings, InstrumentRegistry registry,
            PrometheusMeterRegistry meters) {
        NormalizerConfig config = settings.normalizer();
        if (!vertx.isClustered() || !config.ownedPartitions().isEmpty()) {
            return vertx.deployVerticle(new NormalizerVerticle(config, registry, meters)).mapEmpty();
        }
        // Partitions are spread over the normalizer nodes, one owner each, and move when an owner dies.
        Map<String, Supplier<Deployable>> partitions = new LinkedHashMap<>();
        for (int p : config.partitions()) {
            NormalizerConfig one = new NormalizerConfig(config.partitionCount(), Set.of(p), config.maxBufferedBatches(),
                    config.depthLevels(), config.staleAfterMs(), config.resyncMinIntervalMs(),
                    config.maxBufferedDeltas(), config.checkIntervalMs());
            partitions.put("partition-" + p, () -> new NormalizerVerticle(one, registry, meters));
        }
        normalizerOwnership = new ClusterOwnership(vertx, clusterManager(), NodeRole.NORMALIZER, partitions,
                OWNERSHIP_POLL_MS);
        return normalizerOwnership.start();
    }

    private ClusterManager clusterManager() {
        return ((VertxInternal) vertx).clusterManager();
    }

    /** The feeds configured for a venue: {@code ingest.<venue>} as one object or an array of them. */
    static List<JsonObject> feeds(JsonObject ingest, String venue) {
        Object value = ingest.getValue(venue);
        List<JsonObject> feeds = new ArrayList<>();
        if (value instanceof JsonObject o) {
            feeds.add(o);
        } else if (value instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                feeds.add(a.getJsonObject(i));
            }
        } else if (value != null) {
            throw new IllegalArgumentException("ingest." + venue + " must be an object or an array of objects");
        }
        return feeds;
    }

    /**
     * A feed with {@code "simulator": true} and no {@code wsUri} connects to the AllTick simulator: the one this
     * node runs, or the port given as {@code simulatorPort}.
     */
    private JsonObject resolveSimulatorUri(JsonObject feed, NodeSettings settings) {
        if (feed.containsKey("wsUri") || !feed.getBoolean("simulator", false)) {
            return feed;
        }
        Integer port = simulatorPorts.get("alltick");
        if (port == null) {
            port = feed.getInteger("simulatorPort");
        }
        if (port == null) {
            throw new IllegalArgumentException("feed " + feed.getString("feedId")
                    + " uses the simulator, but this node runs none; add the simulator role or set simulatorPort");
        }
        String host = feed.getString("simulatorHost", "127.0.0.1");
        JsonObject resolved = feed.copy();
        resolved.remove("simulator");
        resolved.remove("simulatorPort");
        resolved.remove("simulatorHost");
        resolved.put("wsUri", "ws://" + host + ":" + port + feed.getString("path", AllTickConfig.FX_CRYPTO_PATH));
        resolved.remove("path");
        if (!feed.containsKey("token") && settings.allTickSimulator() != null) {
            resolved.put("token", settings.allTickSimulator().token());
        }
        return resolved;
    }

    private Future<Void> deployGateway(NodeSettings settings, InstrumentRegistry registry,
            PrometheusMeterRegistry meters) {
        // One instance per event loop that should serve clients; Vert.x shares the listening socket between
        // instances bound to the same host and port and balances connections over them. Each instance announces
        // its own demand, so each needs its own node id.
        int instances = settings.gatewayInstances();
        GatewayConfig config = settings.gateway();
        if (instances > 1 && config.port() == 0) {
            // Sharing needs one port for all instances; port 0 would give each its own. Picking a free port first and
            // binding it later races with every other process binding ports meanwhile.
            config = config.withPort(GatewayConfig.SHARED_FREE_PORT);
        }
        List<Future<String>> deployments = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            String id = instances == 1 ? nodeId : nodeId + "-gw" + i;
            GatewayVerticle gateway = new GatewayVerticle(config, registry, settings.partitionCount(), id, meters);
            deployments.add(vertx.deployVerticle(gateway).onSuccess(d -> gatewayPort = gateway.actualPort()));
        }
        return Future.all(deployments).mapEmpty();
    }

    private JsonObject readiness() {
        return new JsonObject().put("ready", ready.get()).put("node", nodeId)
                .put("roles", new JsonArray(roles.stream().map(Enum::name).sorted().toList()))
                .put("clustered", vertx.isClustered())
                .put("owned", new JsonArray(List.copyOf(ownedWork())));
    }

    /** The Vertx instance of this node. */
    public Vertx vertx() {
        return vertx;
    }

    /** The gateway's bound port, or -1 when this node runs no gateway. */
    public int gatewayPort() {
        return gatewayPort;
    }

    /** The management server's bound port. */
    public int managementPort() {
        return managementPort;
    }

    /**
     * The port this node's Hazelcast member listens on, or -1 when it is not clustered. With {@code cluster.port} 0 the
     * OS picked it, and other members join through it.
     */
    public int clusterPort() {
        return vertx.isClustered() && clusterManager() instanceof HazelcastClusterManager hazelcast
                ? hazelcast.getHazelcastInstance().getCluster().getLocalMember().getAddress().getPort() : -1;
    }

    /** Bound port of a simulator this node runs ({@code alltick}), or null. */
    public Integer simulatorPort(String venue) {
        return simulatorPorts.get(venue);
    }

    /** Feeds ({@code venue/feedId}) and partitions ({@code partition-N}) this node runs now, when clustered. */
    public Set<String> ownedWork() {
        Set<String> owned = new java.util.TreeSet<>();
        if (ingestOwnership != null) {
            owned.addAll(ingestOwnership.owned());
        }
        if (normalizerOwnership != null) {
            owned.addAll(normalizerOwnership.owned());
        }
        return owned;
    }

    /** Undeploys everything and closes Vertx (leaving the cluster when clustered). */
    public Future<Void> close() {
        ready.set(false);
        if (ingestOwnership != null) {
            ingestOwnership.stop();
        }
        if (normalizerOwnership != null) {
            normalizerOwnership.stop();
        }
        return vertx.close();
    }

    /** The embedded default config with {@code overrides} applied. */
    static JsonObject mergedConfig(JsonObject overrides) {
        return merge(new JsonObject(readClasspath(DEFAULT_CONFIG)), overrides);
    }

    /** {@code base} with the top-level keys of {@code overrides} applied; objects are merged one level deep. */
    static JsonObject merge(JsonObject base, JsonObject overrides) {
        JsonObject config = base.copy();
        for (String key : overrides.fieldNames()) {
            Object value = overrides.getValue(key);
            if (value instanceof JsonObject o && config.getValue(key) instanceof JsonObject b) {
                config.put(key, b.copy().mergeIn(o));
            } else {
                config.put(key, value);
            }
        }
        return config;
    }

    /** A profile shipped in the jar as {@code profile-NAME.json}. */
    static JsonObject profile(String name) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("bad profile name '" + name + "'");
        }
        return new JsonObject(readClasspath("profile-" + name + ".json"));
    }

    /**
     * Replaces every string value of the form {@code ${env:NAME}} with that environment variable, so secrets such as
     * venue tokens stay out of config files.
     *
     * @throws IllegalArgumentException naming a variable that is not set
     */
    static JsonObject resolveEnv(JsonObject config, Map<String, String> env) {
        JsonObject out = new JsonObject();
        for (String key : config.fieldNames()) {
            out.put(key, resolveValue(config.getValue(key), env));
        }
        return out;
    }

    private static Object resolveValue(Object value, Map<String, String> env) {
        if (value instanceof JsonObject o) {
            return resolveEnv(o, env);
        }
        if (value instanceof JsonArray a) {
            JsonArray out = new JsonArray();
            a.forEach(v -> out.add(resolveValue(v, env)));
            return out;
        }
        if (value instanceof String s && s.startsWith("${env:") && s.endsWith("}")) {
            String name = s.substring(6, s.length() - 1);
            String resolved = env.get(name);
            if (resolved == null) {
                throw new IllegalArgumentException("environment variable " + name + " is not set");
            }
            return resolved;
        }
        return value;
    }

    static String readClasspath(String name) {
        try (InputStream in = TickplantNode.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything a node needs, parsed and validated before anything starts (fail fast). */
    record NodeSettings(
            String nodeId,
            int partitionCount,
            InstrumentRegistry registry,
            ClusterConfig cluster,
            ManagementConfig management,
            NormalizerConfig normalizer,
            GatewayConfig gateway,
            int gatewayInstances,
            boolean hotStandby,
            AllTickSimulatorConfig allTickSimulator,
            ReplayConfig replay,
            List<JsonObject> allTickFeeds,
            JsonObject simulators,
            JsonObject ingest) {
        static NodeSettings fromJson(JsonObject config, Map<String, String> env) {
            int partitions = config.getInteger("partitionCount", NormalizerConfig.DEFAULT_PARTITION_COUNT);
            String instruments = config.getString("instruments", "classpath:" + DEFAULT_INSTRUMENTS);
            InstrumentRegistry registry = InstrumentRegistry.fromJson(new JsonObject(load(instruments)));
            JsonObject simulators = config.getJsonObject("simulators", new JsonObject());
            JsonObject allTickSim = simulators.getJsonObject("alltick");
            AllTickSimulatorConfig simulator = allTickSim == null || !allTickSim.getBoolean("enabled", true)
                    ? null
                    : AllTickSimulatorConfig.fromJson(allTickSim);
            List<JsonObject> feeds = new ArrayList<>();
            JsonObject ingest = config.getJsonObject("ingest", new JsonObject());
            JsonArray allTick = ingest.getJsonArray("alltick", new JsonArray());
            for (int i = 0; i < allTick.size(); i++) {
                feeds.add(allTick.getJsonObject(i));
            }
            String nodeId = config.getString("nodeId", "node-" + UUID.randomUUID().toString().substring(0, 8));
            return new NodeSettings(nodeId, partitions, registry,
                    ClusterConfig.fromJson(config.getJsonObject("cluster", new JsonObject()), env),
                    ManagementConfig.fromJson(config.getJsonObject("management", new JsonObject())),
                    NormalizerConfig.fromJson(config.getJsonObject("normalizer", new JsonObject()), partitions),
                    GatewayConfig.fromJson(config.getJsonObject("gateway", new JsonObject()), env),
                    config.getJsonObject("gateway", new JsonObject()).getInteger("instances",
                            Runtime.getRuntime().availableProcessors()),
                    ingest.getBoolean("hotStandby", false),
                    simulator,
                    simulators.containsKey("replay") ? ReplayConfig.fromJson(simulators.getJsonObject("replay")) : null,
                    feeds, simulators, ingest);
        }

        private static String load(String location) {
            if (location.startsWith("classpath:")) {
                return readClasspath(location.substring("classpath:".length()));
            }
            try {
                return Files.readString(Path.of(location));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read instruments file " + location, e);
            }
        }
    }
}
