package dev.tickplant.common.symbol;

import java.util.Locale;

/** What kind of market an instrument trades in. The wire name is the lower-case form used in config and JSON. */
public enum AssetClass {
    US_STOCK("us_stock"),
    HK_STOCK("hk_stock"),
    FX("fx"),
    METAL("metal"),
    CRYPTO("crypto");

    private final String wireName;

    AssetClass(String wireName) {
        this.wireName = wireName;
    }

    /** Name used in the registry file and in client-facing JSON, e.g. {@code us_stock}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name, case-insensitively; {@code us-stock} and {@code US_STOCK} are both accepted.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static AssetClass fromWireName(String name) {
        String normalized = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (AssetClass c : values()) {
            if (c.wireName.equals(normalized)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown asset class '" + name + "', expected one of us_stock, hk_stock, "
                + "fx, metal, crypto");
    }
}
