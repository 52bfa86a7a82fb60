/**
 * Binance spot: wire records, parser, mapper, the local order book procedure, the connector verticle and a simulator
 * that speaks the same WebSocket and REST protocol on loopback.
 *
 * @see <a href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams">Binance WebSocket streams</a>
 */
package dev.tickplant.ingest.binance;
