package dev.rmbee.chain.metadata;

import java.util.List;

/** A pallet constant: its type and SCALE value. */
public record Constant(String name, int type, byte[] value, List<String> docs) {

    public Constant {
        value = value.clone();
        docs = List.copyOf(docs);
    }

    @Override
    public byte[] value() {
        return value.clone();
    }
}
