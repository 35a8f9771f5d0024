package dev.rmbee.identity.sr25519;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The recently seen ed25519 public keys ({@link EdwardsKey}): direct-mapped and lock-free like
 * sr25519's {@link PreparedKeyCache}, with the same keyed slot hash. A key's first sighting only
 * records it; its second examines it and builds its tables (about the cost of one verification,
 * once), so a crowd of keys seen once costs what BouncyCastle's verification costs.
 */
final class EdwardsKeyCache {

    private final AtomicReferenceArray<EdwardsKey> slots;
    private final int mask;
    private final long seed = new SecureRandom().nextLong() | 1;

    /** @param capacity the number of slots, a power of two */
    EdwardsKeyCache(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        slots = new AtomicReferenceArray<>(capacity);
        mask = capacity - 1;
    }

    /** The key for a 32-byte encoding: examined if it was seen before, else just recorded. */
    EdwardsKey get(byte[] publicKey) {
        int slot = PreparedKeyCache.slot(publicKey, seed, mask);
        EdwardsKey cached = slots.get(slot);
        if (cached != null && cached.encodes(publicKey)) {
            if (!cached.isExamined()) {
                cached = cached.examined();
                slots.set(slot, cached);
            }
            return cached;
        }
        EdwardsKey seen = EdwardsKey.seen(publicKey);
        slots.set(slot, seen);
        return seen;
    }
}
