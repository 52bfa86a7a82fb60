package dev.tickplant.ingest.sim;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The faults a test has scripted for a simulator, per instrument code: one-shot faults armed for the next
 * message ({@link Fault}) and symbols refused from now on. Confined to the simulator's event loop; test hooks reach
 * it through the simulator's context.
 */
public final class FaultScript {
    /** A fault that applies once, to the next message it concerns, then disarms. */
    public enum Fault {
        /** The next message is sent twice. */
        DUPLICATE,
        /** The next sequence number is skipped, or the next update not sent. */
        SKIP,
        /** The next checksum is wrong. */
        CORRUPT_CHECKSUM
    }

    private final Map<Fault, Set<String>> armed = new EnumMap<>(Fault.class);
    private final Set<String> rejected = new HashSet<>();

    /** Arms {@code fault} for the next message of {@code code}; arming twice is still one fault. */
    public void arm(Fault fault, String code) {
        armed.computeIfAbsent(fault, f -> new HashSet<>()).add(code);
    }

    /** Whether {@code fault} is armed for {@code code}; disarms it, so only the first caller sees true. */
    public boolean take(Fault fault, String code) {
        Set<String> codes = armed.get(fault);
        return codes != null && codes.remove(code);
    }

    /** Whether {@code fault} is armed for {@code code}, leaving it armed. */
    public boolean armed(Fault fault, String code) {
        Set<String> codes = armed.get(fault);
        return codes != null && codes.contains(code);
    }

    /** From now on {@code code} is refused. */
    public void reject(String code) {
        rejected.add(code);
    }

    /** Whether {@code code} is refused. */
    public boolean rejects(String code) {
        return rejected.contains(code);
    }
}
