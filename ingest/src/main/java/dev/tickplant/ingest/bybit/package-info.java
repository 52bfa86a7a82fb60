/**
 * Bybit v5 spot public: wire records, parser, mapper, the connector verticle and a simulator that speaks the same
 * protocol on loopback.
 *
 * @see <a href="https://bybit-exchange.github.io/docs/v5/ws/connect">Bybit v5 WebSocket</a>
 */
package dev.tickplant.ingest.bybit;
