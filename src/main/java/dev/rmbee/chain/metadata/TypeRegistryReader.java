package dev.rmbee.chain.metadata;

import java.util.ArrayList;
import java.util.List;

/** Reads the portable type registry: {@code Vec<(Compact<u32> id, Type)>}, ids in order from 0. */
final class TypeRegistryReader {

    private final MetadataInput in;

    TypeRegistryReader(MetadataInput in) {
        this.in = in;
    }

    TypeRegistry read() {
        int count = in.count();
        List<PortableType> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int id = in.typeId();
            if (id != i) {
                throw new MetadataException("type ids must be 0, 1, 2…: found " + id + " at position " + i);
            }
            types.add(type(id));
        }
        return new TypeRegistry(types);
    }

    private PortableType type(int id) {
        List<String> path = in.strings();
        List<TypeParam> params = in.list(this::param);
        TypeDef def = def();
        return new PortableType(id, path, params, def, in.strings());
    }

    private TypeParam param() {
        String name = in.string();
        return new TypeParam(name, in.optional(in::typeId));
    }

    private TypeDef def() {
        switch (in.tag("type definition", 7)) {
            case 0:
                return new TypeDef.Composite(fields());
            case 1:
                return new TypeDef.Variants(in.list(this::variant));
            case 2:
                return new TypeDef.Sequence(in.typeId());
            case 3:
                return array();
            case 4:
                return new TypeDef.Tuple(in.list(in::typeId));
            case 5:
                return new TypeDef.Prim(Primitive.ofTag(in.tag("primitive", Primitive.values().length - 1)));
            case 6:
                return new TypeDef.Compact(in.typeId());
            default:
                return new TypeDef.BitSequence(in.typeId(), in.typeId());
        }
    }

    private TypeDef array() {
        long length = Integer.toUnsignedLong(in.reader().u32());
        if (length > Integer.MAX_VALUE) {
            throw new MetadataException("array length " + length + " out of range");
        }
        return new TypeDef.Array((int) length, in.typeId());
    }

    private List<Field> fields() {
        return in.list(this::field);
    }

    private Field field() {
        String name = in.optional(in::string);
        int type = in.typeId();
        String typeName = in.optional(in::string);
        return new Field(name, type, typeName, in.strings());
    }

    private Variant variant() {
        String name = in.string();
        List<Field> fields = fields();
        int index = in.u8();
        return new Variant(name, fields, index, in.strings());
    }
}
