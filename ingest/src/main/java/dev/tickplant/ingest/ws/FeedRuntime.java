package dev.tickplant.ingest.ws;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What every connector runs besides its venue logic: its {@link FeedOutput}, its {@link FeedControl} and its
 * {@link UpstreamConnections}, opened, started and stopped in the one order that loses nothing. A connector verticle
 * opens it in {@code start}, keeps the venue-specific parts (URI, subscribe messages, parser and mapper, book rule)
 * and stops it in {@code stop}.
 *
 * <p>Confined to the owning connector's event loop.
 */
public final class FeedRuntime {

    /**
     * @param venue the venue id events and statuses carry
     * @param partitionCount number of normalizer partitions (the same on every node)
     * @param maxBatchEvents events per batch that trigger an immediate send to the normalizer
     * @param tickMs housekeeping period in milliseconds
     * @param connection how the feed connects (its {@code feedId} names the feed)
     */
    public record Settings(String venue, int partitionCount, int maxBatchEvents, long tickMs,
            UpstreamConnections.Settings connection) {
        public Settings {
            Objects.requireNonNull(venue, "venue");
            Objects.requireNonNull(connection, "connection");
            if (tickMs < 1) {
                throw new IllegalArgumentException("tickMs must be positive: " + tickMs);
            }
        }
    }

    private final Settings settings;
    private final FeedOutput output;
    private final FeedControl control;
    private final UpstreamConnections connections;

    private FeedRuntime(Settings settings, FeedOutput output, FeedControl control, UpstreamConnections connections) {
        this.settings = settings;
        this.output = output;
        this.control = control;
        this.connections = connections;
    }

    /**
     * Opens the recording (if any) and the client; nothing listens or connects yet.
     *
     * @param context the verticle's context, on which batches are flushed
     * @param deploymentId the verticle's deployment id: batches carry {@code feedId@deploymentId} as their source
     * @param demand where the cluster's demand is kept (the connector reads its union)
     * @param epochNanos receive times in the recording
     * @param monotonicMs the reconnect backoffs' clock
     */
    public static Future<FeedRuntime> open(Vertx vertx, Context context, String deploymentId, Settings settings,
            DemandTracker demand, MeterRegistry meters, LongSupplier epochNanos, LongSupplier monotonicMs) {
        String feedId = settings.connection().feedId();
        FeedOutput output = FeedOutput.toNormalizers(vertx, context, feedId, settings.venue(),
                feedId + "@" + deploymentId, settings.partitionCount(), settings.maxBatchEvents(), meters);
        return UpstreamConnections.open(vertx, settings.connection(), epochNanos, monotonicMs)
                .map(connections -> new FeedRuntime(settings, output, new FeedControl(vertx, demand), connections));
    }

    /** Where the connector's events go. */
    public FeedOutput output() {
        return output;
    }

    /** The connector's connections, for a connector that makes several (Binance's shards). */
    public UpstreamConnections connections() {
        return connections;
    }

    /**
     * Starts listening to the cluster (see {@link FeedControl#start}).
     *
     * @param onResyncRequest null for a feed without books
     */
    public Future<Void> listen(Runnable onDemandChanged, Consumer<String> onResyncRequest, Runnable onTick) {
        return control.start(settings.tickMs(), onDemandChanged, onResyncRequest, onTick);
    }

    /**
     * For a feed with one connection: the connection, not started yet ({@link #start} starts it).
     *
     * @param uri the absolute URI, asked for on every attempt
     */
    public ReconnectingWebSocket connection(Supplier<String> uri, ReconnectingWebSocket.Listener listener) {
        return connections.connection(settings.connection().feedId(), uri, listener);
    }

    /**
     * Starts listening to the cluster, works out what is wanted ({@code onDemandChanged} once), and connects once
     * the listeners are registered cluster-wide, so that no demand announced meanwhile is missed.
     *
     * @param onResyncRequest null for a feed without books
     */
    public Future<Void> start(Runnable onDemandChanged, Consumer<String> onResyncRequest, Runnable onTick) {
        Future<Void> listening = listen(onDemandChanged, onResyncRequest, onTick);
        onDemandChanged.run();
        return listening.onSuccess(v -> connections.startAll());
    }

    /** Stops listening and closes the connections, then sends what is still batched. */
    public Future<Void> stop() {
        return Future.join(control.stop(), connections.close()).<Void>mapEmpty()
                .onComplete(ar -> output.flush());
    }
}
