/**
 * Venue-independent connector framework: one reconnecting WebSocket per feed ({@link
 * dev.tickplant.ingest.ws.ReconnectingWebSocket}, {@link dev.tickplant.ingest.ws.Backoff}), desired-versus-sent
 * subscriptions ({@link dev.tickplant.ingest.ws.SubscriptionSet}, {@link dev.tickplant.ingest.ws.RequestPacer}),
 * per-symbol silence detection ({@link dev.tickplant.ingest.ws.SymbolWatchdog}), cluster demand ({@link
 * dev.tickplant.ingest.ws.DemandTracker}, {@link dev.tickplant.ingest.ws.FeedUniverse}) and batching towards the
 * normalizer ({@link dev.tickplant.ingest.ws.PartitionBatcher}). Everything except the WebSocket holder is a plain
 * class with an injected clock, confined to the owning verticle's event loop.
 */
package dev.tickplant.ingest.ws;
