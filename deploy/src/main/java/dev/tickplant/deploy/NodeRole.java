package dev.tickplant.deploy;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a node runs. A node may combine roles; the default runs them all in one JVM. */
public enum NodeRole {
    /** Venue simulators on loopback (the embedded default's stand-in for the real venues). */
    SIMULATOR,
    /** Upstream venue connectors. */
    INGEST,
    /** Normalizer partitions. */
    NORMALIZER,
    /** Client WebSocket server. */
    GATEWAY;

    /**
     * Parses a comma-separated role list such as {@code ingest,normalizer}; {@code all} means every role.
     *
     * @throws IllegalArgumentException naming an unknown role
     */
    public static Set<NodeRole> parse(String list) {
        Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
        for (String part : list.split(",")) {
            String name = part.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("ALL")) {
                return EnumSet.allOf(NodeRole.class);
            }
            try {
                roles.add(NodeRole.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown role '" + part.trim()
                        + "', expected simulator, ingest, normalizer, gateway or all", e);
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("no roles given");
        }
        return roles;
    }
}
