/** Synthetic market data for venue simulators. */
package dev.tickplant.ingest.sim;
