/**
 * What the venue simulators share, so that each keeps only its venue's protocol: synthetic market data
 * ({@link dev.tickplant.ingest.sim.SyntheticMarket}), the server and its timers
 * ({@link dev.tickplant.ingest.sim.SimulatorServer}), client connections and the counters tests read
 * ({@link dev.tickplant.ingest.sim.VenueSessions}, {@link dev.tickplant.ingest.sim.SimulatorSession},
 * {@link dev.tickplant.ingest.sim.CountsByCode}), per-connection rate limits
 * ({@link dev.tickplant.ingest.sim.RequestWindow}) and scripted faults ({@link dev.tickplant.ingest.sim.FaultScript}).
 */
package dev.tickplant.ingest.sim;
