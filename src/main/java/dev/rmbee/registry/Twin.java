package dev.rmbee.registry;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * What RMB knows of a twin: its id, its 32-byte account (public signing key), the relay domains
 * that serve it, and its optional 33-byte secp256k1 e2e public key.
 */
public final class Twin {

    private final int id;
    private final byte[] account;
    private final Set<String> relays;
    private final byte[] pk;

    public Twin(int id, byte[] account, Set<String> relays, byte[] pk) {
        if (id == 0) {
            throw new IllegalArgumentException("twin id must not be 0");
        }
        if (account == null || account.length != 32) {
            throw new IllegalArgumentException("twin account must be 32 bytes");
        }
        this.id = id;
        this.account = account.clone();
        this.relays = relays == null ? Set.of() : Set.copyOf(relays);
        this.pk = pk == null ? null : pk.clone();
    }

    /** Unsigned 32-bit twin id. */
    public int id() {
        return id;
    }

    public byte[] account() {
        return account.clone();
    }

    /** The relay domains of this twin; empty when none is set. */
    public Set<String> relays() {
        return relays;
    }

    /** The e2e public key, or {@code null} when the twin has none. */
    public byte[] pk() {
        return pk == null ? null : pk.clone();
    }

    public boolean hasPk() {
        return pk != null;
    }

    /** True when one of this twin's relays is one of {@code domains}. */
    public boolean isServedBy(Set<String> domains) {
        for (String relay : relays) {
            if (domains.contains(relay)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Twin twin
                && twin.id == id
                && Arrays.equals(twin.account, account)
                && twin.relays.equals(relays)
                && Arrays.equals(twin.pk, pk);
    }

    @Override
    public int hashCode() {
        return 31 * id + Arrays.hashCode(account);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "Twin{id=" + Integer.toUnsignedString(id) + ", account=0x" + hex.formatHex(account) + ", relays="
                + relays + ", pk=" + (pk == null ? "none" : "0x" + hex.formatHex(pk)) + "}";
    }
}
