package dev.tickplant.gateway;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks API keys and finds their entitlements. Every key is held as a salted SHA-256 hash (plain keys of
 * {@code apiKeys}/{@code TICKPLANT_API_KEYS} are hashed with a random salt at start-up). A candidate is hashed with
 * every key's salt and compared with {@link MessageDigest#isEqual} (constant time), without stopping at the first
 * match, so response timing does not tell which key or how much of it matched.
 *
 * <p>Immutable; safe to share.
 */
final class ApiKeys {
    private final List<HashedKey> keys;

    /** Plain keys, unrestricted (ids {@code key-1}, {@code key-2}, ...). */
    ApiKeys(List<String> plainKeys) {
        this(plainKeys, Entitlements.UNRESTRICTED, List.of());
    }

    /**
     * @param plainKeys keys of {@code apiKeys} and the environment, each with {@code plainDefaults}
     * @param hashed keys of {@code hashedApiKeys} and the keys file
     */
    ApiKeys(List<String> plainKeys, Entitlements plainDefaults, List<HashedKey> hashed) {
        SecureRandom random = new SecureRandom();
        List<HashedKey> all = new ArrayList<>();
        for (int i = 0; i < plainKeys.size(); i++) {
            byte[] salt = new byte[KeyHasher.SALT_BYTES];
            random.nextBytes(salt);
            all.add(new HashedKey(plainKeyId(i), salt, KeyHasher.sha256(salt, plainKeys.get(i)), plainDefaults));
        }
        all.addAll(hashed);
        this.keys = List.copyOf(all);
    }

    /** The id of the {@code index}-th (0-based) plain key. */
    static String plainKeyId(int index) {
        return "key-" + (index + 1);
    }

    /** The key {@code candidate} is, or null when it is none (or null or empty). */
    ApiKey authenticate(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return null;
        }
        HashedKey match = null;
        for (HashedKey key : keys) {
            // No early exit: every key costs the same whether or not an earlier one matched.
            if (MessageDigest.isEqual(key.sha256(), KeyHasher.sha256(key.salt(), candidate)) && match == null) {
                match = key;
            }
        }
        return match == null ? null : new ApiKey(match.id(), match.entitlements());
    }

    boolean isValid(String candidate) {
        return authenticate(candidate) != null;
    }
}
