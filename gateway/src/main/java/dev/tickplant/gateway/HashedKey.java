package dev.tickplant.gateway;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A key stored as a salted hash: {@code sha256 = SHA-256(salt || UTF-8(key))}. The secret itself is never stored.
 *
 * <p>JSON form: {@code {"id":"fx-desk","salt":"<base64>","sha256":"<hex>", ...}} plus the fields of
 * {@link Entitlements#fromJson(JsonObject, String)}. {@link KeyHasher#entry} produces one.
 */
public record HashedKey(String id, byte[] salt, byte[] sha256, Entitlements entitlements) {
    static final int SHA256_BYTES = 32;

    public HashedKey {
        Objects.requireNonNull(entitlements, "entitlements");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("key id must not be empty");
        }
        if (salt == null || salt.length == 0) {
            throw new IllegalArgumentException("key " + id + ": salt must not be empty");
        }
        if (sha256 == null || sha256.length != SHA256_BYTES) {
            throw new IllegalArgumentException("key " + id + ": sha256 must be 32 bytes (64 hex digits)");
        }
        salt = salt.clone();
        sha256 = sha256.clone();
    }

    /**
     * Parses one entry.
     *
     * @param where the entry's location for error messages, e.g. {@code keys.json keys[2]}
     * @throws IllegalArgumentException naming {@code where} for a missing or malformed field
     */
    public static HashedKey fromJson(JsonObject json, String where) {
        Object id = json.getValue("id");
        Object salt = json.getValue("salt");
        Object hash = json.getValue("sha256");
        if (!(id instanceof String idText) || idText.isBlank()) {
            throw new IllegalArgumentException(where + ".id must be a non-empty string");
        }
        if (!(salt instanceof String saltText) || !(hash instanceof String hashText)) {
            throw new IllegalArgumentException(where + " (" + id
                    + "): 'salt' (base64) and 'sha256' (hex) are required");
        }
        byte[] saltBytes;
        byte[] hashBytes;
        try {
            saltBytes = Base64.getDecoder().decode(saltText.trim());
            hashBytes = HexFormat.of().parseHex(hashText.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " (" + id + "): malformed salt or sha256: " + e.getMessage(), e);
        }
        try {
            return new HashedKey(idText.trim(), saltBytes, hashBytes, Entitlements.fromJson(json, where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** Never prints the hash or salt. */
    @Override
    public String toString() {
        return "HashedKey[id=" + id + ", " + entitlements + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashedKey k && id.equals(k.id) && Arrays.equals(salt, k.salt)
                && Arrays.equals(sha256, k.sha256) && entitlements.equals(k.entitlements);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
