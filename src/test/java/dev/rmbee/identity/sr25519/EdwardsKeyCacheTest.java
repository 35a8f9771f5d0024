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
class EdwardsKeyCacheTest {

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
        EdwardsKeyCache cache = new EdwardsKeyCache(16);
        byte[] key = honestKey();

        EdwardsKey first = cache.get(key);
        assertFalse(first.isExamined(), "a key seen once is only recorded");
        assertFalse(first.hasTables());

        EdwardsKey second = cache.get(key);
        assertTrue(second.isExamined());
        assertTrue(second.hasTables(), "an honest key is of prime order");
        assertSame(second, cache.get(key), "and later sightings find it");
    }

    @Test
    void keysOfSmallOrderOrThatDoNotDecodeAreExaminedWithoutTables() {
        for (byte[] encoding : Ed25519VerifierTest.edgeEncodings()) {
            EdwardsKey examined = EdwardsKey.seen(encoding).examined();
            assertTrue(examined.isExamined());
            assertFalse(examined.hasTables(), HexFormat.of().formatHex(encoding));
            assertThrows(IllegalStateException.class, () -> examined.challengeProduct(new byte[32], new byte[32]));
        }
    }

    @Test
    void aNewKeyInTheSameSlotStartsOver() {
        EdwardsKeyCache cache = new EdwardsKeyCache(1);
        byte[] alice = honestKey();
        byte[] bob = honestKey();
        cache.get(alice);
        assertTrue(cache.get(alice).hasTables());
        assertFalse(cache.get(bob).isExamined(), "bob takes the only slot");
        assertFalse(cache.get(alice).isExamined(), "alice was evicted, so she starts over");
    }

    @Test
    void theCapacityIsAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new EdwardsKeyCache(0));
        assertThrows(IllegalArgumentException.class, () -> new EdwardsKeyCache(3000));
    }
}
