package dev.rmbee.chain.metadata;

import java.util.List;
import java.util.Optional;

/**
 * A pallet of the runtime: its name and index (the first byte of its calls and events), its storage
 * (prefix and entries; a {@code null} prefix when it has none), the type ids of its call, event and
 * error enums (-1 when it has none) and its constants.
 */
public record Pallet(
        String name,
        int index,
        String storagePrefix,
        List<StorageEntry> storage,
        int callType,
        int eventType,
        int errorType,
        List<Constant> constants) {

    public Pallet {
        storage = List.copyOf(storage);
        constants = List.copyOf(constants);
    }

    public Optional<StorageEntry> storageEntry(String entryName) {
        return storage.stream().filter(entry -> entry.name().equals(entryName)).findFirst();
    }

    public Optional<Constant> constant(String constantName) {
        return constants.stream().filter(c -> c.name().equals(constantName)).findFirst();
    }
}
