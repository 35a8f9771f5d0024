package dev.rmbee.identity;

import static dev.rmbee.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

    private static final byte[] MESSAGE = "rmb interop".getBytes(StandardCharsets.UTF_8);

    @Test
    void rawSignaturesOfKeysJson() {
        int count = 0;
        for (JsonValue v : Vectors.load("keys.json").getJsonArray("raw_signatures")) {
            JsonObject r = v.asJsonObject();
            byte[] account = hex(r.getString("public_key_hex"));
            byte[] message = r.getString("message_utf8").getBytes(StandardCharsets.UTF_8);
            byte[] signature = hex(r.getString("signature_hex"));
            KeyType type = KeyType.parse(r.getString("key_type"));
            assertTrue(r.getBoolean("verifies"));
            assertEquals(type.prefix(), signature[0]);
            assertDoesNotThrow(() -> SignatureVerifier.verify(account, message, signature));
            assertTrue(SignatureVerifier.isValid(account, message, signature));

            String failure =
                    type == KeyType.SR25519 ? SignatureVerifier.SR25519_FAILED : SignatureVerifier.ED25519_FAILED;
            for (int bit : new int[] {8, 8 * 32 + 3, 8 * 64 + 7}) { // in R, in s, last byte
                byte[] flipped = signature.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                assertEquals(
                        failure,
                        assertThrows(
                                        InvalidSignatureException.class,
                                        () -> SignatureVerifier.verify(account, message, flipped))
                                .getMessage());
                assertFalse(SignatureVerifier.isValid(account, message, flipped));
            }
            byte[] otherMessage = Arrays.copyOf(message, message.length + 1);
            assertEquals(
                    failure,
                    assertThrows(
                                    InvalidSignatureException.class,
                                    () -> SignatureVerifier.verify(account, otherMessage, signature))
                            .getMessage());
            byte[] otherAccount = account.clone();
            otherAccount[0] ^= 1;
            assertEquals(
                    failure,
                    assertThrows(
                                    InvalidSignatureException.class,
                                    () -> SignatureVerifier.verify(otherAccount, message, signature))
                            .getMessage());
            count++;
        }
        assertEquals(2, count);
    }

    @Test
    void charlieReproducesHisEd25519RawSignature() {
        JsonObject charlie = twin("charlie");
        Signer signer = SubstrateKeys.signer(charlie.getString("secret"), KeyType.ED25519);
        assertArrayEquals(
                hex(
                        "6530f68f61e870d4b3ad04318eafa148af39448339b00cb7ca604fd30b8f1b5ac6844611bdd5c2cdceef89c4d42c6c230da005f17c1f697348bfbd006b17f87c04"),
                signer.sign(MESSAGE));
    }

    @Test
    void envelopeSignatures() throws Exception {
        Signer charlie = SubstrateKeys.signer(twin("charlie").getString("secret"), KeyType.ED25519);
        int ed = 0;
        int sr = 0;
        for (JsonValue v : Vectors.load("envelopes.json").getJsonArray("envelopes")) {
            JsonObject e = v.asJsonObject();
            if (!e.containsKey("signer")
                    || e.isNull("signer")
                    || !e.containsKey("signature_hex")
                    || e.isNull("signature_hex")) {
                continue;
            }
            JsonObject signer = e.getJsonObject("signer");
            byte[] account = hex(signer.getString("account_hex"));
            byte[] md5 = hex(e.getString("md5_hex"));
            byte[] signature = hex(e.getString("signature_hex"));
            SignatureVerifier.verify(account, md5, signature);
            if (signer.getString("key_type").equals("ed25519")) {
                assertArrayEquals(account, charlie.publicKey(), e.getString("name"));
                assertArrayEquals(signature, charlie.sign(md5), e.getString("name"));
                ed++;
            } else {
                sr++;
            }
            // the challenge itself is not what was signed
            byte[] challenge = hex(e.getString("challenge_hex"));
            assertFalse(SignatureVerifier.isValid(account, challenge, signature), e.getString("name"));
        }
        assertEquals(6, ed);
        assertEquals(6, sr);
    }

    @Test
    void signersRoundTrip() throws Exception {
        for (JsonValue v : Vectors.load("twins.json").getJsonArray("twins")) {
            JsonObject t = v.asJsonObject();
            for (KeyType type : KeyType.values()) {
                Signer signer = SubstrateKeys.signer(t.getString("secret"), type);
                byte[] sig = signer.sign(MESSAGE);
                assertEquals(65, sig.length);
                assertEquals(type.prefix(), sig[0]);
                SignatureVerifier.verify(signer.publicKey(), MESSAGE, sig);
                assertFalse(signer.toString().contains(t.getString("secret").substring(2, 12)));
            }
        }
        // sr25519 is randomized, ed25519 deterministic
        Signer sr = SubstrateKeys.signer("//Alice", KeyType.SR25519);
        assertFalse(Arrays.equals(sr.sign(MESSAGE), sr.sign(MESSAGE)));
        Signer ed = SubstrateKeys.signer("//Alice", KeyType.ED25519);
        assertArrayEquals(ed.sign(MESSAGE), ed.sign(MESSAGE));
    }

    @Test
    void wireMessages() {
        byte[] account = hex(twin("alice").getString("account"));
        Signer alice = SubstrateKeys.signer("//Alice", KeyType.SR25519);
        byte[] good = alice.sign(MESSAGE);

        assertEquals(
                "message is not signed",
                assertThrows(InvalidSignatureException.class, () -> SignatureVerifier.verify(account, MESSAGE, null))
                        .getMessage());
        assertEquals(
                "invalid signature length, expected: 65, found: 0",
                assertThrows(
                                InvalidSignatureException.class,
                                () -> SignatureVerifier.verify(account, MESSAGE, new byte[0]))
                        .getMessage());
        assertEquals(
                "invalid signature length, expected: 65, found: 64",
                assertThrows(
                                InvalidSignatureException.class,
                                () -> SignatureVerifier.verify(account, MESSAGE, Arrays.copyOfRange(good, 1, 65)))
                        .getMessage());
        assertEquals(
                "invalid signature length, expected: 65, found: 66",
                assertThrows(
                                InvalidSignatureException.class,
                                () -> SignatureVerifier.verify(account, MESSAGE, Arrays.copyOf(good, 66)))
                        .getMessage());
        byte[] unknown = good.clone();
        unknown[0] = 'x';
        assertEquals(
                "invalid signature type (expected either sr25519 or ed25519)",
                assertThrows(InvalidSignatureException.class, () -> SignatureVerifier.verify(account, MESSAGE, unknown))
                        .getMessage());
        // an sr25519 signature relabelled as ed25519, and vice versa
        byte[] relabelled = good.clone();
        relabelled[0] = 'e';
        assertEquals(
                "ed25519 signature verification failed",
                assertThrows(
                                InvalidSignatureException.class,
                                () -> SignatureVerifier.verify(account, MESSAGE, relabelled))
                        .getMessage());
        byte[] edSig = SubstrateKeys.signer("//Alice", KeyType.ED25519).sign(MESSAGE);
        edSig[0] = 's';
        assertEquals(
                "sr25519 signature verification failed",
                assertThrows(InvalidSignatureException.class, () -> SignatureVerifier.verify(account, MESSAGE, edSig))
                        .getMessage());
    }

    @Test
    void malformedInputNeverThrowsUnchecked() {
        byte[][] accounts = {new byte[32], new byte[31], new byte[0], filled(32, 0xff)};
        byte[][] sigs = {
            prefixed('e', new byte[64]),
            prefixed('s', new byte[64]),
            prefixed('e', filled(64, 0xff)),
            prefixed('s', filled(64, 0xff))
        };
        for (byte[] account : accounts) {
            for (byte[] sig : sigs) {
                assertThrows(InvalidSignatureException.class, () -> SignatureVerifier.verify(account, MESSAGE, sig));
                assertFalse(SignatureVerifier.isValid(account, MESSAGE, sig));
            }
        }
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] prefixed(char prefix, byte[] sig64) {
        byte[] out = new byte[65];
        out[0] = (byte) prefix;
        System.arraycopy(sig64, 0, out, 1, 64);
        return out;
    }

    private static JsonObject twin(String name) {
        return TestTwins.twin(name);
    }
}
