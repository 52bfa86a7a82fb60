/**
 * Kraken Spot WebSocket v2: connector ({@link dev.tickplant.ingest.kraken.KrakenConnectorVerticle}) with book
 * checksum validation over the venue's literal decimal text, and a protocol-faithful simulator
 * ({@link dev.tickplant.ingest.kraken.KrakenSimulatorVerticle}).
 */
package dev.tickplant.ingest.kraken;
