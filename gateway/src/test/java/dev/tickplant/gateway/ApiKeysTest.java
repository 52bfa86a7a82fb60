package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private final ApiKeys keys = new ApiKeys(List.of("demo", "tk_live_a1b2c3d4e5f6"));

    @Test
    void shouldAcceptConfiguredKeys() {
        assertTrue(keys.isValid("demo"));
        assertTrue(keys.isValid("tk_live_a1b2c3d4e5f6"));
    }

    @Test
    void shouldRejectOtherKeys() {
        assertFalse(keys.isValid("Demo"));
        assertFalse(keys.isValid("dem"));
        assertFalse(keys.isValid("demo "));
        assertFalse(keys.isValid(""));
        assertFalse(keys.isValid(null));
    }
}
