package dev.rmbee.identity.e2e;

import static dev.rmbee.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.identity.KeyType;
import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.junit.jupiter.api.Test;

class E2eKeyTest {

    private static final byte[] SK1 = hex("0x340f7341b312bcc61aeea7a76d759d809b8601cbc6d22cb2817278e346137a5d");
    private static final byte[] PK2 = hex("0x030ad72f9f05d8a4fe1d462f264f427d1ef9eba6dba234d7a01e1122157264778f");

    @Test
    void everyE2eCase() throws Exception {
        int count = 0;
        for (JsonValue v : Vectors.load("e2e.json").getJsonArray("e2e")) {
            JsonObject c = v.asJsonObject();
            String name = c.getString("name");
            JsonObject s = c.getJsonObject("sender");
            JsonObject r = c.getJsonObject("receiver");
            // the type does not matter for a plain mnemonic or a hex seed
            E2eKey sender = E2eKey.fromSecret(s.getString("secret"), KeyType.SR25519);
            E2eKey receiver = E2eKey.fromSecret(r.getString("secret"), KeyType.ED25519);
            assertArrayEquals(hex(s.getString("e2e_pk_hex")), sender.publicKey(), name);
            assertArrayEquals(hex(r.getString("e2e_pk_hex")), receiver.publicKey(), name);
            assertArrayEquals(
                    hex(s.getString("e2e_pk_hex")),
                    E2eKey.fromSecretKey(hex(s.getString("e2e_sk_hex"))).publicKey());
            assertArrayEquals(
                    hex(r.getString("e2e_pk_hex")),
                    E2eKey.fromSecretKey(hex(r.getString("e2e_sk_hex"))).publicKey());

            byte[] shared = hex(c.getString("shared_key_hex"));
            assertArrayEquals(shared, sender.sharedKey(receiver.publicKey()), name);
            assertArrayEquals(shared, receiver.sharedKey(sender.publicKey()), name);

            byte[] plaintext = c.getString("plaintext_utf8").getBytes(StandardCharsets.UTF_8);
            if (c.containsKey("plaintext_hex")) {
                assertArrayEquals(hex(c.getString("plaintext_hex")), plaintext);
            }
            byte[] cipher = hex(c.getString("cipher_hex"));
            assertArrayEquals(hex(c.getString("nonce_hex")), Arrays.copyOf(cipher, 12));
            assertArrayEquals(plaintext, receiver.decrypt(sender.publicKey(), cipher), name);
            assertEquals(
                    c.getString("decrypted_utf8"),
                    new String(receiver.decrypt(sender.publicKey(), cipher), StandardCharsets.UTF_8));
            // the sender can decrypt its own message too (symmetric key)
            assertArrayEquals(plaintext, sender.decrypt(receiver.publicKey(), cipher), name);
            // same nonce + key: Java reproduces the official ciphertext exactly
            assertArrayEquals(cipher, sender.encrypt(receiver.publicKey(), plaintext, Arrays.copyOf(cipher, 12)), name);

            // Java-encrypted, both directions
            byte[] mine = sender.encrypt(receiver.publicKey(), plaintext);
            assertEquals(plaintext.length + 28, mine.length);
            assertArrayEquals(plaintext, receiver.decrypt(sender.publicKey(), mine));
            byte[] back = receiver.encrypt(sender.publicKey(), plaintext);
            assertArrayEquals(plaintext, sender.decrypt(receiver.publicKey(), back));

            // tampering: every part of the cipher is authenticated
            for (int pos : new int[] {0, 11, 12, cipher.length - 1}) {
                byte[] bad = cipher.clone();
                bad[pos] ^= 0x01;
                E2eException e =
                        assertThrows(E2eException.class, () -> receiver.decrypt(sender.publicKey(), bad), name);
                assertEquals("invalid cipher data", e.getMessage());
            }
            // the wrong peer key: authentication fails
            E2eKey stranger = E2eKey.fromSecret("//Ferdie", KeyType.ED25519);
            assertEquals(
                    "invalid cipher data",
                    assertThrows(E2eException.class, () -> receiver.decrypt(stranger.publicKey(), cipher))
                            .getMessage());

            if (c.containsKey("full_entropy_nonce_example")) {
                JsonObject ex = c.getJsonObject("full_entropy_nonce_example");
                assertEquals(
                        ex.getString("decrypted_utf8"),
                        new String(
                                receiver.decrypt(sender.publicKey(), hex(ex.getString("cipher_hex"))),
                                StandardCharsets.UTF_8));
            }
            count++;
        }
        assertEquals(4, count);
    }

    @Test
    void peerMdVector() throws Exception {
        E2eKey k1 = E2eKey.fromSecretKey(SK1);
        assertArrayEquals(hex("032965609be627c7656bdce629af8537513238041aafd8a6dac524d6e5206747f0"), k1.publicKey());
        assertArrayEquals(hex("310c92d71d96dde9e27a6ed82297ab574534bbf88fd2e1c1bd62eb3b9b7c48a1"), k1.sharedKey(PK2));
        assertArrayEquals(
                hex("000102030405060708090a0b23d9436ad14a4e855f47c13cb90ba01f45fe85318e8671f2ec3c16"),
                k1.encrypt(PK2, "hello world".getBytes(StandardCharsets.UTF_8), hex("000102030405060708090a0b")));
    }

    @Test
    void oneThreadInterleavesPeersAndDirectionsAndGoesOnAfterABadTagOrARepeatedNonce() throws Exception {
        E2eKey alice = E2eKey.fromSecretKey(SK1);
        E2eKey bob = E2eKey.fromSecret("//Bob", KeyType.ED25519);
        E2eKey carol = E2eKey.fromSecret("//Charlie", KeyType.SR25519);
        byte[] hello = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) {
            byte[] toBob = alice.encrypt(bob.publicKey(), hello);
            byte[] toCarol = alice.encrypt(carol.publicKey(), hello);
            byte[] forged = toBob.clone();
            forged[forged.length - 1] ^= 1;
            assertThrows(E2eException.class, () -> bob.decrypt(alice.publicKey(), forged));
            assertArrayEquals(hello, carol.decrypt(alice.publicKey(), toCarol));
            assertArrayEquals(hello, bob.decrypt(alice.publicKey(), toBob));
        }
        byte[] nonce = new byte[E2eKey.NONCE_LENGTH];
        byte[] first = alice.encrypt(bob.publicKey(), hello, nonce);
        assertArrayEquals(first, alice.encrypt(bob.publicKey(), hello, nonce), "a repeated nonce (tests only)");
        assertArrayEquals(hello, bob.decrypt(alice.publicKey(), first));
    }

    @Test
    void uncompressedPeerKeyIsAccepted() throws Exception {
        X9ECParameters p = CustomNamedCurves.getByName("secp256k1");
        byte[] uncompressed = p.getCurve().decodePoint(PK2).getEncoded(false);
        assertEquals(65, uncompressed.length);
        E2eKey k1 = E2eKey.fromSecretKey(SK1);
        assertArrayEquals(k1.sharedKey(PK2), k1.sharedKey(uncompressed));
    }

    @Test
    void invalidPeerKeys() {
        E2eKey k1 = E2eKey.fromSecretKey(SK1);
        byte[] notOnCurve = PK2.clone();
        notOnCurve[32] ^= 1; // x with no y: most x-coordinate changes leave the curve
        byte[] badPrefix = PK2.clone();
        badPrefix[0] = 0x05;
        byte[] xTooBig = new byte[33];
        Arrays.fill(xTooBig, (byte) 0xff);
        xTooBig[0] = 0x02;
        for (byte[] bad : new byte[][] {
            null,
            new byte[0],
            new byte[] {0},
            Arrays.copyOf(PK2, 32),
            badPrefix,
            xTooBig,
            notOnCurve,
            new byte[33],
            new byte[65]
        }) {
            E2eException e = assertThrows(E2eException.class, () -> k1.sharedKey(bad));
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isEmpty());
            assertThrows(E2eException.class, () -> k1.encrypt(bad, new byte[1]));
        }
    }

    @Test
    void shortCipherData() {
        E2eKey k1 = E2eKey.fromSecretKey(SK1);
        for (int len : new int[] {0, 11, 12, 27}) {
            assertEquals(
                    "invalid cipher data",
                    assertThrows(E2eException.class, () -> k1.decrypt(PK2, new byte[len]))
                            .getMessage());
        }
        assertEquals(
                "invalid cipher data",
                assertThrows(E2eException.class, () -> k1.decrypt(PK2, null)).getMessage());
    }

    @Test
    void invalidSecretKeys() {
        byte[] n = hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
        assertThrows(IllegalArgumentException.class, () -> E2eKey.fromSecretKey(new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> E2eKey.fromSecretKey(n));
        assertThrows(IllegalArgumentException.class, () -> E2eKey.fromSecretKey(new byte[31]));
        byte[] nMinus1 = n.clone();
        nMinus1[31]--;
        assertEquals(33, E2eKey.fromSecretKey(nMinus1).publicKey().length);
    }

    @Test
    void keysJson() {
        JsonObject keys = Vectors.load("keys.json");
        for (JsonValue v : keys.getJsonArray("mnemonics")) {
            JsonObject m = v.asJsonObject();
            for (KeyType type : KeyType.values()) {
                assertArrayEquals(
                        hex(m.getString("e2e_secp256k1_pk_hex")),
                        E2eKey.fromSecret(m.getString("mnemonic"), type).publicKey());
            }
            assertArrayEquals(
                    hex(m.getString("e2e_secp256k1_pk_hex")),
                    E2eKey.fromSecretKey(hex(m.getString("e2e_secp256k1_sk_hex")))
                            .publicKey());
        }
        for (JsonValue v : keys.getJsonArray("hex_seeds")) {
            JsonObject s = v.asJsonObject();
            assertArrayEquals(
                    hex(s.getString("e2e_secp256k1_pk_hex")),
                    E2eKey.fromSecret(s.getString("seed_hex"), KeyType.SR25519).publicKey());
        }
        for (JsonValue v : keys.getJsonArray("dev_accounts")) {
            JsonObject a = v.asJsonObject();
            // the key of the derived seed, also from the URI itself (extension over rmb-rs)
            KeyType type = KeyType.parse(a.getString("key_type"));
            assertArrayEquals(
                    hex(a.getString("e2e_secp256k1_pk_hex")),
                    E2eKey.fromSecret(a.getString("seed_hex"), type).publicKey());
            assertArrayEquals(
                    hex(a.getString("e2e_secp256k1_pk_hex")),
                    E2eKey.fromSecret(a.getString("uri"), type).publicKey(),
                    a.getString("uri") + " " + type);
        }
    }

    @Test
    void twins() {
        int withPk = 0;
        for (JsonValue v : Vectors.load("twins.json").getJsonArray("twins")) {
            JsonObject t = v.asJsonObject();
            KeyType type = KeyType.parse(t.getString("keyType"));
            E2eKey key = E2eKey.fromSecret(t.getString("secret"), type);
            if (!t.isNull("pk")) {
                assertArrayEquals(hex(t.getString("pk")), key.publicKey(), t.getString("name"));
                if (t.containsKey("uri")) {
                    assertArrayEquals(
                            hex(t.getString("pk")),
                            E2eKey.fromSecret(t.getString("uri"), type).publicKey());
                }
                withPk++;
            }
        }
        assertEquals(4, withPk);
    }

    @Test
    void invalidSecretsAreReportedWithoutTheSecret() {
        String seed = "0x340f7341b312bcc61aeea7a76d759d809b8601cbc6d22cb2817278e346137a5d";
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> E2eKey.fromSecret(seed.substring(0, 64), KeyType.SR25519));
        assertEquals("invalid hex seed: bad hex length, expected 32 bytes, found 31 bytes", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> E2eKey.fromSecret("invalid words", KeyType.SR25519));
        assertEquals("invalid bip39 phrase: expected 12, 15, 18, 21 or 24 words, found 2", e.getMessage());
        // a zero seed is a valid Substrate seed but no secp256k1 secret key
        e = assertThrows(
                IllegalArgumentException.class, () -> E2eKey.fromSecret("0x" + "00".repeat(32), KeyType.SR25519));
        assertEquals("invalid e2e secret key: not a valid secp256k1 scalar", e.getMessage());
    }

    @Test
    void theSharedKeyOfAPeerIsComputedOnceAndStaysIntact() throws Exception {
        E2eKey k1 = E2eKey.fromSecretKey(SK1);
        byte[] nonce = hex("000102030405060708090a0b");
        byte[] expected = hex("000102030405060708090a0b23d9436ad14a4e855f47c13cb90ba01f45fe85318e8671f2ec3c16");
        byte[] hello = "hello world".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, k1.rememberedPeers());
        for (int i = 0; i < 3; i++) {
            // the same cipher every time: the remembered key is not wiped or changed after use
            assertArrayEquals(expected, k1.encrypt(PK2, hello, nonce));
            assertArrayEquals(hello, k1.decrypt(PK2, expected));
        }
        assertEquals(1, k1.rememberedPeers());
        // a caller that wipes its copy of the shared key does not wipe the remembered one
        byte[] copy = k1.sharedKey(PK2);
        Arrays.fill(copy, (byte) 0);
        assertArrayEquals(hex("310c92d71d96dde9e27a6ed82297ab574534bbf88fd2e1c1bd62eb3b9b7c48a1"), k1.sharedKey(PK2));
        assertArrayEquals(expected, k1.encrypt(PK2, hello, nonce));
        // nor does a caller that changes the key array it looked up with
        byte[] peer = PK2.clone();
        k1.sharedKey(peer);
        peer[5] ^= 1;
        assertArrayEquals(expected, k1.encrypt(PK2, hello, nonce));
        assertEquals(1, k1.rememberedPeers());
        // another peer, and the same point uncompressed, are remembered apart
        E2eKey other = E2eKey.fromSecret("//Ferdie", KeyType.SR25519);
        byte[] cipher = k1.encrypt(other.publicKey(), hello);
        assertArrayEquals(hello, other.decrypt(k1.publicKey(), cipher));
        byte[] uncompressed = CustomNamedCurves.getByName("secp256k1")
                .getCurve()
                .decodePoint(PK2)
                .getEncoded(false);
        assertArrayEquals(k1.sharedKey(PK2), k1.sharedKey(uncompressed));
        assertEquals(3, k1.rememberedPeers());
    }

    @Test
    void invalidPeerKeysAreNotRemembered() {
        E2eKey k1 = E2eKey.fromSecretKey(SK1);
        byte[] notOnCurve = PK2.clone();
        notOnCurve[32] ^= 1;
        for (int i = 0; i < 2; i++) {
            assertThrows(E2eException.class, () -> k1.encrypt(notOnCurve, new byte[1]));
            assertThrows(E2eException.class, () -> k1.sharedKey(new byte[33]));
            assertThrows(E2eException.class, () -> k1.sharedKey(null));
        }
        assertEquals(0, k1.rememberedPeers());
    }

    @Test
    void atMostTheCacheSizeOfPeersAreRemembered() throws Exception {
        E2eKey k1 = E2eKey.fromSecretKey(SK1);
        X9ECParameters p = CustomNamedCurves.getByName("secp256k1");
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] first = null;
        for (int i = 1; i <= E2eKey.SHARED_KEY_CACHE_SIZE + 10; i++) {
            // the points i·G: valid, all different
            byte[] peer = p.getG()
                    .multiply(java.math.BigInteger.valueOf(i))
                    .normalize()
                    .getEncoded(true);
            first = first == null ? peer : first;
            k1.encrypt(peer, hello);
            assertTrue(k1.rememberedPeers() <= E2eKey.SHARED_KEY_CACHE_SIZE, "remembered " + k1.rememberedPeers());
        }
        // a forgotten peer is computed again, with the same result
        E2eKey one = E2eKey.fromSecretKey(hex("0x" + "00".repeat(31) + "01"));
        assertArrayEquals(one.sharedKey(k1.publicKey()), k1.sharedKey(first));
    }

    @Test
    void sharedKeysAreSafeToUseFromManyThreads() throws Exception {
        E2eKey k1 = E2eKey.fromSecretKey(SK1);
        List<E2eKey> peers = new ArrayList<>();
        for (String uri : new String[] {"//A1", "//A2", "//A3", "//A4"}) {
            peers.add(E2eKey.fromSecret(uri, KeyType.SR25519));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        E2eKey peer = peers.get((i + offset) % peers.size());
                        byte[] text = ("message " + offset + "/" + i).getBytes(StandardCharsets.UTF_8);
                        if (!Arrays.equals(text, peer.decrypt(k1.publicKey(), k1.encrypt(peer.publicKey(), text)))
                                || !Arrays.equals(
                                        text, k1.decrypt(peer.publicKey(), peer.encrypt(k1.publicKey(), text)))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4, k1.rememberedPeers());
    }

    @Test
    void devPhraseKeyAndToString() {
        E2eKey dev = E2eKey.fromSecret(
                "bottom drive obey lake curtain smoke basket hold race lonely fit walk", KeyType.SR25519);
        assertArrayEquals(hex("0x035b26108e8b97479c547da4860d862dc08ab2c29ada449c74d5a9a58a6c46a8c4"), dev.publicKey());
        assertEquals("E2eKey[pk=0x035b26108e8b97479c547da4860d862dc08ab2c29ada449c74d5a9a58a6c46a8c4]", dev.toString());
    }
}
