package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.identity.Signer;
import dev.rmbee.identity.e2e.E2eKey;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.Vectors;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The peer's own twin: given, or found by the account of its key; the registry must agree. */
class PeerIdentityTest {

    private final LocalTwinRegistry twins = registry();

    private static LocalTwinRegistry registry() {
        try {
            return new LocalTwinRegistry(TwinFiles.read(Vectors.dir().resolve("twins.json")));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void foundByAccount() throws Exception {
        for (int twin = 1; twin <= 5; twin++) {
            PeerIdentity identity =
                    PeerIdentity.resolve(twins, TestTwins.signer(twin), TestPeers.e2eKey(twin), OptionalInt.empty());
            assertEquals(twin, identity.twinId());
        }
    }

    @Test
    void givenIdMustHaveTheKeysAccount() throws Exception {
        Signer bob = TestTwins.signer(2);
        E2eKey bobE2e = TestPeers.e2eKey(2);
        assertEquals(
                2, PeerIdentity.resolve(twins, bob, bobE2e, OptionalInt.of(2)).twinId());
        IllegalStateException other = assertThrows(
                IllegalStateException.class, () -> PeerIdentity.resolve(twins, bob, bobE2e, OptionalInt.of(1)));
        assertTrue(other.getMessage().startsWith("twin 1 has account 0xd43593c7"), other.getMessage());
        IllegalStateException missing = assertThrows(
                IllegalStateException.class, () -> PeerIdentity.resolve(twins, bob, bobE2e, OptionalInt.of(42)));
        assertEquals("twin 42 is not registered", missing.getMessage());
    }

    @Test
    void unknownKeyHasNoTwin() {
        twins.remove(2);
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> PeerIdentity.resolve(twins, TestTwins.signer(2), TestPeers.e2eKey(2), OptionalInt.empty()));
        assertTrue(e.getMessage().startsWith("no twin found on this network with given key"), e.getMessage());
    }

    @Test
    void registryFailuresPropagate() {
        assertThrows(
                RegistryException.class,
                () -> PeerIdentity.resolve(
                        id -> Optional.empty(), TestTwins.signer(2), TestPeers.e2eKey(2), OptionalInt.empty()));
    }
}
