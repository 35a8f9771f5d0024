package dev.rmbee.chain.metadata;

import java.util.List;

/**
 * A storage item of a pallet. A plain value has no hashers and a {@code keyType} of -1; a map has one
 * hasher per key part. {@code optional} is the {@code OptionQuery} modifier (absent when unset) as
 * opposed to {@code ValueQuery} (the default value when unset).
 */
public record StorageEntry(
        String name,
        boolean optional,
        List<StorageHasher> hashers,
        int keyType,
        int valueType,
        byte[] defaultValue,
        List<String> docs) {

    public StorageEntry {
        hashers = List.copyOf(hashers);
        defaultValue = defaultValue.clone();
        docs = List.copyOf(docs);
    }

    public boolean isMap() {
        return keyType >= 0;
    }

    @Override
    public byte[] defaultValue() {
        return defaultValue.clone();
    }
}
