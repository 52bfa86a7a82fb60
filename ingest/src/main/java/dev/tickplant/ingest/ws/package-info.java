/**
 * Venue-independent connector framework: one reconnecting WebSocket per feed ({@link
 * dev.tickplant.ingest.ws.ReconnectingWebSocket}, {@link dev.tickplant.ingest.ws.Backoff}), desired-versus-sent
 * subscriptions ({@link dev.tickplant.ingest.ws.SubscriptionSet}, {@link dev.tickplant.ingest.ws.RequestPacer}),
 * per-symbol silence detection ({@link dev.tickplant.ingest.ws.SymbolWatchdog}), cluster demand ({@link
 * dev.tickplant.ingest.ws.DemandTracker}, {@link dev.tickplant.ingest.ws.FeedUniverse}) and batching towards the
 * normalizer ({@link dev.tickplant.ingest.ws.PartitionBatcher}). What every connector runs besides its venue logic
 * is {@link dev.tickplant.ingest.ws.FeedRuntime}: its output ({@link dev.tickplant.ingest.ws.FeedOutput}), its
 * cluster inputs ({@link dev.tickplant.ingest.ws.FeedControl}) and its connections with their recording ({@link
 * dev.tickplant.ingest.ws.UpstreamConnections}). Everything except the WebSocket holders is a plain class with an
 * injected clock, confined to the owning verticle's event loop.
 */
package dev.tickplant.ingest.ws;
