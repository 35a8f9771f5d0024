package dev.rmbee.chain.metadata;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The shape of a registry type: scale-info's {@code TypeDef}, one record per kind. */
public sealed interface TypeDef {

    /** A struct: fields in encoding order (named, or unnamed for a tuple struct). */
    record Composite(List<Field> fields) implements TypeDef {
        public Composite {
            fields = List.copyOf(fields);
        }
    }

    /** An enum: one index byte, then the fields of that variant. */
    final class Variants implements TypeDef {
        private final List<Variant> variants;
        private final Variant[] byIndex = new Variant[256];
        private final Map<String, Variant> byName = new HashMap<>();

        public Variants(List<Variant> variants) {
            this.variants = List.copyOf(variants);
            for (Variant variant : this.variants) {
                if (byIndex[variant.index()] != null) {
                    throw new MetadataException("two variants with index " + variant.index());
                }
                byIndex[variant.index()] = variant;
                byName.putIfAbsent(variant.name(), variant);
            }
        }

        public List<Variant> variants() {
            return variants;
        }

        /** The variant encoded as {@code index} (0–255), or {@code null}. */
        public Variant byIndex(int index) {
            return byIndex[index];
        }

        public Optional<Variant> byName(String name) {
            return Optional.ofNullable(byName.get(name));
        }
    }

    /** {@code Vec<T>}: compact length, then the items. */
    record Sequence(int element) implements TypeDef {}

    /** {@code [T; length]}: the items, no length. */
    record Array(int length, int element) implements TypeDef {}

    /** {@code (A, B, …)}: the items in order; {@code ()} when empty. */
    record Tuple(List<Integer> elements) implements TypeDef {
        public Tuple {
            elements = List.copyOf(elements);
        }
    }

    /** A primitive: integers, bool, char, str. */
    record Prim(Primitive primitive) implements TypeDef {}

    /** {@code Compact<T>}: T in the compact integer encoding. */
    record Compact(int inner) implements TypeDef {}

    /** {@code BitVec<Store, Order>}: compact bit count, then the store words. */
    record BitSequence(int store, int order) implements TypeDef {}
}
