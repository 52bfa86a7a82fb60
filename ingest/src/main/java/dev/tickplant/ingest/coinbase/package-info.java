/**
 * Coinbase Exchange WebSocket feed: connector ({@link dev.tickplant.ingest.coinbase.CoinbaseConnectorVerticle})
 * and a protocol-faithful simulator ({@link dev.tickplant.ingest.coinbase.CoinbaseSimulatorVerticle}).
 */
package dev.tickplant.ingest.coinbase;
