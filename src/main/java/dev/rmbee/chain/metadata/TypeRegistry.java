package dev.rmbee.chain.metadata;

import java.util.List;
import java.util.stream.Collectors;

/** The metadata's types by id (ids are 0…n-1); every id a type refers to is checked to exist. */
public final class TypeRegistry {

    private static final int DESCRIBE_DEPTH = 4;

    private final List<PortableType> types;

    TypeRegistry(List<PortableType> types) {
        this.types = List.copyOf(types);
        for (PortableType type : this.types) {
            checkReferences(type);
        }
    }

    public int size() {
        return types.size();
    }

    public PortableType get(int id) {
        if (id < 0 || id >= types.size()) {
            throw new MetadataException("no type " + id + " (the registry has " + types.size() + ")");
        }
        return types.get(id);
    }

    public TypeDef def(int id) {
        return get(id).def();
    }

    /** A Rust-like name for messages: {@code Option<BoundedVec<u8>>}, {@code [u8; 32]}, {@code (u32, u32)}. */
    public String describe(int id) {
        return describe(id, DESCRIBE_DEPTH);
    }

    private String describe(int id, int depth) {
        if (depth == 0) {
            return "…";
        }
        PortableType type = get(id);
        if (!type.path().isEmpty()) {
            List<Integer> args = type.params().stream()
                    .map(TypeParam::type)
                    .filter(arg -> arg != null)
                    .collect(Collectors.toList());
            return args.isEmpty() ? type.name() : type.name() + "<" + describeAll(args, depth) + ">";
        }
        TypeDef def = type.def();
        if (def instanceof TypeDef.Sequence sequence) {
            return "Vec<" + describe(sequence.element(), depth - 1) + ">";
        } else if (def instanceof TypeDef.Array array) {
            return "[" + describe(array.element(), depth - 1) + "; " + array.length() + "]";
        } else if (def instanceof TypeDef.Tuple tuple) {
            return "(" + describeAll(tuple.elements(), depth) + ")";
        } else if (def instanceof TypeDef.Prim prim) {
            return prim.primitive().rustName();
        } else if (def instanceof TypeDef.Compact compact) {
            return "Compact<" + describe(compact.inner(), depth - 1) + ">";
        } else if (def instanceof TypeDef.BitSequence) {
            return "BitVec";
        }
        return def instanceof TypeDef.Composite ? "struct" : "enum";
    }

    private String describeAll(List<Integer> ids, int depth) {
        return ids.stream().map(id -> describe(id, depth - 1)).collect(Collectors.joining(", "));
    }

    private void checkReferences(PortableType type) {
        for (TypeParam param : type.params()) {
            if (param.type() != null) {
                checkId(type, param.type());
            }
        }
        TypeDef def = type.def();
        if (def instanceof TypeDef.Composite composite) {
            composite.fields().forEach(field -> checkId(type, field.type()));
        } else if (def instanceof TypeDef.Variants variants) {
            variants.variants().forEach(v -> v.fields().forEach(field -> checkId(type, field.type())));
        } else if (def instanceof TypeDef.Sequence sequence) {
            checkId(type, sequence.element());
        } else if (def instanceof TypeDef.Array array) {
            checkId(type, array.element());
        } else if (def instanceof TypeDef.Tuple tuple) {
            tuple.elements().forEach(element -> checkId(type, element));
        } else if (def instanceof TypeDef.Compact compact) {
            checkId(type, compact.inner());
        } else if (def instanceof TypeDef.BitSequence bits) {
            checkId(type, bits.store());
            checkId(type, bits.order());
        }
    }

    private void checkId(PortableType from, int id) {
        if (id < 0 || id >= types.size()) {
            throw new MetadataException("type " + from.id() + " refers to type " + id + ", which does not exist");
        }
    }
}
