package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.symbol.AssetClass;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
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

    @Test
    void shouldNamePlainKeysByPositionAndGiveThemTheDefaults() {
        Entitlements defaults = new Entitlements(Set.of(AssetClass.FX), Set.of(), 3, 0, 0);
        ApiKeys withDefaults = new ApiKeys(List.of("a", "b"), defaults, List.of());
        assertEquals(new ApiKey("key-2", defaults), withDefaults.authenticate("b"));
        assertEquals(new ApiKey("key-1", Entitlements.UNRESTRICTED), keys.authenticate("demo"));
    }

    @Test
    void shouldAuthenticateHashedKeyFromKeyHasherEntryAndRejectWrongKey() {
        Entitlements fx = new Entitlements(Set.of(AssetClass.FX), Set.of("AAPL.US"), 2, 50, 10);
        JsonObject entry = KeyHasher.entry("fx-desk", "s3cret-fx", fx);
        assertFalse(entry.encode().contains("s3cret-fx"), "the secret must not be stored");
        HashedKey hashed = HashedKey.fromJson(entry, "test");
        ApiKeys hashedKeys = new ApiKeys(List.of(), Entitlements.UNRESTRICTED, List.of(hashed));

        assertEquals(new ApiKey("fx-desk", fx), hashedKeys.authenticate("s3cret-fx"));
        assertNull(hashedKeys.authenticate("s3cret-fy"));
        assertNull(hashedKeys.authenticate("s3cret-fx "));
        assertNull(hashedKeys.authenticate(null));
    }

    @Test
    void shouldUseFreshSaltPerEntry() {
        JsonObject a = KeyHasher.entry("a", "same-key");
        JsonObject b = KeyHasher.entry("b", "same-key");
        assertNotEquals(a.getString("salt"), b.getString("salt"));
        assertNotEquals(a.getString("sha256"), b.getString("sha256"));
    }

    @Test
    void shouldAcceptEntryMadeWithTheReadmeShellRecipe() {
        // salt=$(openssl rand -base64 16); (printf %s "$salt" | base64 -d; printf %s "s3cret-fx") | sha256sum
        JsonObject entry = new JsonObject().put("id", "shell").put("salt", "xWvViJdmMfFLS7JvVXA1Sw==")
                .put("sha256", "cc9835dfd7eb26299adc9c0b7c482b6d93e2b5d6d54d834f6ddfd90013a72c5a");
        ApiKeys shell = new ApiKeys(List.of(), Entitlements.UNRESTRICTED,
                List.of(HashedKey.fromJson(entry, "test")));
        assertEquals("shell", shell.authenticate("s3cret-fx").id());
        assertNull(shell.authenticate("s3cret"));
    }
}
