package dev.rmbee.chain.tfgrid;

import dev.rmbee.chain.metadata.Field;
import dev.rmbee.chain.metadata.Metadata;
import dev.rmbee.chain.metadata.Pallet;
import dev.rmbee.chain.metadata.StorageEntry;
import dev.rmbee.chain.metadata.StorageHasher;
import dev.rmbee.chain.metadata.TypeDef;
import dev.rmbee.chain.metadata.TypeRegistry;
import dev.rmbee.chain.metadata.ValueWalker;
import dev.rmbee.chain.metadata.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a metadata against expected names and shapes, collecting every difference; {@link #finish()}
 * throws one {@link UnsupportedChainException} naming all of them. A missing item gives index -1.
 */
final class ShapeCheck {

    private static final int UNWRAP_DEPTH = 8;

    private final Metadata metadata;
    private final List<String> problems = new ArrayList<>();

    ShapeCheck(Metadata metadata) {
        this.metadata = metadata;
    }

    Metadata metadata() {
        return metadata;
    }

    TypeRegistry types() {
        return metadata.types();
    }

    ValueWalker walker() {
        return metadata.walker();
    }

    void problem(String problem) {
        problems.add(problem);
    }

    void missing(String what) {
        problem(what + " is missing");
    }

    void differs(String where, String expected, int id) {
        differs(where, expected, id, types().describe(id));
    }

    void differs(String where, String expected, int id, String found) {
        problem(where + ": expected " + expected + ", found " + found + " (type " + id + ")");
    }

    /** The type inside single-field structs ({@code AccountId32([u8; 32])}, {@code BoundedVec(Vec<u8>)}). */
    int unwrap(int id) {
        int current = id;
        for (int i = 0; i < UNWRAP_DEPTH; i++) {
            if (types().def(current) instanceof TypeDef.Composite composite
                    && composite.fields().size() == 1) {
                current = composite.fields().get(0).type();
            } else {
                return current;
            }
        }
        return current;
    }

    Optional<TypeDef.Variants> variants(int id) {
        return metadata.variants(id);
    }

    Optional<Pallet> pallet(String name) {
        Optional<Pallet> pallet = metadata.findPallet(name);
        if (pallet.isEmpty()) {
            missing("pallet " + name);
        }
        return pallet;
    }

    /** The index of event {@code name} of {@code pallet}, whose fields have these shapes; -1 when missing. */
    int event(Optional<Pallet> pallet, String name, Shape... fields) {
        return variant(pallet, pallet.map(Pallet::eventType), name, "event", fields);
    }

    int call(Optional<Pallet> pallet, String name, Shape... fields) {
        return variant(pallet, pallet.map(Pallet::callType), name, "call", fields);
    }

    /** Checks a storage item: hashers (none for a plain value), key (null for a plain value) and value. */
    void storage(Optional<Pallet> pallet, String name, List<StorageHasher> hashers, Shape key, Shape value) {
        if (pallet.isEmpty()) {
            return;
        }
        String where = "storage " + pallet.get().name() + "." + name;
        Optional<StorageEntry> entry = pallet.get().storageEntry(name);
        if (entry.isEmpty()) {
            missing(where);
            return;
        }
        if (!entry.get().hashers().equals(hashers)) {
            problem(where + ": expected hashers " + hashers + ", found "
                    + entry.get().hashers());
        }
        if (key != null && entry.get().isMap()) {
            key.check(this, entry.get().keyType(), where + " key");
        } else if (key != null || entry.get().isMap()) {
            problem(where + ": expected "
                    + (key == null ? "a plain value, found a map" : "a map, found a plain value"));
        }
        value.check(this, entry.get().valueType(), where + " value");
    }

    /** Fails with every difference found, if any. */
    void finish() {
        if (!problems.isEmpty()) {
            throw new UnsupportedChainException(
                    "the chain's metadata differs from what RMB reads and writes: " + String.join("; ", problems));
        }
    }

    private int variant(Optional<Pallet> pallet, Optional<Integer> type, String name, String kind, Shape[] fields) {
        if (pallet.isEmpty()) {
            return -1;
        }
        String where = pallet.get().name() + "." + name;
        Optional<Variant> found = type.flatMap(metadata::variants).flatMap(v -> v.byName(name));
        if (found.isEmpty()) {
            missing(kind + " " + where);
            return -1;
        }
        List<Field> actual = found.get().fields();
        if (actual.size() != fields.length) {
            problem(where + ": expected " + fields.length + " fields, found " + actual.size());
            return found.get().index();
        }
        for (int i = 0; i < fields.length; i++) {
            String field = actual.get(i).name() == null
                    ? String.valueOf(i)
                    : actual.get(i).name();
            if (fields[i] instanceof Shape.Named named
                    && !named.name().equals(actual.get(i).name())) {
                problem(where + ": expected field " + i + " named " + named.name() + ", found " + field);
            }
            fields[i].check(this, actual.get(i).type(), where + "." + field);
        }
        return found.get().index();
    }
}
