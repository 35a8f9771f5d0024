package dev.rmbee.chain.metadata;

import java.util.Locale;

/** scale-info's primitive types, in their tag order; {@link #size()} is the encoded size, -1 for {@code str}. */
public enum Primitive {
    BOOL(1),
    CHAR(4),
    STR(-1),
    U8(1),
    U16(2),
    U32(4),
    U64(8),
    U128(16),
    U256(32),
    I8(1),
    I16(2),
    I32(4),
    I64(8),
    I128(16),
    I256(32);

    private static final Primitive[] BY_TAG = values();

    private final int size;

    Primitive(int size) {
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** The Rust name: {@code u32}, {@code bool}, {@code str}. */
    public String rustName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Primitive ofTag(int tag) {
        if (tag >= BY_TAG.length) {
            throw new MetadataException("unknown primitive type tag " + tag);
        }
        return BY_TAG[tag];
    }
}
