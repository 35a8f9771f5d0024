package dev.rmbee.chain.metadata;

import java.util.List;

/** A field of a struct or enum variant: its name ({@code null} in tuple-like ones), type id and Rust type name. */
public record Field(String name, int type, String typeName, List<String> docs) {

    public Field {
        docs = List.copyOf(docs);
    }
}
