package dev.rmbee.identity.sr25519;

import java.math.BigInteger;

/**
 * Arithmetic modulo the group order {@code L = 2^252 + c} in constant time, for the secret scalars
 * of signing: no branch and no array index depends on a value. Numbers are held as signed 21-bit
 * limbs in {@code long}s; since {@code 2^252 ≡ -c (mod L)}, a limb at position {@code i ≥ 12} is
 * folded into positions {@code i-12 … i-7} by subtracting its multiples of c's six limbs. A fixed
 * number of fold-and-carry rounds brings any 512-bit value under {@code 2^253}; a last fold and two
 * masked corrections by L make it canonical.
 */
final class ScalarModL {

    /** {@code long}s of scratch that {@link #reduceWide} and {@link #mulAdd} need. */
    static final int SCRATCH_LONGS = 2 * 13 + 26;

    private static final int BITS = 21;
    private static final long MASK = (1L << BITS) - 1;
    private static final int LOW_LIMBS = 12;
    /** Limbs of a 512-bit value, with room for the carries above it. */
    private static final int WIDE_LIMBS = 26;
    /** Each round takes ≈ 127 bits off (2^252 becomes c < 2^125): two bring 512 bits below 2^259, a third is margin. */
    private static final int ROUNDS = 3;

    static final BigInteger L =
            BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
    /** c = L - 2^252 (125 bits) in six unsigned 21-bit limbs. */
    private static final long[] C = limbsOf(L.subtract(BigInteger.ONE.shiftLeft(252)), 6);
    /** L in thirteen unsigned 21-bit limbs (the last one is 1). */
    private static final long[] L_LIMBS = limbsOf(L, 13);

    private static final byte[] L_BYTES = littleEndian(L);

    private ScalarModL() {}

    /** {@code out = wide mod L}: a 64-byte little-endian integer reduced to 32 canonical bytes. */
    static void reduceWide(byte[] wide, byte[] out, long[] scratch) {
        load(wide, 0, 64, scratch, 0, WIDE_LIMBS);
        reduce(scratch, 0);
        store(scratch, 0, out, 0);
    }

    /** {@code out = a·b + c mod L}, each operand 32 little-endian bytes (any value below 2^256). */
    static void mulAdd(byte[] a, byte[] b, byte[] c, byte[] out, long[] scratch) {
        int aAt = WIDE_LIMBS;
        int bAt = WIDE_LIMBS + 13;
        load(a, 0, 32, scratch, aAt, 13);
        load(b, 0, 32, scratch, bAt, 13);
        load(c, 0, 32, scratch, 0, WIDE_LIMBS);
        for (int i = 0; i < 13; i++) {
            for (int j = 0; j < 13; j++) {
                scratch[i + j] += scratch[aAt + i] * scratch[bAt + j];
            }
        }
        reduce(scratch, 0);
        store(scratch, 0, out, 0);
    }

    /** Whether 32 bytes encode an integer below L (for public values: not constant time). */
    static boolean isCanonical(byte[] scalar) {
        for (int i = 31; i >= 0; i--) {
            int difference = (scalar[i] & 0xFF) - (L_BYTES[i] & 0xFF);
            if (difference != 0) {
                return difference < 0;
            }
        }
        return false;
    }

    /** Brings {@link #WIDE_LIMBS} limbs at {@code at} to the canonical value in limbs 0..11. */
    private static void reduce(long[] t, int at) {
        carryRounded(t, at, WIDE_LIMBS);
        for (int round = 0; round < ROUNDS; round++) {
            fold(t, at, WIDE_LIMBS);
            carryRounded(t, at, WIDE_LIMBS);
        }
        // now limbs 0..11 lie in [-2^20, 2^20) and limb 12 is small: fold it and make the value canonical
        carryFloor(t, at);
        fold(t, at, LOW_LIMBS + 1);
        carryFloor(t, at);
        addMaskedL(t, at, t[at + LOW_LIMBS] >> 63, 1); // was negative: now in [0, 2L)
        addMaskedL(t, at, -1L, -1); // minus L ...
        addMaskedL(t, at, t[at + LOW_LIMBS] >> 63, 1); // ... and back if that went below zero
    }

    /**
     * Replaces every limb at position 12 or above by its equivalent {@code -limb·c} twelve limbs
     * lower. Ascending order: a limb receives contributions only from limbs at least 7 above it,
     * which have been read by then, so each limb is folded with its value from before the round.
     */
    private static void fold(long[] t, int at, int limbs) {
        for (int i = LOW_LIMBS; i < limbs; i++) {
            long high = t[at + i];
            t[at + i] = 0;
            for (int j = 0; j < C.length; j++) {
                t[at + i - LOW_LIMBS + j] -= high * C[j];
            }
        }
    }

    /** Carries so every limb but the last lies in {@code [-2^20, 2^20)}. */
    private static void carryRounded(long[] t, int at, int limbs) {
        for (int i = 0; i < limbs - 1; i++) {
            long carry = (t[at + i] + (1L << (BITS - 1))) >> BITS;
            t[at + i] -= carry << BITS;
            t[at + i + 1] += carry;
        }
    }

    /** Carries limbs 0..11 into limb 12, leaving them in {@code [0, 2^21)}; limb 12 keeps the sign. */
    private static void carryFloor(long[] t, int at) {
        for (int i = 0; i < LOW_LIMBS; i++) {
            long carry = t[at + i] >> BITS;
            t[at + i] &= MASK;
            t[at + i + 1] += carry;
        }
    }

    /** Adds {@code sign·L} when {@code mask} is all ones, nothing when it is zero; then carries. */
    private static void addMaskedL(long[] t, int at, long mask, int sign) {
        for (int i = 0; i <= LOW_LIMBS; i++) {
            t[at + i] += sign * (L_LIMBS[i] & mask);
        }
        carryFloor(t, at);
    }

    /** Little-endian bytes into unsigned 21-bit limbs; the limbs past the input are zeroed. */
    private static void load(byte[] in, int from, int length, long[] t, int at, int limbs) {
        long accumulator = 0;
        int bits = 0;
        int limb = 0;
        for (int i = 0; i < length; i++) {
            accumulator |= (in[from + i] & 0xFFL) << bits;
            bits += 8;
            if (bits >= BITS) {
                t[at + limb++] = accumulator & MASK;
                accumulator >>>= BITS;
                bits -= BITS;
            }
        }
        t[at + limb++] = accumulator;
        while (limb < limbs) {
            t[at + limb++] = 0;
        }
    }

    /** Limbs 0..12 (canonical, so limb 12 is zero) into 32 little-endian bytes. */
    private static void store(long[] t, int at, byte[] out, int offset) {
        long accumulator = 0;
        int bits = 0;
        int limb = 0;
        for (int i = 0; i < 32; i++) {
            while (bits < 8) {
                accumulator |= t[at + limb++] << bits;
                bits += BITS;
            }
            out[offset + i] = (byte) accumulator;
            accumulator >>>= 8;
            bits -= 8;
        }
    }

    private static long[] limbsOf(BigInteger value, int limbs) {
        long[] result = new long[limbs];
        for (int i = 0; i < limbs; i++) {
            result[i] = value.shiftRight(BITS * i).longValue() & MASK;
        }
        return result;
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = value.shiftRight(8 * i).byteValue();
        }
        return out;
    }
}
