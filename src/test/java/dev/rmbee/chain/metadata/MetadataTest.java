package dev.rmbee.chain.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.chain.scale.ScaleWriter;
import dev.rmbee.testing.TestMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetadataTest {

    @Test
    void bothBlobsParseToTheLastByte() {
        Metadata spec149 = TestMetadata.spec149();
        Metadata spec144 = TestMetadata.spec144();
        assertEquals(303, spec149.types().size());
        assertEquals(302, spec144.types().size());
        assertEquals(23, spec149.pallets().size());
        assertEquals(23, spec144.pallets().size());
        assertEquals(4, spec149.extrinsic().version());
        assertEquals(8, spec144.extrinsic().signedExtensions().size());
    }

    @Test
    void palletsCallsAndEventsResolveByName() {
        for (Metadata metadata : List.of(TestMetadata.spec149(), TestMetadata.spec144())) {
            Pallet tfgrid = metadata.pallet("TfgridModule");
            assertEquals(25, tfgrid.index());
            assertEquals("TfgridModule", tfgrid.storagePrefix());
            assertEquals(Optional.of(tfgrid), metadata.palletAt(25));
            assertEquals(0, metadata.pallet("System").index());
            Variant updateTwin = metadata.call("TfgridModule", "update_twin").orElseThrow();
            assertEquals(18, updateTwin.index());
            assertEquals(
                    List.of("relay", "pk"),
                    updateTwin.fields().stream().map(Field::name).collect(Collectors.toList()));
            assertEquals(
                    11,
                    metadata.event("TfgridModule", "TwinStored").orElseThrow().index());
            assertEquals(
                    12,
                    metadata.event("TfgridModule", "TwinUpdated").orElseThrow().index());
            assertEquals(
                    15,
                    metadata.event("TfgridModule", "TwinDeleted").orElseThrow().index());
            assertEquals(
                    1, metadata.event("System", "ExtrinsicFailed").orElseThrow().index());
            assertEquals(Optional.empty(), metadata.event("TfgridModule", "NoSuchEvent"));
            assertEquals(Optional.empty(), metadata.findPallet("NoSuchPallet"));
        }
    }

    @Test
    void errorIndicesDifferBetweenTheSpecs() {
        Metadata spec149 = TestMetadata.spec149();
        Metadata spec144 = TestMetadata.spec144();
        assertEquals(
                113,
                spec149.error("TfgridModule", "InvalidRelayAddress")
                        .orElseThrow()
                        .index());
        assertEquals(
                112,
                spec144.error("TfgridModule", "InvalidRelayAddress")
                        .orElseThrow()
                        .index());
        assertEquals(Optional.of("TfgridModule.InvalidRelayAddress"), spec149.errorName(25, 113));
        assertEquals(Optional.of("TfgridModule.InvalidRelayAddress"), spec144.errorName(25, 112));
        assertEquals(Optional.empty(), spec144.errorName(25, 250));
        assertEquals(Optional.empty(), spec144.errorName(200, 0));
    }

    @Test
    void storageEntriesCarryHashersAndTypes() {
        Pallet tfgrid = TestMetadata.spec149().pallet("TfgridModule");
        StorageEntry twins = tfgrid.storageEntry("Twins").orElseThrow();
        assertEquals(List.of(StorageHasher.BLAKE2_128_CONCAT), twins.hashers());
        assertTrue(twins.optional());
        assertEquals("u32", TestMetadata.spec149().types().describe(twins.keyType()));
        assertEquals("Twin<AccountId32>", TestMetadata.spec149().types().describe(twins.valueType()));
        StorageEntry twinId = tfgrid.storageEntry("TwinID").orElseThrow();
        assertTrue(!twinId.isMap() && twinId.hashers().isEmpty());
    }

    @Test
    void refusesAnotherVersion() {
        byte[] bytes = TestMetadata.spec149Bytes();
        bytes[4] = 13;
        MetadataException refused = assertThrows(MetadataException.class, () -> Metadata.parse(bytes));
        assertTrue(refused.getMessage().contains("version 13"), refused.getMessage());
    }

    @Test
    void refusesWhatIsNotMetadata() {
        byte[] bytes = TestMetadata.spec149Bytes();
        bytes[0] = 'M';
        assertThrows(MetadataException.class, () -> Metadata.parse(bytes));
        assertThrows(MetadataException.class, () -> Metadata.parse(new byte[0]));
        assertThrows(MetadataException.class, () -> Metadata.parseHex("0xnothex"));
    }

    @Test
    void refusesATruncatedOrLongerBlob() {
        byte[] bytes = TestMetadata.spec149Bytes();
        MetadataException truncated =
                assertThrows(MetadataException.class, () -> Metadata.parse(Arrays.copyOf(bytes, bytes.length - 1)));
        assertTrue(truncated.getMessage().startsWith("malformed metadata V14"), truncated.getMessage());
        MetadataException longer =
                assertThrows(MetadataException.class, () -> Metadata.parse(Arrays.copyOf(bytes, bytes.length + 1)));
        assertTrue(longer.getMessage().contains("left over"), longer.getMessage());
    }

    @Test
    void aSmallBuiltMetadataParses() {
        Metadata metadata = Metadata.parse(tiny(new ScaleWriter().u8(5).u8(3)));
        assertEquals(1, metadata.types().size());
        assertEquals("u8", metadata.types().describe(0));
        assertEquals(1, metadata.walker().fixedSize(0));
    }

    @Test
    void refusesUnknownTags() {
        MetadataException definition =
                assertThrows(MetadataException.class, () -> Metadata.parse(tiny(new ScaleWriter().u8(8))));
        assertTrue(definition.getMessage().contains("unknown type definition tag 8"), definition.getMessage());
        MetadataException primitive = assertThrows(
                MetadataException.class,
                () -> Metadata.parse(tiny(new ScaleWriter().u8(5).u8(15))));
        assertTrue(primitive.getMessage().contains("primitive"), primitive.getMessage());
    }

    @Test
    void refusesAReferenceToAMissingType() {
        MetadataException missing = assertThrows(
                MetadataException.class,
                () -> Metadata.parse(tiny(new ScaleWriter().u8(2).compact(7))));
        assertTrue(missing.getMessage().contains("refers to type 7"), missing.getMessage());
    }

    /** Metadata V14 with one type (of definition {@code def}), no pallets, extrinsic v4 without extensions. */
    static byte[] tiny(ScaleWriter def) {
        ScaleWriter out = new ScaleWriter()
                .bytes("meta".getBytes(StandardCharsets.US_ASCII))
                .u8(14);
        out.compact(1).compact(0).compact(0).compact(0).bytes(def.toByteArray()).compact(0);
        out.compact(0); // pallets
        out.compact(0).u8(4).compact(0); // extrinsic: type 0, version 4, no signed extensions
        return out.compact(0).toByteArray(); // runtime type
    }
}
