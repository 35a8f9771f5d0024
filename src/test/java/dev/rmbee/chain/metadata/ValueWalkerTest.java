package dev.rmbee.chain.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.chain.scale.ScaleException;
import dev.rmbee.chain.scale.ScaleReader;
import dev.rmbee.testing.TestMetadata;
import dev.rmbee.testing.Vectors;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueWalkerTest {

    @Test
    void everyConstantOfBothRuntimesIsWalkedToItsLastByte() {
        int walked = 0;
        for (Metadata metadata : List.of(TestMetadata.spec149(), TestMetadata.spec144())) {
            for (Pallet pallet : metadata.pallets()) {
                for (Constant constant : pallet.constants()) {
                    ScaleReader reader = new ScaleReader(constant.value());
                    metadata.walker().skip(reader, constant.type());
                    assertTrue(reader.atEnd(), pallet.name() + "." + constant.name());
                    walked++;
                }
            }
        }
        assertTrue(walked > 50, walked + " constants");
    }

    @Test
    void everyDefaultStorageValueIsWalkedToItsLastByte() {
        int walked = 0;
        for (Metadata metadata : List.of(TestMetadata.spec149(), TestMetadata.spec144())) {
            for (Pallet pallet : metadata.pallets()) {
                for (StorageEntry entry : pallet.storage()) {
                    if (!entry.optional()) {
                        ScaleReader reader = new ScaleReader(entry.defaultValue());
                        metadata.walker().skip(reader, entry.valueType());
                        assertTrue(reader.atEnd(), pallet.name() + "." + entry.name());
                        walked++;
                    }
                }
            }
        }
        assertTrue(walked > 20, walked + " defaults");
    }

    @Test
    void fixedSizesAreKnownAndVariableOnesAreNot() {
        Metadata metadata = TestMetadata.spec149();
        StorageEntry twins =
                metadata.pallet("TfgridModule").storageEntry("Twins").orElseThrow();
        StorageEntry byAccount = metadata.pallet("TfgridModule")
                .storageEntry("TwinIdByAccountID")
                .orElseThrow();
        assertEquals(32, metadata.walker().fixedSize(byAccount.keyType()), "AccountId32");
        assertEquals(4, metadata.walker().fixedSize(twins.keyType()), "u32");
        assertEquals(-1, metadata.walker().fixedSize(twins.valueType()), "Twin");
    }

    @Test
    void aTwinIsWalkedExactlyAndATruncatedOneIsRefused() {
        Metadata metadata = TestMetadata.spec149();
        int twinType = metadata.pallet("TfgridModule")
                .storageEntry("Twins")
                .orElseThrow()
                .valueType();
        byte[] twin = Vectors.hex(Vectors.load("chain/polkadotjs-spec149.json")
                .getJsonArray("twinValues")
                .getJsonObject(2)
                .getString("scale"));
        ScaleReader reader = new ScaleReader(twin);
        metadata.walker().skip(reader, twinType);
        assertTrue(reader.atEnd());
        byte[] truncated = Arrays.copyOf(twin, twin.length - 1);
        assertThrows(ScaleException.class, () -> metadata.walker().skip(new ScaleReader(truncated), twinType));
    }

    @Test
    void anUnknownVariantIsRefused() {
        Metadata metadata = TestMetadata.spec149();
        int relayType = metadata.call("TfgridModule", "update_twin")
                .orElseThrow()
                .fields()
                .get(0)
                .type();
        ScaleException refused = assertThrows(
                ScaleException.class, () -> metadata.walker().skip(new ScaleReader(new byte[] {2}), relayType));
        assertTrue(refused.getMessage().contains("no variant 2"), refused.getMessage());
    }
}
