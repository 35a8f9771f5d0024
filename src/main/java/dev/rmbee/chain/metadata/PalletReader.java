package dev.rmbee.chain.metadata;

import java.util.List;

/** Reads the pallets and the extrinsic info of metadata V14. */
final class PalletReader {

    private static final int NONE = -1;

    private final MetadataInput in;

    PalletReader(MetadataInput in) {
        this.in = in;
    }

    List<Pallet> pallets() {
        return in.list(this::pallet);
    }

    ExtrinsicInfo extrinsic() {
        int type = in.typeId();
        int version = in.u8();
        return new ExtrinsicInfo(type, version, in.list(this::signedExtension));
    }

    private Pallet pallet() {
        String name = in.string();
        boolean hasStorage = in.option();
        String prefix = hasStorage ? in.string() : null;
        List<StorageEntry> storage = hasStorage ? in.list(this::storageEntry) : List.of();
        int callType = optionalType();
        int eventType = optionalType();
        List<Constant> constants = in.list(this::constant);
        int errorType = optionalType();
        int index = in.u8();
        return new Pallet(name, index, prefix, storage, callType, eventType, errorType, constants);
    }

    private int optionalType() {
        return in.option() ? in.typeId() : NONE;
    }

    private StorageEntry storageEntry() {
        String name = in.string();
        boolean optional = in.tag("storage modifier", 1) == 0;
        if (in.tag("storage entry type", 1) == 0) {
            int value = in.typeId();
            return new StorageEntry(
                    name, optional, List.of(), NONE, value, in.reader().byteVec(), in.strings());
        }
        List<StorageHasher> hashers = in.list(this::hasher);
        int key = in.typeId();
        int value = in.typeId();
        return new StorageEntry(name, optional, hashers, key, value, in.reader().byteVec(), in.strings());
    }

    private StorageHasher hasher() {
        return StorageHasher.ofTag(in.tag("storage hasher", StorageHasher.maxTag()));
    }

    private Constant constant() {
        String name = in.string();
        int type = in.typeId();
        byte[] value = in.reader().byteVec();
        return new Constant(name, type, value, in.strings());
    }

    private SignedExtension signedExtension() {
        String identifier = in.string();
        int extra = in.typeId();
        return new SignedExtension(identifier, extra, in.typeId());
    }
}
