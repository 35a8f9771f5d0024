package dev.rmbee.chain.metadata;

/** How a storage map hashes its key, in the metadata's tag order. */
public enum StorageHasher {
    BLAKE2_128,
    BLAKE2_256,
    BLAKE2_128_CONCAT,
    TWOX_128,
    TWOX_256,
    TWOX_64_CONCAT,
    IDENTITY;

    private static final StorageHasher[] BY_TAG = values();

    static StorageHasher ofTag(int tag) {
        return BY_TAG[tag];
    }

    static int maxTag() {
        return BY_TAG.length - 1;
    }
}
