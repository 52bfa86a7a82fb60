/**
 * HTX (Huobi) spot market WebSocket, gzipped binary frames: connector
 * ({@link dev.tickplant.ingest.htx.HtxConnectorVerticle}) and a protocol-faithful simulator
 * ({@link dev.tickplant.ingest.htx.HtxSimulatorVerticle}).
 */
package dev.tickplant.ingest.htx;
