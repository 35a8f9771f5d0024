package dev.rmbee.peer;

import dev.rmbee.identity.Signer;
import dev.rmbee.identity.e2e.E2eKey;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.logging.Logger;

/**
 * The one twin a peer gateway acts as: its id, its signing key (whose public key is the twin's
 * account) and its end-to-end key (whose public key should be the twin's {@code pk}).
 */
public record PeerIdentity(int twinId, Signer signer, E2eKey e2eKey) {

    private static final Logger LOG = Logger.getLogger(PeerIdentity.class.getName());

    public PeerIdentity {
        if (twinId == 0) {
            throw new IllegalArgumentException("twin id must not be 0");
        }
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(e2eKey, "e2eKey");
    }

    /**
     * The identity of the twin with {@code twinId}, or, when none is given, of the twin whose
     * account is the signer's public key (peer.md §1 step 6). The twin must be registered with that
     * account. A registered {@code pk} other than the e2e key's is only logged here: a peer on
     * tfchain publishes its key right after (rmb.peer.publish); elsewhere senders that encrypt for
     * the registered key get error 106 until the registry is corrected.
     *
     * @throws IllegalStateException when no such twin is registered or its account is another key
     * @throws RegistryException when the registry cannot answer
     */
    public static PeerIdentity resolve(TwinRegistry registry, Signer signer, E2eKey e2eKey, OptionalInt twinId)
            throws RegistryException {
        byte[] account = signer.publicKey();
        HexFormat hex = HexFormat.of();
        int id;
        if (twinId.isPresent()) {
            id = twinId.getAsInt();
        } else {
            OptionalInt found = registry.findIdByAccount(account);
            if (found.isEmpty()) {
                throw new IllegalStateException(
                        "no twin found on this network with given key (account 0x" + hex.formatHex(account) + ")");
            }
            id = found.getAsInt();
        }
        String name = Integer.toUnsignedString(id);
        Twin twin =
                registry.find(id).orElseThrow(() -> new IllegalStateException("twin " + name + " is not registered"));
        if (!Arrays.equals(twin.account(), account)) {
            throw new IllegalStateException("twin " + name + " has account 0x" + hex.formatHex(twin.account())
                    + ", not this peer's key 0x" + hex.formatHex(account));
        }
        byte[] pk = e2eKey.publicKey();
        if (!Arrays.equals(twin.pk(), pk)) {
            LOG.warning(() -> "twin " + name + " is registered with e2e key "
                    + (twin.hasPk() ? "0x" + hex.formatHex(twin.pk()) : "none") + ", not this peer's 0x"
                    + hex.formatHex(pk) + ": encrypted messages to it cannot be decrypted until the registry has it"
                    + " (on tfchain this peer publishes it at start unless rmb.peer.publish is false)");
        }
        return new PeerIdentity(id, signer, e2eKey);
    }
}
