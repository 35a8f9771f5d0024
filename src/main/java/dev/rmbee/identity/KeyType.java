package dev.rmbee.identity;

import java.util.Locale;

/** Signing key algorithms of a twin; the prefix byte tags 65-byte signatures on the wire. */
public enum KeyType {
    SR25519((byte) 's'),
    ED25519((byte) 'e');

    private final byte prefix;

    KeyType(byte prefix) {
        this.prefix = prefix;
    }

    /** The first byte of a 65-byte RMB signature made with this key type. */
    public byte prefix() {
        return prefix;
    }

    /** The key type a 65-byte signature declares, or {@code null} for an unknown prefix. */
    public static KeyType fromPrefix(byte prefix) {
        for (KeyType type : values()) {
            if (type.prefix == prefix) {
                return type;
            }
        }
        return null;
    }

    /** Parses {@code sr25519} / {@code ed25519}, case-insensitively. */
    public static KeyType parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("invalid key type '" + name + "' (expected sr25519 or ed25519)");
        }
    }
}
