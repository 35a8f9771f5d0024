package dev.rmbee.chain.metadata;

import dev.rmbee.chain.scale.ScaleException;
import dev.rmbee.chain.scale.ScaleReader;
import java.util.List;

/** Reads {@code "meta" ‖ version ‖ RuntimeMetadataV14} to the last byte. */
final class MetadataParser {

    /** {@code "meta"} as a little-endian u32. */
    private static final int MAGIC = 0x6174656d;

    private static final int V14 = 14;

    private MetadataParser() {}

    static Metadata parse(byte[] bytes) {
        ScaleReader reader = new ScaleReader(bytes);
        try {
            if (bytes.length < 5 || reader.u32() != MAGIC) {
                throw new MetadataException("not runtime metadata: it must start with \"meta\"");
            }
            int version = reader.u8();
            if (version != V14) {
                throw new MetadataException("metadata version " + version + " is not supported (only V14)");
            }
            MetadataInput in = new MetadataInput(reader);
            TypeRegistry types = new TypeRegistryReader(in).read();
            PalletReader pallets = new PalletReader(in);
            List<Pallet> palletList = pallets.pallets();
            ExtrinsicInfo extrinsic = pallets.extrinsic();
            int runtimeType = in.typeId();
            reader.expectEnd("metadata V14");
            return new Metadata(types, palletList, extrinsic, runtimeType);
        } catch (ScaleException e) {
            throw new MetadataException("malformed metadata V14: " + e.getMessage(), e);
        }
    }
}
