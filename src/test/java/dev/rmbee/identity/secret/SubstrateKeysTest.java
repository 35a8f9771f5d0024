package dev.rmbee.identity.secret;

import static dev.rmbee.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubstrateKeysTest {

    private static final String DEV = SecretUri.DEV_PHRASE;

    /** The SURI table of crypto-java.md: uri, sr25519 public key, ed25519 public key. */
    static final List<String[]> CRYPTO_JAVA_TABLE = List.of(
            new String[] {
                "//Alice",
                "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
                "0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee"
            },
            new String[] {
                "//Bob",
                "0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48",
                "0xd17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69"
            },
            new String[] {
                "//Alice//stash",
                "0xbe5ddb1579b72e84524fc29e78609e3caf42e85aa118ebfe0b0ad404b5bdd25f",
                "0x451781cd0c5504504f69ceec484cc66e4c22a2b6a9d20fb1a426d91ad074a2a8"
            },
            new String[] {
                DEV,
                "0x46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a",
                "0x345071da55e5dccefaaa440339415ef9f2663338a38f7da0df21be5ab4e055ef"
            },
            new String[] {
                DEV + "///password",
                "0xb69355deefa7a8f33e9297f5af22e680f03597a99d4f4b1c44be47e7a2275802",
                "0xcb8d01a021231c0ffe53afd21c037583ce21033f55f26852dd92558d368a17a7"
            },
            new String[] {
                "//1",
                "0xb606fc73f57f03cdb4c932d475ab426043e429cecc2ffff0d2672b0df8398c48",
                "0xbf3a763d817cee09bf785b9cc6118f58dab5c03f3ace6d524899bcb28ac74f27"
            },
            new String[] {
                "//a-very-long-junction-name-that-is-longer-than-32-bytes",
                "0x902b9c3b18deed3128035cbb1a4b85fed79a0949a15c345eaf55e71f92165868",
                "0xbf7e463a4b204637542d92f97a14bd073de28ae36ea3d8543a98ff8606eae4f2"
            });

    @Test
    void devAccounts() {
        int count = 0;
        for (JsonValue v : Vectors.load("keys.json").getJsonArray("dev_accounts")) {
            JsonObject a = v.asJsonObject();
            KeyType type = KeyType.parse(a.getString("key_type"));
            String uri = a.getString("uri");
            String what = uri + " " + type;
            assertArrayEquals(hex(a.getString("seed_hex")), SubstrateKeys.seed(uri, type), what);
            Signer signer = SubstrateKeys.signer(uri, type);
            assertEquals(type, signer.keyType());
            assertArrayEquals(hex(a.getString("public_key_hex")), signer.publicKey(), what);
            // the derived seed itself, as a hex secret, gives the same key
            assertArrayEquals(
                    signer.publicKey(),
                    SubstrateKeys.signer(a.getString("seed_hex"), type).publicKey(),
                    what);
            count++;
        }
        assertEquals(12, count);
    }

    @Test
    void mnemonics() {
        for (JsonValue v : Vectors.load("keys.json").getJsonArray("mnemonics")) {
            JsonObject m = v.asJsonObject();
            String phrase = m.getString("mnemonic");
            for (KeyType type : KeyType.values()) {
                assertArrayEquals(hex(m.getString("mini_secret_hex")), SubstrateKeys.seed(phrase, type), phrase);
            }
            assertArrayEquals(
                    hex(m.getString("ed25519_public_key_hex")),
                    SubstrateKeys.signer(phrase, KeyType.ED25519).publicKey(),
                    phrase);
            assertArrayEquals(
                    hex(m.getString("sr25519_public_key_hex")),
                    SubstrateKeys.signer(phrase, KeyType.SR25519).publicKey(),
                    phrase);
        }
    }

    @Test
    void hexSeeds() {
        for (JsonValue v : Vectors.load("keys.json").getJsonArray("hex_seeds")) {
            JsonObject s = v.asJsonObject();
            String seed = s.getString("seed_hex");
            for (KeyType type : KeyType.values()) {
                assertArrayEquals(hex(seed), SubstrateKeys.seed(seed, type));
            }
            assertArrayEquals(
                    hex(s.getString("ed25519_public_key_hex")),
                    SubstrateKeys.signer(seed, KeyType.ED25519).publicKey(),
                    seed);
            assertArrayEquals(
                    hex(s.getString("sr25519_public_key_hex")),
                    SubstrateKeys.signer(seed, KeyType.SR25519).publicKey(),
                    seed);
        }
    }

    @Test
    void cryptoJavaTable() {
        for (String[] row : CRYPTO_JAVA_TABLE) {
            assertArrayEquals(
                    hex(row[1]), SubstrateKeys.signer(row[0], KeyType.SR25519).publicKey(), row[0] + " sr25519");
            assertArrayEquals(
                    hex(row[2]), SubstrateKeys.signer(row[0], KeyType.ED25519).publicKey(), row[0] + " ed25519");
        }
    }

    @Test
    void twins() {
        int count = 0;
        for (JsonValue v : Vectors.load("twins.json").getJsonArray("twins")) {
            JsonObject t = v.asJsonObject();
            KeyType type = KeyType.parse(t.getString("keyType"));
            Signer signer = SubstrateKeys.signer(t.getString("secret"), type);
            assertArrayEquals(hex(t.getString("account")), signer.publicKey(), t.getString("name"));
            if (t.containsKey("uri")) {
                assertArrayEquals(
                        hex(t.getString("account")),
                        SubstrateKeys.signer(t.getString("uri"), type).publicKey(),
                        t.getString("uri"));
            }
            count++;
        }
        assertEquals(5, count);
    }

    @Test
    void explicitDevPhraseEqualsImplicit() {
        for (KeyType type : KeyType.values()) {
            assertArrayEquals(SubstrateKeys.seed("//Alice", type), SubstrateKeys.seed(DEV + "//Alice", type));
            assertArrayEquals(
                    SubstrateKeys.seed("//Alice//stash", type),
                    SubstrateKeys.seed(
                            Vectors.load("keys.json").getJsonArray("dev_accounts").stream()
                                            .map(JsonValue::asJsonObject)
                                            .filter(a -> a.getString("uri").equals("//Alice")
                                                    && KeyType.parse(a.getString("key_type")) == type)
                                            .findFirst()
                                            .orElseThrow()
                                            .getString("seed_hex")
                                    + "//stash",
                            type));
        }
    }

    @Test
    void softJunctionsAreRejected() {
        for (KeyType type : KeyType.values()) {
            InvalidSecretException e =
                    assertThrows(InvalidSecretException.class, () -> SubstrateKeys.signer("//Alice/soft", type));
            assertEquals(
                    "invalid secret URI: soft derivation ('/' junction 2) is not supported, "
                            + "use hard junctions ('//')",
                    e.getMessage());
        }
    }

    @Test
    void errorsNeverContainTheSecret() {
        String seed = "0x340f7341b312bcc61aeea7a76d759d809b8601cbc6d22cb2817278e346137a5d";
        String badChecksum = DEV.replace("walk", "abandon");
        List<String[]> cases = List.of(
                new String[] {"invalid words", "invalid bip39 phrase: expected 12, 15, 18, 21 or 24 words, found 2"},
                new String[] {badChecksum, "invalid bip39 phrase: checksum mismatch"},
                new String[] {badChecksum + "//Alice", "invalid bip39 phrase: checksum mismatch"},
                new String[] {
                    DEV.replace("lake", "lakes"), "invalid bip39 phrase: word 4 of 12 is not in the English word list"
                },
                new String[] {"0xinvalidseed", "invalid hex seed: invalid hex (not a hexadecimal string)"},
                new String[] {
                    seed.substring(0, 64), "invalid hex seed: bad hex length, expected 32 bytes, found 31 bytes"
                });
        for (String[] c : cases) {
            for (KeyType type : KeyType.values()) {
                InvalidSecretException e =
                        assertThrows(InvalidSecretException.class, () -> SubstrateKeys.signer(c[0], type));
                assertEquals(c[1], e.getMessage());
                assertTrue(e instanceof IllegalArgumentException);
                assertNoSecret(c[0], e.getMessage());
                assertNoSecret(c[0], e.toString());
            }
        }
    }

    private static void assertNoSecret(String secret, String text) {
        for (String word : secret.split("[\\s/]+")) {
            if (word.length() > 3 && !word.equals("invalid") && !word.equals("words")) {
                assertFalse(text.contains(word), () -> "'" + text + "' leaks part of the secret");
            }
        }
        if (secret.startsWith("0x")) {
            assertFalse(text.contains(secret.substring(2, 10)), text);
        }
    }
}
