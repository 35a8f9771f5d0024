package dev.rmbee.identity.sr25519;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

/** The ed25519 key cache: first sighting recorded, second examined, small-order keys kept out. */
class Ed25519KeyCacheTest {

    private final Random random = new Random(20261204);

    private byte[] honestKey() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        byte[] publicKey = new byte[32];
        Ed25519.generatePublicKey(secret, 0, publicKey, 0);
        return publicKey;
    }

    @Test
    void aKeySeenAgainIsExaminedOnceAndGetsItsTables() {
        KeyCache<EdwardsKey> cache = new KeyCache<>(16, EdwardsKey::seen);
        byte[] key = honestKey();

        EdwardsKey first = cache.get(key);
        assertFalse(first.isComplete(), "a key seen once is only recorded");
        assertFalse(first.hasTables());

        EdwardsKey second = cache.get(key);
        assertTrue(second.isComplete());
        assertTrue(second.hasTables(), "an honest key is of prime order");
        assertSame(second, cache.get(key), "and later sightings find it");
    }

    @Test
    void keysOfSmallOrderOrThatDoNotDecodeAreExaminedWithoutTables() {
        for (byte[] encoding : Ed25519VerifierTest.edgeEncodings()) {
            EdwardsKey examined = EdwardsKey.seen(encoding).completed();
            assertTrue(examined.isComplete());
            assertFalse(examined.hasTables(), HexFormat.of().formatHex(encoding));
            assertThrows(IllegalStateException.class, () -> examined.challengeProduct(new byte[32], new byte[32]));
        }
    }

    @Test
    void aNewKeyInTheSameSlotStartsOver() {
        KeyCache<EdwardsKey> cache = new KeyCache<>(1, EdwardsKey::seen);
        byte[] alice = honestKey();
        byte[] bob = honestKey();
        cache.get(alice);
        assertTrue(cache.get(alice).hasTables());
        assertFalse(cache.get(bob).isComplete(), "bob takes the only slot");
        assertFalse(cache.get(alice).isComplete(), "alice was evicted, so she starts over");
    }

    @Test
    void theCapacityIsAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new KeyCache<>(0, EdwardsKey::seen));
        assertThrows(IllegalArgumentException.class, () -> new KeyCache<>(3000, EdwardsKey::seen));
    }
}
