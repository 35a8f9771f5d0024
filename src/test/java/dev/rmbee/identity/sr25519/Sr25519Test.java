package dev.rmbee.identity.sr25519;

import static dev.rmbee.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sr25519Test {

    private static final byte[] DEV_MINI_SECRET =
            hex("0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e");

    private static String hexOf(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** sp-core's chain code for a non-numeric junction: SCALE string, zero-padded to 32 bytes. */
    private static byte[] junctionChainCode(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        byte[] cc = new byte[32];
        cc[0] = (byte) (utf8.length << 2); // SCALE compact length, single-byte mode
        System.arraycopy(utf8, 0, cc, 1, utf8.length);
        return cc;
    }

    @Test
    void devAccountPublicKeys() {
        int checked = 0;
        for (JsonObject account :
                Vectors.load("keys.json").getJsonArray("dev_accounts").getValuesAs(JsonObject.class)) {
            if (!account.getString("key_type").equals("sr25519")) {
                continue;
            }
            Sr25519KeyPair pair = Sr25519.fromMiniSecret(hex(account.getString("seed_hex")));
            assertEquals(account.getString("public_key_hex"), hexOf(pair.publicKey()), account.getString("uri"));
            checked++;
        }
        assertEquals(6, checked);
    }

    @Test
    void mnemonicAndHexSeedPublicKeys() {
        JsonObject keys = Vectors.load("keys.json");
        int checked = 0;
        for (JsonObject m : keys.getJsonArray("mnemonics").getValuesAs(JsonObject.class)) {
            Sr25519KeyPair pair = Sr25519.fromMiniSecret(hex(m.getString("mini_secret_hex")));
            assertEquals(m.getString("sr25519_public_key_hex"), hexOf(pair.publicKey()), m.getString("mnemonic"));
            checked++;
        }
        for (JsonObject s : keys.getJsonArray("hex_seeds").getValuesAs(JsonObject.class)) {
            Sr25519KeyPair pair = Sr25519.fromMiniSecret(hex(s.getString("seed_hex")));
            assertEquals(s.getString("sr25519_public_key_hex"), hexOf(pair.publicKey()), s.getString("seed_hex"));
            checked++;
        }
        assertEquals(7, checked);
    }

    @Test
    void specVectorsWithoutDerivation() {
        // dev phrase without a path, and the rmb-rs sr25519 unit-test seed (crypto-java.md)
        assertEquals(
                "0x46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a",
                hexOf(Sr25519.fromMiniSecret(DEV_MINI_SECRET).publicKey()));
        assertEquals(
                "0x942a5dc287ca18e4035f8f7863ff27103905651968385c7b1eb03fac20027146",
                hexOf(Sr25519.fromMiniSecret(hex("0xb37231837527c7173dc212bb23a7fe795d5dae540e7c21366a5fb9f4cc398a36"))
                        .publicKey()));
    }

    @Test
    void hardDerivationOfAliceAndBob() {
        JsonObject keys = Vectors.load("keys.json");
        Sr25519KeyPair dev = Sr25519.fromMiniSecret(DEV_MINI_SECRET);
        String[][] expected = {
            {"Alice", "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"},
            {"Bob", "0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48"},
        };
        for (String[] e : expected) {
            byte[] child = Sr25519.hardDeriveMiniSecret(dev, junctionChainCode(e[0]));
            assertEquals(e[1], hexOf(Sr25519.fromMiniSecret(child).publicKey()), e[0]);
            String seedHex = keys.getJsonArray("dev_accounts").getValuesAs(JsonObject.class).stream()
                    .filter(a -> a.getString("uri").equals("//" + e[0])
                            && a.getString("key_type").equals("sr25519"))
                    .findFirst()
                    .orElseThrow()
                    .getString("seed_hex");
            assertEquals(seedHex, hexOf(child), e[0]);
        }
        assertTrue(hexOf(Sr25519.hardDeriveMiniSecret(dev, junctionChainCode("Alice")))
                .startsWith("0xe5be9a50"));
    }

    @Test
    void nestedHardDerivation() {
        // //Alice//stash, from crypto-java.md
        Sr25519KeyPair alice = Sr25519.fromMiniSecret(
                Sr25519.hardDeriveMiniSecret(Sr25519.fromMiniSecret(DEV_MINI_SECRET), junctionChainCode("Alice")));
        byte[] stash = Sr25519.hardDeriveMiniSecret(alice, junctionChainCode("stash"));
        assertEquals(
                "0xbe5ddb1579b72e84524fc29e78609e3caf42e85aa118ebfe0b0ad404b5bdd25f",
                hexOf(Sr25519.fromMiniSecret(stash).publicKey()));
    }

    @Test
    void rawSignaturesFromTheOfficialClient() {
        byte[] message = "rmb interop".getBytes(StandardCharsets.UTF_8);
        int checked = 0;
        for (JsonObject v :
                Vectors.load("keys.json").getJsonArray("raw_signatures").getValuesAs(JsonObject.class)) {
            if (!v.getString("key_type").equals("sr25519")) {
                continue;
            }
            assertEquals("rmb interop", v.getString("message_utf8"));
            byte[] prefixed = hex(v.getString("signature_hex"));
            assertEquals(65, prefixed.length);
            assertEquals(0x73, prefixed[0]);
            byte[] signature = Arrays.copyOfRange(prefixed, 1, 65);
            byte[] publicKey = hex(v.getString("public_key_hex"));

            assertTrue(Sr25519.verify(publicKey, message, signature));

            for (int bit : new int[] {0, 100, 255, 256, 300, 505}) {
                byte[] flipped = signature.clone();
                flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
                assertFalse(Sr25519.verify(publicKey, message, flipped), "bit " + bit);
            }
            byte[] unmarked = signature.clone();
            unmarked[63] &= 0x7f;
            assertFalse(Sr25519.verify(publicKey, message, unmarked));
            assertFalse(Sr25519.verify(publicKey, message, prefixed));
            assertFalse(Sr25519.verify(publicKey, message, Arrays.copyOf(signature, 63)));
            assertFalse(Sr25519.verify(Arrays.copyOf(publicKey, 31), message, signature));
            assertFalse(Sr25519.verify(publicKey, "rmb interop!".getBytes(StandardCharsets.UTF_8), signature));
            assertTrue(Sr25519.verify(Sr25519.SUBSTRATE_CONTEXT.clone(), publicKey, message, signature));
            assertFalse(Sr25519.verify("other".getBytes(StandardCharsets.UTF_8), publicKey, message, signature));
            checked++;
        }
        assertEquals(1, checked);
    }

    @Test
    void envelopeSignaturesOverMd5() {
        int checked = 0;
        for (JsonObject e :
                Vectors.load("envelopes.json").getJsonArray("envelopes").getValuesAs(JsonObject.class)) {
            JsonObject signer = e.get("signer") instanceof JsonObject ? e.getJsonObject("signer") : null;
            if (signer == null || !signer.getString("key_type").equals("sr25519") || e.isNull("signature_hex")) {
                continue;
            }
            byte[] prefixed = hex(e.getString("signature_hex"));
            assertEquals(0x73, prefixed[0], e.getString("name"));
            byte[] md5 = hex(e.getString("md5_hex"));
            assertEquals(16, md5.length);
            assertTrue(
                    Sr25519.verify(hex(signer.getString("account_hex")), md5, Arrays.copyOfRange(prefixed, 1, 65)),
                    e.getString("name"));
            checked++;
        }
        assertEquals(6, checked);
    }

    @Test
    void malformedInputsAreRejectedWithoutThrowing() {
        Sr25519KeyPair pair = Sr25519.fromMiniSecret(DEV_MINI_SECRET);
        byte[] message = {1, 2, 3};
        byte[] signature = pair.sign(message);
        byte[] publicKey = pair.publicKey();
        assertTrue(Sr25519.verify(publicKey, message, signature));

        assertFalse(Sr25519.verify(null, message, signature));
        assertFalse(Sr25519.verify(publicKey, null, signature));
        assertFalse(Sr25519.verify(publicKey, message, null));
        assertFalse(Sr25519.verify(new byte[32], message, signature)); // identity point: valid encoding, wrong key

        // a public key that is no canonical Ristretto encoding (odd "s", all ones)
        byte[] nonCanonicalKey = new byte[32];
        nonCanonicalKey[0] = 1;
        assertFalse(Sr25519.verify(nonCanonicalKey, message, signature));
        byte[] ff = new byte[32];
        Arrays.fill(ff, (byte) 0xff);
        assertFalse(Sr25519.verify(ff, message, signature));

        // s + l (still marked) is non-canonical and must be rejected even though it is "equal" mod l
        byte[] sPlusL = signature.clone();
        addOrder(sPlusL);
        assertFalse(Sr25519.verify(publicKey, message, sPlusL));
    }

    /** Adds the group order l to the s half of a marked signature (keeps the marker bit). */
    private static void addOrder(byte[] signature) {
        byte[] l = hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        int carry = 0;
        for (int i = 0; i < 32; i++) {
            int b = (i == 31 ? signature[32 + i] & 0x7f : signature[32 + i] & 0xff) + (l[i] & 0xff) + carry;
            signature[32 + i] = (byte) b;
            carry = b >>> 8;
        }
        assertEquals(0, carry);
        assertEquals(0, signature[63] & 0x80, "s + l fits in 255 bits");
        signature[63] |= (byte) 0x80;
    }

    @Test
    void signVerifyRoundTrip() {
        Sr25519KeyPair alice = Sr25519.fromMiniSecret(
                Sr25519.hardDeriveMiniSecret(Sr25519.fromMiniSecret(DEV_MINI_SECRET), junctionChainCode("Alice")));
        Sr25519KeyPair bob = Sr25519.fromMiniSecret(
                Sr25519.hardDeriveMiniSecret(Sr25519.fromMiniSecret(DEV_MINI_SECRET), junctionChainCode("Bob")));
        for (int length : new int[] {0, 1, 16, 165, 166, 167, 1000}) {
            byte[] message = new byte[length];
            for (int i = 0; i < length; i++) {
                message[i] = (byte) (i * 7 + length);
            }
            byte[] signature = alice.sign(message);
            assertEquals(64, signature.length);
            assertEquals(0x80, signature[63] & 0x80, "marked");
            assertTrue(Sr25519.verify(alice.publicKey(), message, signature), "length " + length);
            assertFalse(Sr25519.verify(bob.publicKey(), message, signature), "other key, length " + length);

            byte[] again = alice.sign(message);
            assertFalse(Arrays.equals(signature, again), "randomized nonce, length " + length);
            assertTrue(Sr25519.verify(alice.publicKey(), message, again));
        }
    }

    @Test
    void aKeyVerifiedAgainAndAgainKeepsTheSameAnswers() {
        Sr25519KeyPair pair = Sr25519.fromMiniSecret(DEV_MINI_SECRET);
        byte[] publicKey = pair.publicKey();
        for (int round = 0; round < 5; round++) { // first sighting, tables built, then cached
            byte[] message = {(byte) round, 2, 3};
            byte[] signature = pair.sign(message);
            assertTrue(Sr25519.verify(publicKey, message, signature), "round " + round);
            byte[] tamperedR = signature.clone();
            tamperedR[3] ^= 1;
            assertFalse(Sr25519.verify(publicKey, message, tamperedR), "round " + round);
            byte[] tamperedS = signature.clone();
            tamperedS[40] ^= 1;
            assertFalse(Sr25519.verify(publicKey, message, tamperedS), "round " + round);
            assertFalse(Sr25519.verify(publicKey, new byte[] {(byte) round, 2, 4}, signature), "round " + round);
        }
    }

    @Test
    void signingContextIsBound() {
        Sr25519KeyPair pair = Sr25519.fromMiniSecret(DEV_MINI_SECRET);
        byte[] context = "rmb-test".getBytes(StandardCharsets.US_ASCII);
        byte[] message = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = pair.sign(context, message);
        assertTrue(Sr25519.verify(context, pair.publicKey(), message, signature));
        assertFalse(Sr25519.verify(pair.publicKey(), message, signature));
        assertTrue(Sr25519.verify(pair.publicKey(), message, pair.sign(Sr25519.SUBSTRATE_CONTEXT, message)));
    }

    @Test
    void injectedRandomnessMakesSigningDeterministic() {
        Sr25519KeyPair pair = Sr25519.fromMiniSecret(DEV_MINI_SECRET);
        byte[] message = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] a = pair.sign(Sr25519.SUBSTRATE_CONTEXT, message, new MerlinTranscriptTest.FixedRandom((byte) 7));
        byte[] b = pair.sign(Sr25519.SUBSTRATE_CONTEXT, message, new MerlinTranscriptTest.FixedRandom((byte) 7));
        byte[] c = pair.sign(Sr25519.SUBSTRATE_CONTEXT, message, new MerlinTranscriptTest.FixedRandom((byte) 8));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertTrue(Sr25519.verify(pair.publicKey(), message, a));
        assertTrue(Sr25519.verify(pair.publicKey(), message, c));
    }

    @Test
    void argumentChecksAndNoSecretsInToString() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Sr25519.fromMiniSecret(new byte[31]));
        assertEquals("sr25519 mini secret must be 32 bytes, got 31", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sr25519.fromMiniSecret(new byte[64]));
        Sr25519KeyPair pair = Sr25519.fromMiniSecret(DEV_MINI_SECRET);
        assertThrows(IllegalArgumentException.class, () -> Sr25519.hardDeriveMiniSecret(pair, new byte[31]));

        String text = pair.toString();
        assertTrue(text.contains("46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a"), text);
        assertFalse(text.contains("fac7959d"), text);
        assertFalse(text.contains(HexFormat.of().formatHex(pair.secretScalar()).substring(0, 16)), text);

        byte[] pk = pair.publicKey();
        pk[0] ^= 1;
        assertFalse(Arrays.equals(pk, pair.publicKey()), "publicKey() returns a copy");
    }
}
