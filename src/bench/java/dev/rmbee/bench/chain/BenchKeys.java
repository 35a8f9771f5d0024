package dev.rmbee.bench.chain;

import dev.rmbee.auth.RelayTokens;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.registry.Twin;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import java.util.Set;

/**
 * The benchmark's twins: the shared twins.json's 1–5 as they are, and any other id with the
 * account, key and e2e key of shared twin {@code 1 + (id - 1) % 5}, all served by {@code localhost}.
 * Tokens are signed with that key, whether the chain has the id or not.
 */
final class BenchKeys {
    static final Set<String> RELAYS = Set.of("localhost");

    private final Signer[] signers = new Signer[5];

    BenchKeys() {
        for (int k = 1; k <= 5; k++) {
            JsonObject entry = TestTwins.twin(k);
            signers[k - 1] = SubstrateKeys.signer(entry.getString("secret"), KeyType.parse(entry.getString("keyType")));
        }
    }

    /** The shared twin (1–5) whose keys twin {@code id} has. */
    static int keyTwin(long id) {
        return (int) (1 + (id - 1) % 5);
    }

    static Twin twin(int id) {
        JsonObject shared = TestTwins.twin(keyTwin(Integer.toUnsignedLong(id)));
        byte[] pk = shared.isNull("pk") ? null : Vectors.hex(shared.getString("pk"));
        return new Twin(id, Vectors.hex(shared.getString("account")), RELAYS, pk);
    }

    /** A token for {@code twin} (an unsigned 32-bit id) and {@code sid}, valid ten minutes. */
    String token(int twin, String sid) {
        long now = System.currentTimeMillis() / 1000;
        Signer signer = signers[keyTwin(Integer.toUnsignedLong(twin)) - 1];
        return RelayTokens.create(signer, twin, sid, now, now + 600);
    }

    /** A token signed with ed25519 (shared twin 3's key), the cheaper to make, for ids that do not exist. */
    String unknownTwinToken(int twin, String sid) {
        long now = System.currentTimeMillis() / 1000;
        return RelayTokens.create(signers[2], twin, sid, now, now + 600);
    }
}
