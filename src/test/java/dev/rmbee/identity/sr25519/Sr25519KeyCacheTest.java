package dev.rmbee.identity.sr25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.RistrettoElement;
import cafe.cryptography.curve25519.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The decoded-key cache: same products from every stage of a key, eviction, invalid keys. */
class Sr25519KeyCacheTest {

    private final Random random = new Random(20261204);

    private Scalar randomScalar() {
        byte[] wide = new byte[64];
        random.nextBytes(wide);
        return Scalar.fromBytesModOrderWide(wide);
    }

    private RistrettoElement randomElement() {
        byte[] uniform = new byte[64];
        random.nextBytes(uniform);
        return RistrettoElement.fromUniformBytes(uniform);
    }

    /** {@code s·B - k·A}, computed by elisabeth. */
    private static byte[] expected(RistrettoElement a, Scalar k, Scalar s) {
        return Constants.RISTRETTO_GENERATOR_TABLE
                .multiply(s)
                .subtract(a.multiply(k))
                .compress()
                .toByteArray();
    }

    private void assertProductsMatch(PreparedKey key, RistrettoElement element) {
        for (int i = 0; i < 20; i++) {
            Scalar k = randomScalar();
            Scalar s = randomScalar();
            assertArrayEquals(
                    expected(element, k, s),
                    Ristretto255.encode(key.challengeProduct(k.toByteArray(), s.toByteArray())));
        }
    }

    @Test
    void aKeySeenAgainGetsItsTablesAndThenStaysTheSame() {
        KeyCache<PreparedKey> cache = new KeyCache<>(16, PreparedKey::decode);
        RistrettoElement element = randomElement();
        byte[] encoding = element.compress().toByteArray();

        PreparedKey first = cache.get(encoding);
        assertFalse(first.isComplete(), "a key seen once is only decoded");
        assertProductsMatch(first, element);

        PreparedKey second = cache.get(encoding);
        assertTrue(second.isComplete(), "the second sighting builds the tables");
        assertProductsMatch(second, element);

        assertSame(second, cache.get(encoding), "and later ones find them");
    }

    @Test
    void theCachedEncodingIsACopy() {
        KeyCache<PreparedKey> cache = new KeyCache<>(1, PreparedKey::decode);
        RistrettoElement element = randomElement();
        byte[] encoding = element.compress().toByteArray();
        PreparedKey key = cache.get(encoding);
        byte[] original = encoding.clone();
        encoding[5] ^= 1; // the caller reuses its buffer
        assertFalse(key.encodes(encoding));
        assertTrue(key.encodes(original));
        assertTrue(cache.get(original).isComplete(), "the slot still holds the original key, now with tables");
    }

    @Test
    void anEvictedKeyIsDecodedAgainWhenItComesBack() {
        KeyCache<PreparedKey> cache = new KeyCache<>(1, PreparedKey::decode); // one slot: every other key evicts
        RistrettoElement alice = randomElement();
        RistrettoElement bob = randomElement();
        byte[] aliceKey = alice.compress().toByteArray();
        byte[] bobKey = bob.compress().toByteArray();

        cache.get(aliceKey);
        PreparedKey aliceWithTables = cache.get(aliceKey);
        assertTrue(aliceWithTables.isComplete());

        PreparedKey bobKeyPrepared = cache.get(bobKey);
        assertTrue(bobKeyPrepared.encodes(bobKey));
        assertProductsMatch(bobKeyPrepared, bob);

        PreparedKey aliceAgain = cache.get(aliceKey);
        assertNotSame(aliceWithTables, aliceAgain);
        assertFalse(aliceAgain.isComplete(), "alice was evicted, so she starts over");
        assertProductsMatch(aliceAgain, alice);
        assertProductsMatch(cache.get(aliceKey), alice);
    }

    @Test
    void invalidEncodingsAreNeitherDecodedNorCached() {
        KeyCache<PreparedKey> cache = new KeyCache<>(1, PreparedKey::decode);
        RistrettoElement element = randomElement();
        byte[] valid = element.compress().toByteArray();
        cache.get(valid);
        PreparedKey withTables = cache.get(valid);

        byte[] odd = new byte[32];
        odd[0] = 1; // negative s: no canonical encoding
        assertNull(cache.get(odd));
        assertNull(cache.get(odd));
        byte[] p = new byte[32]; // p itself: non-canonical zero
        p[0] = (byte) 0xED;
        for (int i = 1; i < 31; i++) {
            p[i] = (byte) 0xFF;
        }
        p[31] = 0x7F;
        assertNull(cache.get(p));
        assertSame(withTables, cache.get(valid), "an invalid key evicts nothing");
    }

    @Test
    void threadsSharingFewSlotsAllGetTheRightProducts() throws Exception {
        KeyCache<PreparedKey> cache = new KeyCache<>(2, PreparedKey::decode); // keys keep replacing each other
        int keys = 5;
        RistrettoElement[] elements = new RistrettoElement[keys];
        byte[][] encodings = new byte[keys][];
        for (int i = 0; i < keys; i++) {
            elements[i] = randomElement();
            encodings[i] = elements[i].compress().toByteArray();
        }
        Scalar k = randomScalar();
        Scalar s = randomScalar();
        byte[][] expected = new byte[keys][];
        for (int i = 0; i < keys; i++) {
            expected[i] = expected(elements[i], k, s);
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                results.add(threads.submit(() -> {
                    int checked = 0;
                    for (int round = 0; round < 60; round++) {
                        int i = (first + round * (first + 1)) % keys;
                        PreparedKey key = cache.get(encodings[i]);
                        byte[] product = Ristretto255.encode(key.challengeProduct(k.toByteArray(), s.toByteArray()));
                        assertArrayEquals(expected[i], product, "key " + i);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(60, result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new KeyCache<>(0, PreparedKey::decode));
        assertThrows(IllegalArgumentException.class, () -> new KeyCache<>(3000, PreparedKey::decode));
    }

    /** A valid encoding other than {@code key} that shares its first {@code shared} bytes. */
    private byte[] sharingPrefix(byte[] key, int shared) {
        while (true) {
            byte[] other = randomElement().compress().toByteArray();
            System.arraycopy(key, 0, other, 0, shared);
            if (Ristretto255.decode(other) != null && !java.util.Arrays.equals(other, key)) {
                return other;
            }
        }
    }

    @Test
    void keysSharingTheirFirstBytesDoNotShareASlot() {
        // with 2^20 slots two keys meet by chance once in a million runs; sharing bytes must not make it likelier
        KeyCache<PreparedKey> cache = new KeyCache<>(1 << 20, PreparedKey::decode);
        byte[] first = randomElement().compress().toByteArray();
        for (int shared : new int[] {8, 16, 24}) {
            byte[] second = sharingPrefix(first, shared);
            cache.get(first);
            cache.get(second);
            assertTrue(cache.get(first).isComplete(), "the first key kept its slot, sharing " + shared + " bytes");
            assertTrue(cache.get(second).isComplete(), "the second key kept its slot, sharing " + shared + " bytes");
        }
    }
}
