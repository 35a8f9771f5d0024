package dev.rmbee.identity.sr25519;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The recently verified public keys, decoded, so that a key seen again (a twin's key signs every
 * envelope and token it sends) is neither decoded nor tabulated again. Direct-mapped: a fixed
 * array of slots indexed by the key's bytes, each holding the last key that hashed there; a new
 * key replaces the one in its slot. Lock-free: verification reads and writes a slot without
 * waiting, and two threads that prepare the same key at once each do the work, harmlessly.
 *
 * <p>A key's first verification decodes it and stores it without tables; its second builds the
 * tables (about the cost of one more verification, once), so keys seen once (a crowd of twins
 * reconnecting) cost no more than without the cache.
 */
final class PreparedKeyCache {

    private final AtomicReferenceArray<PreparedKey> slots;
    private final int mask;
    private final long seed = new SecureRandom().nextLong() | 1;

    /** @param capacity the number of slots, a power of two */
    PreparedKeyCache(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        slots = new AtomicReferenceArray<>(capacity);
        mask = capacity - 1;
    }

    /**
     * The prepared key for a 32-byte encoding, from the cache or decoded now (and then cached), or
     * {@code null} when the encoding is no canonical ristretto255 element (never cached).
     */
    PreparedKey get(byte[] publicKey) {
        int slot = slot(publicKey, seed, mask);
        PreparedKey cached = slots.get(slot);
        if (cached != null && cached.encodes(publicKey)) {
            if (!cached.hasTables()) {
                cached = cached.withTables();
                slots.set(slot, cached);
            }
            return cached;
        }
        PreparedKey decoded = PreparedKey.decode(publicKey);
        if (decoded != null) {
            slots.set(slot, decoded);
        }
        return decoded;
    }

    /**
     * A hash of all 32 bytes keyed by a random odd number chosen per cache (each 8-byte word mixed
     * in by a multiplication, the high bits folded down before the last one): a sender who does
     * not know the number cannot pick keys that land in the slot of someone else's; a key sharing
     * only some bytes with another's lands anywhere. {@link EdwardsKeyCache} uses it too.
     */
    static int slot(byte[] publicKey, long seed, int mask) {
        long h = 0;
        for (int word = 0; word < 4; word++) {
            long w = 0;
            for (int i = 0; i < 8; i++) {
                w |= (publicKey[8 * word + i] & 0xFFL) << (8 * i);
            }
            h = (h ^ w) * seed;
        }
        h ^= h >>> 32;
        return (int) ((h * seed) >>> 32) & mask;
    }
}
