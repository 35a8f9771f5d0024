package dev.rmbee.chain.tfgrid;

import dev.rmbee.chain.hash.Hashes;
import dev.rmbee.chain.scale.ScaleWriter;

/**
 * The storage keys RMB reads (registry.md §2.1, chain.md §4): {@code twox128(prefix) ‖ twox128(item)},
 * then for a map {@code blake2_128(key) ‖ key}. Prefixes and hashers are checked against the
 * metadata by {@link TfgridShapes}.
 */
public final class StorageKeys {

    private static final byte[] TWINS = item("TfgridModule", "Twins");
    private static final byte[] TWIN_ID_BY_ACCOUNT = item("TfgridModule", "TwinIdByAccountID");
    private static final byte[] TWIN_ID = item("TfgridModule", "TwinID");
    private static final byte[] EVENTS = item("System", "Events");
    private static final byte[] ACCOUNT = item("System", "Account");

    private StorageKeys() {}

    /** {@code TfgridModule.Twins(id)}: the twin's SCALE value. */
    public static byte[] twins(int id) {
        return mapKey(TWINS, new ScaleWriter().u32(id).toByteArray());
    }

    /** {@code TfgridModule.TwinIdByAccountID(account)}: the twin id (u32) of a 32-byte account. */
    public static byte[] twinIdByAccount(byte[] account) {
        return mapKey(TWIN_ID_BY_ACCOUNT, account32(account));
    }

    /** {@code TfgridModule.TwinID}: the last twin id assigned. */
    public static byte[] twinId() {
        return TWIN_ID.clone();
    }

    /** {@code System.Events}: the events of a block (read at its hash). */
    public static byte[] systemEvents() {
        return EVENTS.clone();
    }

    /** {@code System.Account(account)}: an account's info, starting with its nonce (u32). */
    public static byte[] systemAccount(byte[] account) {
        return mapKey(ACCOUNT, account32(account));
    }

    /** The twins map's prefix (for {@code state_getKeysPaged}). */
    public static byte[] twinsPrefix() {
        return TWINS.clone();
    }

    private static byte[] item(String pallet, String name) {
        return concat(Hashes.twox128(pallet), Hashes.twox128(name));
    }

    private static byte[] mapKey(byte[] prefix, byte[] key) {
        return concat(prefix, Hashes.blake2b128Concat(key));
    }

    private static byte[] account32(byte[] account) {
        if (account == null || account.length != 32) {
            throw new IllegalArgumentException("an account is 32 bytes");
        }
        return account;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = new byte[first.length + second.length];
        System.arraycopy(first, 0, out, 0, first.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }
}
