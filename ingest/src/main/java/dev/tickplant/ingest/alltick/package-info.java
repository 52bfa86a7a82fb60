/**
 * AllTick: wire records, parser, mapper, the connector verticle (one per endpoint) and a simulator that speaks the
 * same protocol on loopback.
 *
 * @see <a href="https://en.apis.alltick.co/">AllTick API documentation</a>
 */
package dev.tickplant.ingest.alltick;
