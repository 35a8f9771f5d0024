package dev.rmbee.identity.sr25519;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The recently seen public keys of one scheme, so that a key seen again (a twin's key signs every
 * envelope and token it sends) is neither decoded nor tabulated again. Direct-mapped: a fixed
 * array of slots indexed by a keyed hash of the key's bytes, each holding the last key that hashed
 * there; a new key replaces the one in its slot. Lock-free: verification reads and writes a slot
 * without waiting, and two threads that complete the same key at once each do the work, harmlessly.
 *
 * <p>A key's first sighting stores what the scheme makes of it cheaply; its second completes it
 * (builds its tables: about the cost of one more verification, once), so keys seen once (a crowd
 * of twins reconnecting) cost no more than without the cache.
 *
 * @param <K> what the scheme keeps of a key
 */
final class KeyCache<K extends KeyCache.Entry<K>> {

    /** What a scheme keeps of one key. Immutable. */
    interface Entry<K> {

        /** Whether this entry is the one of these 32 bytes. */
        boolean encodes(byte[] publicKey);

        /** Whether {@link #completed} has nothing more to do. */
        boolean isComplete();

        /** This key with all the cache keeps of a key seen again (this one if it is complete). */
        K completed();
    }

    private final AtomicReferenceArray<K> slots;
    private final int mask;
    private final long seed = new SecureRandom().nextLong() | 1;
    private final Function<byte[], K> firstSighting;

    /**
     * @param capacity the number of slots, a power of two
     * @param firstSighting what to keep of a key seen for the first time, or {@code null} for an
     *     encoding not worth keeping (it is then not cached)
     */
    KeyCache(int capacity, Function<byte[], K> firstSighting) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        slots = new AtomicReferenceArray<>(capacity);
        mask = capacity - 1;
        this.firstSighting = firstSighting;
    }

    /** The entry for a 32-byte encoding: completed if it was seen before, else its first sighting. */
    K get(byte[] publicKey) {
        int slot = slot(publicKey, seed, mask);
        K cached = slots.get(slot);
        if (cached != null && cached.encodes(publicKey)) {
            if (!cached.isComplete()) {
                cached = cached.completed();
                slots.set(slot, cached);
            }
            return cached;
        }
        K first = firstSighting.apply(publicKey);
        if (first != null) {
            slots.set(slot, first);
        }
        return first;
    }

    /**
     * A hash of all 32 bytes keyed by a random odd number chosen per cache (each 8-byte word mixed
     * in by a multiplication, the high bits folded down before the last one): a sender who does
     * not know the number cannot pick keys that land in the slot of someone else's; a key sharing
     * only some bytes with another's lands anywhere.
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
