package dev.rmbee.identity.sr25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.junit.jupiter.api.Test;

class Keccak1600Test {

    private static final int SHA3_256_RATE = 136;

    /** A minimal SHA3-256 sponge over our permutation; only its agreement with BouncyCastle matters. */
    private static byte[] sha3_256(byte[] message) {
        long[] state = new long[Keccak1600.LANES];
        byte[] padded = new byte[(message.length / SHA3_256_RATE + 1) * SHA3_256_RATE];
        System.arraycopy(message, 0, padded, 0, message.length);
        padded[message.length] ^= 0x06;
        padded[padded.length - 1] ^= (byte) 0x80;
        for (int block = 0; block < padded.length; block += SHA3_256_RATE) {
            for (int i = 0; i < SHA3_256_RATE; i++) {
                state[i >>> 3] ^= (padded[block + i] & 0xFFL) << ((i & 7) << 3);
            }
            Keccak1600.permute(state);
        }
        byte[] out = new byte[32];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (state[i >>> 3] >>> ((i & 7) << 3));
        }
        return out;
    }

    private static byte[] bouncyCastle(byte[] message) {
        SHA3Digest digest = new SHA3Digest(256);
        digest.update(message, 0, message.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    @Test
    void sha3OfEmptyInputIsTheStandardValue() {
        assertEquals(
                "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
                HexFormat.of().formatHex(sha3_256(new byte[0])));
    }

    @Test
    void sha3SpongeMatchesBouncyCastle() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(bouncyCastle(abc), sha3_256(abc));
        // around the rate: the padding byte lands in the last, the next and a fresh block
        for (int length : new int[] {1, 135, 136, 137, 271, 272, 1000}) {
            byte[] message = new byte[length];
            for (int i = 0; i < length; i++) {
                message[i] = (byte) (i * 31 + 7);
            }
            assertArrayEquals(bouncyCastle(message), sha3_256(message), "length " + length);
        }
    }
}
