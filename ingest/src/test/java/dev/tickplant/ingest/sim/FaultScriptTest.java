package dev.tickplant.ingest.sim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.ingest.sim.FaultScript.Fault;
import org.junit.jupiter.api.Test;

class FaultScriptTest {
    private final FaultScript faults = new FaultScript();

    @Test
    void shouldFireAnArmedFaultOnceForItsCodeOnly() {
        faults.arm(Fault.DUPLICATE, "BTCUSDT");
        faults.arm(Fault.DUPLICATE, "BTCUSDT");

        assertFalse(faults.take(Fault.DUPLICATE, "ETHUSDT"));
        assertFalse(faults.take(Fault.SKIP, "BTCUSDT"));
        assertTrue(faults.armed(Fault.DUPLICATE, "BTCUSDT"));
        assertTrue(faults.take(Fault.DUPLICATE, "BTCUSDT"));
        assertFalse(faults.take(Fault.DUPLICATE, "BTCUSDT"));
        assertFalse(faults.armed(Fault.DUPLICATE, "BTCUSDT"));
    }

    @Test
    void shouldKeepRejectingASymbolOnceRejected() {
        assertFalse(faults.rejects("BTCUSDT"));
        faults.reject("BTCUSDT");
        assertTrue(faults.rejects("BTCUSDT"));
        assertTrue(faults.rejects("BTCUSDT"));
        assertFalse(faults.rejects("ETHUSDT"));
    }
}
