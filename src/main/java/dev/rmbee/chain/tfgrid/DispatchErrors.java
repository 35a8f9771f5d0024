package dev.rmbee.chain.tfgrid;

import dev.rmbee.chain.metadata.Metadata;
import dev.rmbee.chain.metadata.TypeDef;
import dev.rmbee.chain.metadata.Variant;
import dev.rmbee.chain.scale.ScaleException;
import dev.rmbee.chain.scale.ScaleReader;
import java.util.Optional;

/**
 * Names a {@code DispatchError}: a module error as {@code "Pallet.ErrorName"} through the metadata
 * (the error index is the first of its 4 bytes), any other variant by its name, with the name of its
 * one enum field when it has one ({@code "Token(FundsUnavailable)"}).
 */
final class DispatchErrors {

    private DispatchErrors() {}

    static String name(ScaleReader reader, Metadata metadata, int type, TfgridShapes shapes) {
        Variant variant = variant(reader, metadata, type);
        if (variant.index() == shapes.dispatchErrorModule()) {
            int pallet = reader.u8();
            byte[] error = reader.bytes(4);
            int index = error[0] & 0xff;
            return metadata.errorName(pallet, index).orElse("Module(" + pallet + ", " + index + ")");
        }
        if (variant.fields().size() == 1) {
            int fieldType = variant.fields().get(0).type();
            if (metadata.variants(fieldType).isPresent()) {
                Variant inner = variant(reader, metadata, fieldType);
                skipFields(reader, metadata, inner);
                return variant.name() + "(" + inner.name() + ")";
            }
        }
        skipFields(reader, metadata, variant);
        return variant.name();
    }

    private static Variant variant(ScaleReader reader, Metadata metadata, int type) {
        Optional<TypeDef.Variants> variants = metadata.variants(type);
        int index = reader.u8();
        Variant variant = variants.map(v -> v.byIndex(index)).orElse(null);
        if (variant == null) {
            throw new ScaleException("no variant " + index + " in "
                    + metadata.types().describe(type) + " at byte " + (reader.position() - 1));
        }
        return variant;
    }

    private static void skipFields(ScaleReader reader, Metadata metadata, Variant variant) {
        variant.fields().forEach(field -> metadata.walker().skip(reader, field.type()));
    }
}
