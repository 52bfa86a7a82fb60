package dev.tickplant.deploy;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Command-line options of the jar.
 *
 * <pre>
 * java -jar tickplant.jar [-conf FILE] [-roles ingest,normalizer,gateway,simulator|all] [-cluster]
 * </pre>
 *
 * @param configFile a JSON config file whose keys override the embedded default, or null
 * @param roles what this node runs
 * @param clustered join the Hazelcast cluster
 * @param profile a config profile shipped in the jar ({@code live}), applied before {@code configFile}, or null
 */
public record LaunchOptions(Path configFile, Set<NodeRole> roles, boolean clustered, String profile) {
    /** Usage text printed for {@code -h} and on bad options. */
    public static final String USAGE = String.join("\n",
            "usage: java -jar tickplant.jar [-profile NAME] [-conf FILE] [-roles ROLES] [-cluster]",
            "  -profile NAME a config profile shipped in the jar: live (real venue endpoints, no simulators)",
            "  -conf FILE    JSON config; its keys override the embedded default and the profile (see README)",
            "  -roles ROLES  comma-separated: simulator, ingest, normalizer, gateway, or all (default: all)",
            "  -cluster      join the Hazelcast cluster (TCP-IP join, members from config or TICKPLANT_CLUSTER_MEMBERS)");

    public LaunchOptions {
        roles = Set.copyOf(roles);
    }

    /** Options without a profile. */
    public LaunchOptions(Path configFile, Set<NodeRole> roles, boolean clustered) {
        this(configFile, roles, clustered, null);
    }

    /**
     * Parses the command line.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static LaunchOptions parse(String... args) {
        Path config = null;
        Set<NodeRole> roles = EnumSet.allOf(NodeRole.class);
        boolean clustered = false;
        String profile = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i].startsWith("--") ? args[i].substring(1) : args[i];
            switch (arg) {
                case "-conf", "-config" -> config = Path.of(value(args, ++i, arg));
                case "-roles", "-role" -> roles = NodeRole.parse(value(args, ++i, arg));
                case "-cluster" -> clustered = true;
                case "-profile" -> profile = value(args, ++i, arg);
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        return new LaunchOptions(config, roles, clustered, profile);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
