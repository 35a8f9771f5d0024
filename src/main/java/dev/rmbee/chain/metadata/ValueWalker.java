package dev.rmbee.chain.metadata;

import dev.rmbee.chain.scale.ScaleException;
import dev.rmbee.chain.scale.ScaleReader;
import java.util.Arrays;

/**
 * Walks over a SCALE value of any registry type without building it: what lets an event decoder step
 * over the events it does not know. Types of a fixed encoded size (accounts, hashes, integers and
 * structs of them) are skipped in one step; their sizes are computed once, when the walker is made.
 * Enums are always walked, so that a variant index the type does not have is refused.
 */
public final class ValueWalker {

    /** Deeper values than this are refused rather than risking the stack. */
    static final int MAX_DEPTH = 256;

    private static final int VARIABLE = -1;
    private static final int UNKNOWN = -2;
    private static final int IN_PROGRESS = -3;

    private final TypeRegistry types;
    private final int[] fixedSizes;

    ValueWalker(TypeRegistry types) {
        this.types = types;
        this.fixedSizes = new int[types.size()];
        Arrays.fill(fixedSizes, UNKNOWN);
        for (int id = 0; id < fixedSizes.length; id++) {
            fixedSize(id);
        }
    }

    /** The encoded size of every value of type {@code typeId}, or -1 when it varies. */
    public int fixedSize(int typeId) {
        int known = fixedSizes[typeId];
        if (known >= VARIABLE) {
            return known;
        }
        if (known == IN_PROGRESS) {
            return VARIABLE;
        }
        fixedSizes[typeId] = IN_PROGRESS;
        int size = computeSize(types.def(typeId));
        fixedSizes[typeId] = size;
        return size;
    }

    /** Moves {@code reader} past one value of type {@code typeId}; a {@link ScaleException} if it is not one. */
    public void skip(ScaleReader reader, int typeId) {
        skip(reader, typeId, 0);
    }

    private void skip(ScaleReader reader, int typeId, int depth) {
        int fixed = fixedSizes[typeId];
        if (fixed >= 0) {
            reader.skip(fixed);
            return;
        }
        if (depth >= MAX_DEPTH) {
            throw new ScaleException("value nested deeper than " + MAX_DEPTH + " at " + reader.position());
        }
        TypeDef def = types.def(typeId);
        if (def instanceof TypeDef.Composite composite) {
            for (Field field : composite.fields()) {
                skip(reader, field.type(), depth + 1);
            }
        } else if (def instanceof TypeDef.Variants variants) {
            skipVariant(reader, variants, typeId, depth);
        } else if (def instanceof TypeDef.Sequence sequence) {
            skipItems(reader, reader.compactLong(), sequence.element(), depth);
        } else if (def instanceof TypeDef.Array array) {
            skipItems(reader, array.length(), array.element(), depth);
        } else if (def instanceof TypeDef.Tuple tuple) {
            for (int element : tuple.elements()) {
                skip(reader, element, depth + 1);
            }
        } else if (def instanceof TypeDef.Prim) {
            reader.skip(reader.compactLength());
        } else if (def instanceof TypeDef.Compact) {
            skipCompact(reader);
        } else if (def instanceof TypeDef.BitSequence bits) {
            skipBits(reader, bits);
        }
    }

    private void skipVariant(ScaleReader reader, TypeDef.Variants variants, int typeId, int depth) {
        int index = reader.u8();
        Variant variant = variants.byIndex(index);
        if (variant == null) {
            throw new ScaleException("no variant " + index + " in " + types.describe(typeId) + " (type " + typeId
                    + ") at " + (reader.position() - 1));
        }
        for (Field field : variant.fields()) {
            skip(reader, field.type(), depth + 1);
        }
    }

    private void skipItems(ScaleReader reader, long count, int element, int depth) {
        int fixed = fixedSizes[element];
        if (fixed >= 0) {
            long total = count * fixed;
            if (count > reader.remaining() || total > reader.remaining()) {
                throw new ScaleException(count + " items at " + reader.position() + " exceed the bytes left");
            }
            reader.skip((int) total);
            return;
        }
        if (count > reader.remaining()) {
            throw new ScaleException(count + " items at " + reader.position() + " exceed the bytes left");
        }
        for (long i = 0; i < count; i++) {
            skip(reader, element, depth + 1);
        }
    }

    private static void skipCompact(ScaleReader reader) {
        int first = reader.u8();
        switch (first & 3) {
            case 0:
                return;
            case 1:
                reader.skip(1);
                return;
            case 2:
                reader.skip(3);
                return;
            default:
                reader.skip((first >>> 2) + 4);
        }
    }

    private void skipBits(ScaleReader reader, TypeDef.BitSequence bits) {
        long bitCount = reader.compactLong();
        int storeBits = fixedSize(bits.store()) * 8;
        if (storeBits <= 0) {
            throw new ScaleException("bit sequence store type " + types.describe(bits.store()) + " has no fixed size");
        }
        long words = (bitCount + storeBits - 1) / storeBits;
        skipItems(reader, words, bits.store(), 0);
    }

    private int computeSize(TypeDef def) {
        if (def instanceof TypeDef.Composite composite) {
            return sum(composite.fields().stream().mapToInt(Field::type).toArray());
        } else if (def instanceof TypeDef.Tuple tuple) {
            return sum(tuple.elements().stream().mapToInt(Integer::intValue).toArray());
        } else if (def instanceof TypeDef.Array array) {
            int element = fixedSize(array.element());
            long total = (long) element * array.length();
            return element < 0 || total > Integer.MAX_VALUE ? VARIABLE : (int) total;
        } else if (def instanceof TypeDef.Prim prim) {
            return prim.primitive().size();
        }
        return VARIABLE;
    }

    private int sum(int[] typeIds) {
        long total = 0;
        for (int id : typeIds) {
            int size = fixedSize(id);
            if (size < 0) {
                return VARIABLE;
            }
            total += size;
        }
        return total > Integer.MAX_VALUE ? VARIABLE : (int) total;
    }
}
