package dev.rmbee.chain.metadata;

import java.util.List;

/** One type of the registry: id, Rust path ({@code sp_core::crypto::AccountId32}), generic params, shape, docs. */
public record PortableType(int id, List<String> path, List<TypeParam> params, TypeDef def, List<String> docs) {

    public PortableType {
        path = List.copyOf(path);
        params = List.copyOf(params);
        docs = List.copyOf(docs);
    }

    /** The last path segment ({@code AccountId32}), or empty for an unnamed type. */
    public String name() {
        return path.isEmpty() ? "" : path.get(path.size() - 1);
    }
}
