package dev.rmbee.identity.secret;

import static dev.rmbee.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.security.MessageDigest;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

class Bip39Test {

    private static final String DEV = SecretUri.DEV_PHRASE;

    @Test
    void bundledWordListIsTheCanonicalEnglishList() throws Exception {
        try (InputStream in = Bip39.class.getResourceAsStream("bip39-english.txt")) {
            byte[] data = in.readAllBytes();
            assertEquals(
                    "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda",
                    Hex.toHexString(MessageDigest.getInstance("SHA-256").digest(data)));
        }
    }

    @Test
    void mnemonicsOfKeysJson() {
        JsonObject keys = Vectors.load("keys.json");
        int count = 0;
        for (JsonValue v : keys.getJsonArray("mnemonics")) {
            JsonObject m = v.asJsonObject();
            String phrase = m.getString("mnemonic");
            byte[] entropy = Bip39.toEntropy(phrase);
            assertArrayEquals(hex(m.getString("entropy_hex")), entropy, phrase);
            assertArrayEquals(hex(m.getString("mini_secret_hex")), Bip39.miniSecret(entropy, ""), phrase);
            assertArrayEquals(hex(m.getString("mini_secret_hex")), Bip39.miniSecret(phrase, null), phrase);
            count++;
        }
        assertEquals(4, count);
    }

    @Test
    void devPhraseFromCryptoJavaMd() {
        assertArrayEquals(hex("0x1a486a5fbe53639984cb64b070755f7b"), Bip39.toEntropy(DEV));
        assertArrayEquals(
                hex("0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e"), Bip39.miniSecret(DEV, ""));
    }

    @Test
    void whitespaceIsNormalized() {
        String messy = "  " + DEV.replace(" ", " \t\n ") + "\n";
        assertArrayEquals(Bip39.toEntropy(DEV), Bip39.toEntropy(messy));
    }

    @Test
    void longerMnemonics() {
        // 24 words: all-zero entropy (BIP-39 reference vector) and 32 x 0xff
        String zero24 = "abandon ".repeat(23) + "art";
        assertArrayEquals(new byte[32], Bip39.toEntropy(zero24));
        String ff24 = "zoo ".repeat(23) + "vote";
        byte[] ff = new byte[32];
        java.util.Arrays.fill(ff, (byte) 0xff);
        assertArrayEquals(ff, Bip39.toEntropy(ff24));
        // 15 / 18 / 21 words, BIP-39 reference: "legal winner thank year wave sausage worth useful legal winner thank
        // yellow" = 7f7f…
        assertEquals(20, Bip39.toEntropy("abandon ".repeat(14) + "address").length);
        assertEquals(24, Bip39.toEntropy("abandon ".repeat(17) + "agent").length);
        assertEquals(28, Bip39.toEntropy("abandon ".repeat(20) + "admit").length);
        assertArrayEquals(
                hex("7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f"),
                Bip39.toEntropy("legal winner thank year wave sausage worth useful legal winner thank yellow"));
    }

    @Test
    void passwordChangesTheMiniSecret() {
        byte[] entropy = Bip39.toEntropy(DEV);
        assertFalse(java.util.Arrays.equals(Bip39.miniSecret(entropy, ""), Bip39.miniSecret(entropy, "password")));
    }

    @Test
    void wrongWordCount() {
        InvalidSecretException e = assertThrows(InvalidSecretException.class, () -> Bip39.toEntropy("invalid words"));
        assertEquals("invalid bip39 phrase: expected 12, 15, 18, 21 or 24 words, found 2", e.getMessage());
        e = assertThrows(InvalidSecretException.class, () -> Bip39.toEntropy(DEV + " walk"));
        assertEquals("invalid bip39 phrase: expected 12, 15, 18, 21 or 24 words, found 13", e.getMessage());
        e = assertThrows(InvalidSecretException.class, () -> Bip39.toEntropy("   "));
        assertEquals("invalid bip39 phrase: expected 12, 15, 18, 21 or 24 words, found 0", e.getMessage());
    }

    @Test
    void unknownWordIsNamedByPositionOnly() {
        String phrase = DEV.replace("curtain", "curtian");
        InvalidSecretException e = assertThrows(InvalidSecretException.class, () -> Bip39.toEntropy(phrase));
        assertEquals("invalid bip39 phrase: word 5 of 12 is not in the English word list", e.getMessage());
        assertFalse(e.getMessage().contains("curtian"));
        // case matters, as in the Rust bip39 crate
        e = assertThrows(InvalidSecretException.class, () -> Bip39.toEntropy(DEV.replace("bottom", "Bottom")));
        assertEquals("invalid bip39 phrase: word 1 of 12 is not in the English word list", e.getMessage());
    }

    @Test
    void badChecksum() {
        String phrase = DEV.replace("walk", "abandon");
        InvalidSecretException e = assertThrows(InvalidSecretException.class, () -> Bip39.toEntropy(phrase));
        assertEquals("invalid bip39 phrase: checksum mismatch", e.getMessage());
        assertThrows(
                InvalidSecretException.class,
                () -> Bip39.toEntropy("abandon ".repeat(12).strip()));
    }

    @Test
    void entropyLengthIsChecked() {
        assertThrows(InvalidSecretException.class, () -> Bip39.miniSecret(new byte[15], ""));
        assertThrows(InvalidSecretException.class, () -> Bip39.miniSecret(new byte[18], ""));
        assertThrows(InvalidSecretException.class, () -> Bip39.miniSecret(new byte[36], ""));
    }
}
