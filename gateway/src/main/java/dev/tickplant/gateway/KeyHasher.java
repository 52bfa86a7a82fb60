package dev.tickplant.gateway;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Produces entries of the API keys file ({@code gateway.apiKeysFile}): a random 16-byte salt and
 * {@code SHA-256(salt || UTF-8(key))}. The same as the shell recipe in the gateway README:
 * {@code salt=$(openssl rand -base64 16); (printf %s "$salt" | base64 -d; printf %s "$KEY") | sha256sum}.
 */
public final class KeyHasher {
    static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyHasher() {}

    /** A keys-file entry for {@code key} under {@code id}, with a fresh random salt and the given entitlements. */
    public static JsonObject entry(String id, String key, Entitlements entitlements) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new JsonObject()
                .put("id", id)
                .put("salt", Base64.getEncoder().encodeToString(salt))
                .put("sha256", HexFormat.of().formatHex(sha256(salt, key)))
                .mergeIn(entitlements.toJson());
    }

    /** An unrestricted entry. */
    public static JsonObject entry(String id, String key) {
        return entry(id, key, Entitlements.UNRESTRICTED);
    }

    /** {@code SHA-256(salt || UTF-8(key))}. */
    static byte[] sha256(byte[] salt, String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
