package dev.tickplant.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolWatchdogTest {
    private long now = 1_000;
    private final SymbolWatchdog watchdog = new SymbolWatchdog(() -> now, 500);

    @Test
    void shouldReportOnlySymbolsSilentLongerThanTheThreshold() {
        watchdog.watch(List.of("A", "B"));
        now += 400;
        watchdog.onData("A");
        now += 200; // A: 200 ms, B: 600 ms
        assertEquals(List.of("B"), watchdog.checkSilent());
        assertTrue(watchdog.isSilent("B"));
        assertFalse(watchdog.isSilent("A"));
    }

    @Test
    void shouldReportASilenceOncePerThreshold() {
        watchdog.watch(List.of("A"));
        now += 501;
        assertEquals(List.of("A"), watchdog.checkSilent());
        now += 100;
        assertEquals(List.of(), watchdog.checkSilent(), "clock restarted after the report");
        now += 401;
        assertEquals(List.of("A"), watchdog.checkSilent(), "still silent after another full threshold");
    }

    @Test
    void shouldSignalRecoveryOnceWhenDataResumes() {
        watchdog.watch(List.of("A"));
        now += 501;
        watchdog.checkSilent();
        assertTrue(watchdog.onData("A"));
        assertFalse(watchdog.onData("A"));
        assertFalse(watchdog.isSilent("A"));
    }

    @Test
    void shouldIgnoreUnwatchedSymbolsAndForgetRemovedOnes() {
        assertFalse(watchdog.onData("X"));
        watchdog.watch(List.of("A", "B"));
        now += 300;
        watchdog.watch(List.of("B", "C")); // A gone, B keeps its age, C starts now
        now += 300;
        assertEquals(List.of("B"), watchdog.checkSilent());
        watchdog.clear();
        now += 10_000;
        assertEquals(List.of(), watchdog.checkSilent());
    }

    @Test
    void shouldRestartAllClocks() {
        watchdog.watch(List.of("A", "B"));
        now += 450;
        watchdog.restartAll();
        now += 450;
        assertEquals(List.of(), watchdog.checkSilent());
    }
}
