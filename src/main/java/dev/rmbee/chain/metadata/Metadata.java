package dev.rmbee.chain.metadata;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A runtime's metadata V14, as {@code state_getMetadata} returns it: the type registry, the pallets,
 * the extrinsic format, and lookups by name (pallet, call, event, error) and by index (error names).
 * Immutable and safe to share; parse it once per runtime version.
 */
public final class Metadata {

    private final TypeRegistry types;
    private final List<Pallet> pallets;
    private final ExtrinsicInfo extrinsic;
    private final int runtimeType;
    private final Map<String, Pallet> byName = new HashMap<>();
    private final Pallet[] byIndex = new Pallet[256];
    private final ValueWalker walker;

    Metadata(TypeRegistry types, List<Pallet> pallets, ExtrinsicInfo extrinsic, int runtimeType) {
        this.types = types;
        this.pallets = List.copyOf(pallets);
        this.extrinsic = extrinsic;
        this.runtimeType = runtimeType;
        for (Pallet pallet : this.pallets) {
            index(pallet);
        }
        checkTypes(extrinsic, runtimeType);
        this.walker = new ValueWalker(types);
    }

    /** Parses {@code "meta" ‖ 0x0e ‖ V14} to the last byte; anything else is a {@link MetadataException}. */
    public static Metadata parse(byte[] bytes) {
        return MetadataParser.parse(bytes);
    }

    /** Parses the hex text of a {@code state_getMetadata} answer (with or without {@code 0x}). */
    public static Metadata parseHex(String hex) {
        String digits = hex.strip();
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new MetadataException("metadata is not hex: " + e.getMessage(), e);
        }
        return parse(bytes);
    }

    public TypeRegistry types() {
        return types;
    }

    public List<Pallet> pallets() {
        return pallets;
    }

    public ExtrinsicInfo extrinsic() {
        return extrinsic;
    }

    /** The type id of the runtime itself. */
    public int runtimeType() {
        return runtimeType;
    }

    /** Walks (skips) values of any type of this metadata. */
    public ValueWalker walker() {
        return walker;
    }

    public Optional<Pallet> findPallet(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The pallet named {@code name}; a {@link MetadataException} when there is none. */
    public Pallet pallet(String name) {
        return findPallet(name).orElseThrow(() -> new MetadataException("the runtime has no pallet " + name));
    }

    /** The pallet with index {@code index} (the first byte of its calls and events). */
    public Optional<Pallet> palletAt(int index) {
        return index < 0 || index > 255 ? Optional.empty() : Optional.ofNullable(byIndex[index]);
    }

    /** The call {@code name} of pallet {@code pallet}: its index and argument fields. */
    public Optional<Variant> call(String pallet, String name) {
        return findPallet(pallet).flatMap(p -> variant(p.callType(), name));
    }

    public Optional<Variant> event(String pallet, String name) {
        return findPallet(pallet).flatMap(p -> variant(p.eventType(), name));
    }

    public Optional<Variant> error(String pallet, String name) {
        return findPallet(pallet).flatMap(p -> variant(p.errorType(), name));
    }

    /** {@code "Pallet.ErrorName"} of the error {@code errorIndex} of the pallet {@code palletIndex}. */
    public Optional<String> errorName(int palletIndex, int errorIndex) {
        return palletAt(palletIndex)
                .flatMap(pallet -> variants(pallet.errorType())
                        .map(errors -> errorIndex < 0 || errorIndex > 255 ? null : errors.byIndex(errorIndex))
                        .map(error -> pallet.name() + "." + error.name()));
    }

    /** The enum's variants of type {@code typeId}; empty when the type is not an enum or the id is -1. */
    public Optional<TypeDef.Variants> variants(int typeId) {
        if (typeId < 0) {
            return Optional.empty();
        }
        return types.def(typeId) instanceof TypeDef.Variants variants ? Optional.of(variants) : Optional.empty();
    }

    private Optional<Variant> variant(int typeId, String name) {
        return variants(typeId).flatMap(variants -> variants.byName(name));
    }

    private void index(Pallet pallet) {
        if (byName.putIfAbsent(pallet.name(), pallet) != null) {
            throw new MetadataException("two pallets named " + pallet.name());
        }
        if (byIndex[pallet.index()] != null) {
            throw new MetadataException("pallets " + byIndex[pallet.index()].name() + " and " + pallet.name()
                    + " share index " + pallet.index());
        }
        byIndex[pallet.index()] = pallet;
        for (int type : new int[] {pallet.callType(), pallet.eventType(), pallet.errorType()}) {
            if (type >= 0 && variants(type).isEmpty()) {
                throw new MetadataException("pallet " + pallet.name() + ": type " + type + " is not an enum");
            }
        }
        pallet.storage().forEach(entry -> checkStorage(pallet, entry));
        pallet.constants().forEach(constant -> types.get(constant.type()));
    }

    private void checkStorage(Pallet pallet, StorageEntry entry) {
        if (entry.isMap()) {
            types.get(entry.keyType());
        }
        types.get(entry.valueType());
    }

    private void checkTypes(ExtrinsicInfo extrinsic, int runtimeType) {
        types.get(extrinsic.type());
        types.get(runtimeType);
        for (SignedExtension extension : extrinsic.signedExtensions()) {
            types.get(extension.extraType());
            types.get(extension.additionalType());
        }
    }
}
