package dev.rmbee.chain.tfgrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.chain.metadata.Metadata;
import dev.rmbee.chain.metadata.TypeDef;
import dev.rmbee.chain.scale.ScaleWriter;
import dev.rmbee.testing.TestMetadata;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TfgridShapesTest {

    private static final List<String> EXTENSIONS = List.of(
            "CheckNonZeroSender",
            "CheckSpecVersion",
            "CheckTxVersion",
            "CheckGenesis",
            "CheckMortality",
            "CheckNonce",
            "CheckWeight",
            "ChargeTransactionPayment");

    @Test
    void bothRuntimesResolve() {
        for (Metadata metadata : List.of(TestMetadata.spec149(), TestMetadata.spec144())) {
            TfgridShapes shapes = TfgridShapes.resolve(metadata);
            assertEquals(25, shapes.tfgridPallet());
            assertEquals(18, shapes.updateTwinCall());
            assertEquals(11, shapes.twinStoredEvent());
            assertEquals(12, shapes.twinUpdatedEvent());
            assertEquals(15, shapes.twinDeletedEvent());
            assertEquals(0, shapes.systemPallet());
            assertEquals(0, shapes.extrinsicSuccessEvent());
            assertEquals(1, shapes.extrinsicFailedEvent());
            assertEquals(
                    List.of(0, 1, 2),
                    List.of(shapes.phaseApplyExtrinsic(), shapes.phaseFinalization(), shapes.phaseInitialization()));
            assertEquals(3, shapes.dispatchErrorModule());
            assertEquals(EXTENSIONS, shapes.signedExtensions());
        }
    }

    @Test
    void aRenamedTwinFieldIsRefusedByName() {
        byte[] bytes = replaceAll(TestMetadata.spec149Bytes(), "account_id", "accountXid");
        String message = refusal(bytes);
        assertTrue(message.contains("TfgridModule.TwinUpdated.0: expected a struct {id, account_id"), message);
        assertTrue(message.contains("accountXid"), message);
        assertTrue(message.contains("storage TfgridModule.Twins value"), message);
    }

    @Test
    void aChangedFieldTypeIsRefusedWithWhereAndWhat() {
        byte[] bytes = TestMetadata.spec149Bytes();
        int u64 = primitiveId(TestMetadata.spec149(), "u64");
        int at = indexOf(bytes, fieldOf("id", 4, "u32"), indexOf(bytes, ascii("\u0010Twin"), 0));
        bytes[at + 4] = new ScaleWriter().compact(u64).toByteArray()[0];
        String message = refusal(bytes);
        assertTrue(message.contains("TfgridModule.TwinStored.0.id: expected u32, found u64"), message);
    }

    @Test
    void aMissingCallIsRefused() {
        String message = refusal(replaceAll(TestMetadata.spec144Bytes(), "update_twin", "update_twix"));
        assertTrue(message.contains("call TfgridModule.update_twin is missing"), message);
    }

    @Test
    void aChangedSignedExtensionIsRefused() {
        String message = refusal(replaceAll(TestMetadata.spec149Bytes(), "CheckWeight", "CheckWeighX"));
        assertTrue(message.contains("signed extensions: expected [CheckNonZeroSender"), message);
        assertTrue(message.contains("CheckWeighX"), message);
    }

    @Test
    void aMissingPalletIsRefused() {
        String message = refusal(replaceAll(TestMetadata.spec149Bytes(), "TfgridModule", "TfgridModulX"));
        assertTrue(message.contains("pallet TfgridModule is missing"), message);
    }

    private static String refusal(byte[] metadata) {
        Metadata tampered = Metadata.parse(metadata);
        return assertThrows(UnsupportedChainException.class, () -> TfgridShapes.resolve(tampered))
                .getMessage();
    }

    private static int primitiveId(Metadata metadata, String name) {
        for (int id = 0; id < metadata.types().size(); id++) {
            if (metadata.types().def(id) instanceof TypeDef.Prim
                    && metadata.types().describe(id).equals(name)) {
                return id;
            }
        }
        throw new AssertionError("no " + name);
    }

    /** A named field's SCALE in the registry: Some(name), its type id, Some(type name), no docs. */
    private static byte[] fieldOf(String name, int type, String typeName) {
        return new ScaleWriter()
                .u8(1)
                .byteVec(ascii(name))
                .compact(type)
                .u8(1)
                .byteVec(ascii(typeName))
                .compact(0)
                .toByteArray();
    }

    /** Replaces every occurrence of a string by one of the same length (lengths in the SCALE stay right). */
    private static byte[] replaceAll(byte[] bytes, String from, String to) {
        byte[] needle = ascii(from);
        byte[] replacement = ascii(to);
        int count = 0;
        for (int at = indexOf(bytes, needle, 0); at >= 0; at = indexOf(bytes, needle, at + 1)) {
            System.arraycopy(replacement, 0, bytes, at, replacement.length);
            count++;
        }
        assertTrue(count > 0, from);
        return bytes;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
