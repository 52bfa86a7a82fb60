/**
 * OKX v5 public: wire records, parser, mapper, the checksum book, the connector verticle and a simulator that speaks
 * the same protocol on loopback.
 *
 * @see <a href="https://www.okx.com/docs-v5/en/#overview-websocket">OKX v5 WebSocket</a>
 */
package dev.tickplant.ingest.okx;
