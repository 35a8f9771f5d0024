package dev.rmbee.identity.secret;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * BIP-39 English mnemonics as Substrate uses them ("substrate-bip39").
 *
 * <p>{@link #toEntropy} decodes the words to the entropy they encode (checksum checked).
 * {@link #miniSecret} then stretches the <em>entropy bytes</em> (not the sentence, unlike
 * standard BIP-39) with PBKDF2-HMAC-SHA512 into the 32-byte mini secret.
 */
public final class Bip39 {

    private static final String WORDLIST = "bip39-english.txt";
    private static final int PBKDF2_ROUNDS = 2048;

    private Bip39() {}

    /**
     * Decodes a 12/15/18/21/24-word English mnemonic (words separated by any whitespace) into its
     * 16…32 entropy bytes.
     *
     * @throws InvalidSecretException wrong word count, unknown word (by position) or bad checksum
     */
    public static byte[] toEntropy(String mnemonic) {
        if (mnemonic == null) {
            throw new InvalidSecretException("invalid bip39 phrase: no phrase given");
        }
        String normalized = Normalizer.normalize(mnemonic, Normalizer.Form.NFKD).strip();
        String[] words = normalized.isEmpty() ? new String[0] : normalized.split("\\s+");
        int n = words.length;
        if (n < 12 || n > 24 || n % 3 != 0) {
            throw new InvalidSecretException("invalid bip39 phrase: expected 12, 15, 18, 21 or 24 words, found " + n);
        }
        Map<String, Integer> index = Words.INDEX;
        int totalBits = n * 11;
        int checksumBits = totalBits / 33;
        int entropyBytes = (totalBits - checksumBits) / 8;
        // all bits (entropy then checksum), packed big-endian; one spare byte for the checksum
        byte[] bits = new byte[entropyBytes + 1];
        try {
            for (int w = 0; w < n; w++) {
                Integer value = index.get(words[w]);
                if (value == null) {
                    throw new InvalidSecretException(
                            "invalid bip39 phrase: word " + (w + 1) + " of " + n + " is not in the English word list");
                }
                for (int b = 0; b < 11; b++) {
                    if ((value & (1 << (10 - b))) != 0) {
                        int pos = w * 11 + b;
                        bits[pos >> 3] |= (byte) (0x80 >>> (pos & 7));
                    }
                }
            }
            byte[] entropy = Arrays.copyOf(bits, entropyBytes);
            int expected = (sha256(entropy)[0] & 0xff) >>> (8 - checksumBits);
            int actual = (bits[entropyBytes] & 0xff) >>> (8 - checksumBits);
            if (expected != actual) {
                Arrays.fill(entropy, (byte) 0);
                throw new InvalidSecretException("invalid bip39 phrase: checksum mismatch");
            }
            return entropy;
        } finally {
            Arrays.fill(bits, (byte) 0);
        }
    }

    /**
     * The Substrate mini secret: the first 32 bytes of
     * PBKDF2-HMAC-SHA512(password = entropy bytes, salt = "mnemonic" + password, 2048 rounds, 64 bytes).
     *
     * @param password the Substrate URI password ({@code ///password}), or {@code null}/empty for none
     * @throws InvalidSecretException if the entropy is not 16…32 bytes in steps of 4
     */
    public static byte[] miniSecret(byte[] entropy, String password) {
        if (entropy == null || entropy.length < 16 || entropy.length > 32 || entropy.length % 4 != 0) {
            throw new InvalidSecretException("invalid bip39 entropy length");
        }
        byte[] salt = ("mnemonic" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8);
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA512Digest());
        generator.init(entropy, salt, PBKDF2_ROUNDS);
        byte[] seed64 = ((KeyParameter) generator.generateDerivedParameters(512)).getKey();
        try {
            return Arrays.copyOf(seed64, 32);
        } finally {
            Arrays.fill(seed64, (byte) 0);
            Arrays.fill(salt, (byte) 0);
        }
    }

    /** Convenience: {@code miniSecret(toEntropy(mnemonic), password)}. */
    public static byte[] miniSecret(String mnemonic, String password) {
        byte[] entropy = toEntropy(mnemonic);
        try {
            return miniSecret(entropy, password);
        } finally {
            Arrays.fill(entropy, (byte) 0);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The word list, loaded on first use. */
    private static final class Words {
        static final Map<String, Integer> INDEX = load();

        private static Map<String, Integer> load() {
            Map<String, Integer> index = new HashMap<>(4096);
            try (InputStream in = Bip39.class.getResourceAsStream(WORDLIST)) {
                if (in == null) {
                    throw new IllegalStateException("BIP-39 word list resource missing: " + WORDLIST);
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                while ((line = reader.readLine()) != null) {
                    String word = line.strip();
                    if (!word.isEmpty()) {
                        index.put(word, index.size());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read BIP-39 word list", e);
            }
            if (index.size() != 2048) {
                throw new IllegalStateException("BIP-39 word list has " + index.size() + " words, expected 2048");
            }
            return Map.copyOf(index);
        }
    }
}
