package dev.tickplant.gateway;

import java.util.Objects;

/**
 * An authenticated API key: its public id (never the secret) and what it is entitled to.
 *
 * @param id the key's name, e.g. {@code fx-desk}; keys of the plain {@code apiKeys} list are {@code key-1},
 *     {@code key-2}, ... in list order
 */
public record ApiKey(String id, Entitlements entitlements) {
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(entitlements, "entitlements");
    }
}
