package dev.rmbee.identity.sr25519;

/**
 * The Keccak-f[1600] permutation, hand-written because BouncyCastle keeps its own permutation
 * private and STROBE needs direct access to the sponge state.
 *
 * <p>The state is 25 little-endian 64-bit lanes; lane {@code x + 5y} holds bytes
 * {@code 8(x + 5y) .. 8(x + 5y) + 7} of the 200-byte byte view used by STROBE.
 */
final class Keccak1600 {

    static final int LANES = 25;

    private static final long[] ROUND_CONSTANTS = {
        0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
        0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
        0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
        0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
        0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
        0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L,
    };

    // rho and pi combined: walking the pi cycle that starts at lane 1, each lane moves to
    // PI_LANE[i] and is rotated by RHO_OFFSET[i] (the triangular numbers mod 64).
    private static final int[] PI_LANE = {
        10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1,
    };
    private static final int[] RHO_OFFSET = {
        1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44,
    };

    private Keccak1600() {}

    /** Applies the 24-round permutation to {@code a} in place; allocation-free. */
    static void permute(long[] a) {
        for (int round = 0; round < 24; round++) {
            // theta: xor each lane with the parities of two neighbouring columns
            long c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20];
            long c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21];
            long c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22];
            long c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23];
            long c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24];
            long d0 = c4 ^ Long.rotateLeft(c1, 1);
            long d1 = c0 ^ Long.rotateLeft(c2, 1);
            long d2 = c1 ^ Long.rotateLeft(c3, 1);
            long d3 = c2 ^ Long.rotateLeft(c4, 1);
            long d4 = c3 ^ Long.rotateLeft(c0, 1);
            for (int y = 0; y < LANES; y += 5) {
                a[y] ^= d0;
                a[y + 1] ^= d1;
                a[y + 2] ^= d2;
                a[y + 3] ^= d3;
                a[y + 4] ^= d4;
            }

            // rho + pi along the single 24-lane cycle, so one temporary suffices
            long carried = a[1];
            for (int i = 0; i < 24; i++) {
                int j = PI_LANE[i];
                long next = a[j];
                a[j] = Long.rotateLeft(carried, RHO_OFFSET[i]);
                carried = next;
            }

            // chi: non-linear step, row by row
            for (int y = 0; y < LANES; y += 5) {
                long b0 = a[y];
                long b1 = a[y + 1];
                long b2 = a[y + 2];
                long b3 = a[y + 3];
                long b4 = a[y + 4];
                a[y] = b0 ^ (~b1 & b2);
                a[y + 1] = b1 ^ (~b2 & b3);
                a[y + 2] = b2 ^ (~b3 & b4);
                a[y + 3] = b3 ^ (~b4 & b0);
                a[y + 4] = b4 ^ (~b0 & b1);
            }

            // iota
            a[0] ^= ROUND_CONSTANTS[round];
        }
    }
}
