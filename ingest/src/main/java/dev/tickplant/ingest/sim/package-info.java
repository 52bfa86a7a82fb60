/**
 * What the venue simulators share: synthetic market data ({@link dev.tickplant.ingest.sim.SyntheticMarket}), the
 * server and its timers ({@link dev.tickplant.ingest.sim.SimulatorServer}), client connections and their counters
 * ({@link dev.tickplant.ingest.sim.VenueSessions}) and scripted faults ({@link dev.tickplant.ingest.sim.FaultScript}).
 * Each venue's simulator keeps only its protocol.
 */
package dev.tickplant.ingest.sim;
