package dev.rmbee.chain.metadata;

import dev.rmbee.chain.scale.ScaleReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The metadata's building blocks over a {@link ScaleReader}: strings, type ids, options and vectors. */
final class MetadataInput {

    private final ScaleReader reader;

    MetadataInput(ScaleReader reader) {
        this.reader = reader;
    }

    ScaleReader reader() {
        return reader;
    }

    int u8() {
        return reader.u8();
    }

    String string() {
        return new String(reader.byteVec(), StandardCharsets.UTF_8);
    }

    List<String> strings() {
        return list(this::string);
    }

    /** A {@code Compact<u32>} type id. */
    int typeId() {
        long id = reader.compactLong();
        if (id > Integer.MAX_VALUE) {
            throw new MetadataException("type id " + id + " out of range at " + reader.position());
        }
        return (int) id;
    }

    /** A count of items that each take at least one byte: at most the bytes left. */
    int count() {
        return reader.compactLength();
    }

    boolean option() {
        int at = reader.position();
        int tag = reader.u8();
        if (tag > 1) {
            throw new MetadataException("option tag " + tag + " at " + at);
        }
        return tag == 1;
    }

    <T> T optional(Supplier<T> item) {
        return option() ? item.get() : null;
    }

    <T> List<T> list(Supplier<T> item) {
        int count = count();
        List<T> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(item.get());
        }
        return items;
    }

    /** Fails with the tag, what it was read as and where, for an enum tag outside {@code 0..max}. */
    int tag(String what, int max) {
        int at = reader.position();
        int tag = reader.u8();
        if (tag > max) {
            throw new MetadataException("unknown " + what + " tag " + tag + " at byte " + at);
        }
        return tag;
    }
}
