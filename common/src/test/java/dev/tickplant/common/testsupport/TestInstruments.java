package dev.tickplant.common.testsupport;

import dev.tickplant.common.symbol.InstrumentRegistry;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default universe shipped in {@code deploy}, for tests of every module. Surefire and failsafe run with the
 * module directory as working directory, so the file is found next to it.
 */
public final class TestInstruments {
    private static final Path FILE = Path.of("..", "deploy", "src", "main", "resources", "instruments.json");
    private static InstrumentRegistry registry;

    private TestInstruments() {}

    /** The default registry, parsed once per test JVM. */
    public static synchronized InstrumentRegistry defaultRegistry() {
        if (registry == null) {
            registry = InstrumentRegistry.fromJson(json());
        }
        return registry;
    }

    /** The raw registry document. */
    public static JsonObject json() {
        try {
            return new JsonObject(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
        }
    }
}
