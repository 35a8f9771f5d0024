package dev.rmbee.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.rmbee.identity.InvalidSignatureException;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.testing.EnvelopeVectors;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.proto.Types.Envelope;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Official signatures verify, tampered ones do not, and the Java signer's envelopes verify. */
class EnvelopeSignaturesTest {

    private static List<JsonObject> signedVectors() {
        return EnvelopeVectors.all().stream()
                .filter(v -> v.containsKey("signer"))
                .toList();
    }

    private static byte[] account(JsonObject vector) {
        return Vectors.hex(vector.getJsonObject("signer").getString("account_hex"));
    }

    private static Signer signerOf(JsonObject vector) {
        return TestTwins.signer(vector.getJsonObject("signer").getInt("twin"));
    }

    @Test
    void officialSignaturesVerify() {
        List<JsonObject> vectors = signedVectors();
        assertTrue(vectors.size() >= 12);
        for (JsonObject vector : vectors) {
            Envelope envelope = EnvelopeVectors.parse(vector);
            assertDoesNotThrow(() -> EnvelopeSignatures.verify(envelope, account(vector)), vector.getString("name"));
        }
    }

    @Test
    void tamperedEnvelopesDoNotVerify() {
        for (JsonObject vector : signedVectors()) {
            Envelope envelope = EnvelopeVectors.parse(vector);
            Envelope tampered = envelope.toBuilder()
                    .setExpiration(envelope.getExpiration() + 1)
                    .build();
            InvalidSignatureException error = assertThrows(
                    InvalidSignatureException.class,
                    () -> EnvelopeSignatures.verify(tampered, account(vector)),
                    vector.getString("name"));
            assertTrue(error.getMessage().endsWith("signature verification failed"), error.getMessage());

            byte[] flipped = envelope.getSignature().toByteArray();
            flipped[10] ^= 0x01;
            Envelope badSignature = envelope.toBuilder()
                    .setSignature(ByteString.copyFrom(flipped))
                    .build();
            assertThrows(
                    InvalidSignatureException.class, () -> EnvelopeSignatures.verify(badSignature, account(vector)));
        }
    }

    @Test
    void verificationErrorsUseTheReferenceTexts() {
        Envelope envelope = EnvelopeVectors.envelope("request_tags_schema_ed25519");
        byte[] account = account(EnvelopeVectors.vector("request_tags_schema_ed25519"));
        assertEquals(
                "message is not signed",
                assertThrows(
                                InvalidSignatureException.class,
                                () -> EnvelopeSignatures.verify(
                                        envelope.toBuilder().clearSignature().build(), account))
                        .getMessage());
        assertEquals(
                "invalid signature length, expected: 65, found: 3",
                assertThrows(
                                InvalidSignatureException.class,
                                () -> EnvelopeSignatures.verify(
                                        envelope.toBuilder()
                                                .setSignature(ByteString.copyFrom(new byte[3]))
                                                .build(),
                                        account))
                        .getMessage());
        byte[] wrongType = envelope.getSignature().toByteArray();
        wrongType[0] = 'x';
        assertEquals(
                "invalid signature type (expected either sr25519 or ed25519)",
                assertThrows(
                                InvalidSignatureException.class,
                                () -> EnvelopeSignatures.verify(
                                        envelope.toBuilder()
                                                .setSignature(ByteString.copyFrom(wrongType))
                                                .build(),
                                        account))
                        .getMessage());
    }

    @Test
    void javaSignerReSignsEveryVectorVerifiably() throws Exception {
        for (JsonObject vector : signedVectors()) {
            Signer signer = signerOf(vector);
            Envelope resigned = EnvelopeSignatures.sign(EnvelopeVectors.parse(vector).toBuilder(), signer);
            EnvelopeSignatures.verify(resigned, account(vector));
            if (signer.keyType() == KeyType.ED25519) {
                // ed25519 is deterministic: the Java signature is byte-for-byte the official one
                assertArrayEquals(
                        Vectors.hex(vector.getString("signature_hex")),
                        resigned.getSignature().toByteArray(),
                        vector.getString("name"));
            }
        }
    }

    @Test
    void signatureWithoutRelaysIsAcceptedAsFallback() throws Exception {
        JsonObject vector = EnvelopeVectors.vector("request_official_style_plain_sr25519");
        Signer alice = signerOf(vector);
        Envelope envelope = EnvelopeVectors.parse(vector);
        // a client that does not hash the deprecated relays field
        byte[] digest = EnvelopeChallenge.md5(EnvelopeChallenge.bytes(envelope, false));
        Envelope signedWithoutRelays = envelope.toBuilder()
                .setSignature(ByteString.copyFrom(alice.sign(digest)))
                .build();
        EnvelopeSignatures.verify(signedWithoutRelays, alice.publicKey());
    }
}
