package dev.rmbee.chain.metadata;

import java.util.List;

/** One variant of an enum: name, fields and the index byte that encodes it. */
public record Variant(String name, List<Field> fields, int index, List<String> docs) {

    public Variant {
        fields = List.copyOf(fields);
        docs = List.copyOf(docs);
    }
}
