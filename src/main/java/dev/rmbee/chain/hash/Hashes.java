package dev.rmbee.chain.hash;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Substrate's hashers (chain.md §4): twox64/twox128 (xxHash64 with seeds 0 and 1, each little-endian),
 * BLAKE2b with 16-, 32- and 64-byte outputs (a BLAKE2b of that size, not a truncated longer one), and
 * {@code Blake2_128Concat} (the hash followed by the key itself, as storage map keys are made).
 */
public final class Hashes {

    private Hashes() {}

    public static byte[] twox64(byte[] input) {
        return littleEndian(XxHash64.hash(input, 0), new byte[8], 0);
    }

    public static byte[] twox128(byte[] input) {
        byte[] out = new byte[16];
        littleEndian(XxHash64.hash(input, 0), out, 0);
        return littleEndian(XxHash64.hash(input, 1), out, 8);
    }

    /** twox128 of a name's UTF-8 bytes: how pallet and storage item prefixes are made. */
    public static byte[] twox128(String name) {
        return twox128(name.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] blake2b128(byte[] input) {
        return blake2b(input, 16);
    }

    public static byte[] blake2b256(byte[] input) {
        return blake2b(input, 32);
    }

    public static byte[] blake2b512(byte[] input) {
        return blake2b(input, 64);
    }

    /** {@code blake2_128(key) ‖ key}. */
    public static byte[] blake2b128Concat(byte[] key) {
        byte[] hash = blake2b128(key);
        byte[] out = new byte[hash.length + key.length];
        System.arraycopy(hash, 0, out, 0, hash.length);
        System.arraycopy(key, 0, out, hash.length, key.length);
        return out;
    }

    private static byte[] blake2b(byte[] input, int outputBytes) {
        Blake2bDigest digest = new Blake2bDigest(outputBytes * 8);
        digest.update(input, 0, input.length);
        byte[] out = new byte[outputBytes];
        digest.doFinal(out, 0);
        return out;
    }

    private static byte[] littleEndian(long value, byte[] out, int offset) {
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (byte) (value >>> (8 * i));
        }
        return out;
    }
}
