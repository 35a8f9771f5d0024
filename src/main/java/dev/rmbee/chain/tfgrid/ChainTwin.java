package dev.rmbee.chain.tfgrid;

import dev.rmbee.registry.Twin;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A twin as tfchain stores it ({@code pallet_tfgrid::types::Twin}, registry.md §2.2): id, 32-byte
 * account, the relay string's raw bytes and the pk (each {@code null} when None), and the entity proofs.
 */
public record ChainTwin(int id, byte[] account, byte[] relay, List<Entity> entities, byte[] pk) {

    /** An entity ownership proof; RMB does not use them. */
    public record Entity(int entityId, byte[] signature) {

        public Entity {
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Entity entity
                    && entity.entityId == entityId
                    && Arrays.equals(entity.signature, signature);
        }

        @Override
        public int hashCode() {
            return 31 * entityId + Arrays.hashCode(signature);
        }

        @Override
        public String toString() {
            return "Entity{" + Integer.toUnsignedString(entityId) + ", 0x"
                    + HexFormat.of().formatHex(signature) + "}";
        }
    }

    public ChainTwin {
        if (account == null || account.length != 32) {
            throw new IllegalArgumentException("a twin's account is 32 bytes");
        }
        account = account.clone();
        relay = relay == null ? null : relay.clone();
        entities = List.copyOf(entities);
        pk = pk == null ? null : pk.clone();
    }

    @Override
    public byte[] account() {
        return account.clone();
    }

    /** The relay string's bytes, or {@code null} when the twin has none. */
    @Override
    public byte[] relay() {
        return relay == null ? null : relay.clone();
    }

    /** The e2e public key, or {@code null} when the twin has none. */
    @Override
    public byte[] pk() {
        return pk == null ? null : pk.clone();
    }

    /**
     * RMB's view of this twin (registry.md §1): the relay decoded as UTF-8 (malformed bytes replaced)
     * and split at every {@code _} into a set, empty parts dropped; no relay gives an empty set. Twin
     * id 0 (which the chain never assigns) is refused by {@link Twin}.
     */
    public Twin toTwin() {
        return new Twin(id, account, relays(), pk);
    }

    /** The relay domains: the relay string split at {@code _}; empty when the twin has no relay. */
    public Set<String> relays() {
        Set<String> relays = new LinkedHashSet<>();
        if (relay != null) {
            for (String domain : lossyUtf8(relay).split("_", -1)) {
                if (!domain.isEmpty()) {
                    relays.add(domain);
                }
            }
        }
        return relays;
    }

    /** Malformed UTF-8 is replaced (U+FFFD), as Rust's {@code from_utf8_lossy} does. */
    private static String lossyUtf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChainTwin twin
                && twin.id == id
                && Arrays.equals(twin.account, account)
                && Arrays.equals(twin.relay, relay)
                && twin.entities.equals(entities)
                && Arrays.equals(twin.pk, pk);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(account), Arrays.hashCode(relay), entities, Arrays.hashCode(pk));
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "ChainTwin{id=" + Integer.toUnsignedString(id) + ", account=0x" + hex.formatHex(account) + ", relay="
                + (relay == null ? "none" : "\"" + lossyUtf8(relay) + "\"") + ", entities=" + entities + ", pk="
                + (pk == null ? "none" : "0x" + hex.formatHex(pk)) + "}";
    }
}
