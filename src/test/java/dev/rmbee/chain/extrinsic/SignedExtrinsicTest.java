package dev.rmbee.chain.extrinsic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.chain.hash.Hashes;
import dev.rmbee.chain.scale.ScaleException;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.SignatureVerifier;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.testing.ExtrinsicVectors;
import dev.rmbee.testing.ExtrinsicVectors.Case;
import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedExtrinsicTest {

    @Test
    void everyEd25519ExtrinsicIsRebuiltByteForByte() {
        int rebuilt = 0;
        for (Case vector : ExtrinsicVectors.all()) {
            if (vector.type() == KeyType.ED25519) {
                SignedExtrinsic built = SignedExtrinsic.sign(vector.payload(), alice(vector));
                assertArrayEquals(vector.extrinsic(), built.encode(), vector.name());
                assertHash(vector, built);
                rebuilt++;
            }
        }
        assertEquals(3 + 2, rebuilt, "three of polkadot-js, two the real runtime accepted");
    }

    @Test
    void everySr25519ExtrinsicIsEqualButForItsRandomizedSignatureAndBothSignaturesVerify() {
        int checked = 0;
        for (Case vector : ExtrinsicVectors.all()) {
            if (vector.type() == KeyType.SR25519) {
                SignedExtrinsic recorded = SignedExtrinsic.decode(vector.extrinsic());
                SignedExtrinsic built = SignedExtrinsic.sign(vector.payload(), alice(vector));
                byte[] withRecordedSignature = SignedExtrinsic.assemble(
                                built.signer(), KeyType.SR25519, recorded.signature(), vector.payload())
                        .encode();
                assertArrayEquals(vector.extrinsic(), withRecordedSignature, vector.name());
                assertNotEquals(hex(recorded.signature()), hex(built.signature()), "sr25519 signatures are randomized");
                byte[] signed = vector.payload().toSign();
                assertTrue(
                        SignatureVerifier.verifySr25519(vector.signer(), signed, recorded.signature()), vector.name());
                assertTrue(SignatureVerifier.verifySr25519(vector.signer(), signed, built.signature()), vector.name());
                assertHash(vector, SignedExtrinsic.decode(withRecordedSignature));
                checked++;
            }
        }
        assertEquals(1 + 12, checked);
    }

    @Test
    void decodingARecordedExtrinsicGivesBackItsInputs() {
        for (Case vector : ExtrinsicVectors.all()) {
            SignedExtrinsic decoded = SignedExtrinsic.decode(vector.extrinsic());
            SigningPayload payload = vector.payload();
            assertArrayEquals(vector.signer(), decoded.signer(), vector.name());
            assertEquals(vector.type(), decoded.keyType(), vector.name());
            assertEquals(payload.era(), decoded.era(), vector.name());
            assertEquals(payload.nonce(), decoded.nonce(), vector.name());
            assertEquals(payload.tip(), decoded.tip(), vector.name());
            assertArrayEquals(payload.call(), decoded.call(), vector.name());
            assertTrue(decoded.verifies(payload.chain(), payload.checkpoint()), vector.name());
            assertArrayEquals(vector.extrinsic(), decoded.encode(), vector.name());
        }
    }

    @Test
    void theExtrinsicTheRuntimeRefusedAsBadProofDoesNotVerify() {
        JsonObject runtime = Vectors.load("chain/runtime-spec144.json");
        List<JsonObject> rejected = runtime.getJsonArray("blocks").getValuesAs(JsonObject.class).stream()
                .filter(block -> block.containsKey("rejected"))
                .toList();
        assertEquals(1, rejected.size());
        assertEquals("{\"invalid\":{\"badProof\":null}}", rejected.get(0).getString("rejected"));
        SignedExtrinsic extrinsic =
                SignedExtrinsic.decode(Vectors.hex(rejected.get(0).getString("extrinsic")));
        byte[] genesis = Vectors.hex(runtime.getJsonObject("runtime").getString("genesisHash"));
        assertTrue(extrinsic.era().isImmortal());
        assertFalse(extrinsic.verifies(new ChainContext(144, 2, genesis), genesis));
    }

    @Test
    void hexIsWhatTheNodeTakes() {
        Case vector = ExtrinsicVectors.polkadotJs().get(0);
        SignedExtrinsic built = SignedExtrinsic.sign(vector.payload(), alice(vector));
        assertEquals("0x" + hex(vector.extrinsic()), built.hex());
        assertTrue(built.toString().contains("hash 0x" + hex(vector.hash())), built.toString());
        assertEquals(built, SignedExtrinsic.decode(vector.extrinsic()));
    }

    @Test
    void decodeRefusesWhatItCannotRead() {
        byte[] good = ExtrinsicVectors.polkadotJs().get(0).extrinsic();
        byte[] ecdsa = good.clone();
        ecdsa[2 + 1 + 1 + 32] = 2;
        byte[] unsigned = good.clone();
        unsigned[2] = 0x04;
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        assertThrows(ScaleException.class, () -> SignedExtrinsic.decode(ecdsa));
        assertThrows(ScaleException.class, () -> SignedExtrinsic.decode(unsigned));
        assertThrows(ScaleException.class, () -> SignedExtrinsic.decode(truncated));
    }

    private static Signer alice(Case vector) {
        Signer signer = SubstrateKeys.signer(ExtrinsicVectors.ALICE, vector.type());
        assertArrayEquals(vector.signer(), signer.publicKey(), vector.name() + ": //Alice of its key type");
        return signer;
    }

    private static void assertHash(Case vector, SignedExtrinsic extrinsic) {
        assertArrayEquals(Hashes.blake2b256(vector.extrinsic()), extrinsic.hash(), vector.name());
        if (vector.hash() != null) {
            assertArrayEquals(vector.hash(), extrinsic.hash(), vector.name());
        }
        if (vector.signature() != null && vector.type() == KeyType.ED25519) {
            assertArrayEquals(vector.signature(), extrinsic.signature(), vector.name());
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
