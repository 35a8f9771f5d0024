package dev.rmbee.identity.sr25519;

import java.math.BigInteger;

/**
 * {@code a·A + b·B} for a variable point {@code A} and the basepoint {@code B} in variable time
 * with Straus' method: signed digits of each scalar (width-{@code w} NAF) against a table of odd
 * multiples of its point, sharing one chain of doublings. The one multiplication a signature check
 * needs. Only for public inputs (verification), never for secret scalars.
 *
 * <p>Without precomputation for {@code A} ({@link #multiply}), the chain is 253 doublings long.
 * With {@link PreparedKey}'s tables of {@code 2^(32·j)·A} (and the static ones of {@code
 * 2^(32·j)·B}), each scalar is cut into eight 32-bit slices ({@link #multiplySliced}), which
 * shortens the chain to 32 doublings at the cost of a few more additions.
 */
final class VartimeMultiplier {

    /** The NAF width for a point whose table is built for one multiplication. */
    static final int A_WIDTH = 5;

    private static final int B_WIDTH = 8;

    /** Bits per scalar slice in {@link #multiplySliced}. */
    static final int SLICE_BITS = 32;

    static final int SLICES = 256 / SLICE_BITS;

    /**
     * For each slice j, {@code 2^(32·j)·B, 3·2^(32·j)·B, …} up to {@code (2^(B_WIDTH-1) - 1)}
     * times, with Z = 1. Slice 0 is the table of {@code B} itself.
     */
    private static final ExtendedPoint.Cached[][] BASE_SLICE_TABLES = sliceTables(basepoint(), B_WIDTH, true);

    private VartimeMultiplier() {}

    /**
     * {@code a·A + b·B}, with {@code a} and {@code b} given as canonical little-endian 32-byte
     * scalars (below the group order).
     */
    static ExtendedPoint multiply(byte[] a, ExtendedPoint point, byte[] b) {
        byte[][] nafs = {nonAdjacentForm(a, 0, 256, A_WIDTH), nonAdjacentForm(b, 0, 256, B_WIDTH)};
        ExtendedPoint.Cached[][] tables = {oddMultiples(point, A_WIDTH, false), BASE_SLICE_TABLES[0]};
        return straus(nafs, tables);
    }

    /**
     * {@code a·A + b·B} where {@code aSliceTables[j]} holds the odd multiples of {@code
     * 2^(32·j)·A} for NAF width {@code aWidth} (as {@link #sliceTables} builds them).
     */
    static ExtendedPoint multiplySliced(byte[] a, ExtendedPoint.Cached[][] aSliceTables, int aWidth, byte[] b) {
        byte[][] nafs = new byte[2 * SLICES][];
        ExtendedPoint.Cached[][] tables = new ExtendedPoint.Cached[2 * SLICES][];
        for (int j = 0; j < SLICES; j++) {
            nafs[2 * j] = nonAdjacentForm(a, j * SLICE_BITS, SLICE_BITS, aWidth);
            tables[2 * j] = aSliceTables[j];
            nafs[2 * j + 1] = nonAdjacentForm(b, j * SLICE_BITS, SLICE_BITS, B_WIDTH);
            tables[2 * j + 1] = BASE_SLICE_TABLES[j];
        }
        return straus(nafs, tables);
    }

    /** {@code Σ nafs[t]·P_t}, where {@code tables[t]} holds the odd multiples of {@code P_t}. */
    private static ExtendedPoint straus(byte[][] nafs, ExtendedPoint.Cached[][] tables) {
        ExtendedPoint.Scratch scratch = new ExtendedPoint.Scratch();
        ExtendedPoint result = ExtendedPoint.identity();
        int i = highestDigit(nafs);
        for (; i >= 0; i--) {
            result.doubleInPlace(scratch, i == 0 || anyDigit(nafs, i));
            for (int t = 0; t < nafs.length; t++) {
                byte[] naf = nafs[t];
                if (i < naf.length) {
                    add(result, tables[t], naf[i], scratch);
                }
            }
        }
        return result;
    }

    private static int highestDigit(byte[][] nafs) {
        int highest = -1;
        for (byte[] naf : nafs) {
            for (int i = naf.length - 1; i > highest; i--) {
                if (naf[i] != 0) {
                    highest = i;
                    break;
                }
            }
        }
        return highest;
    }

    /** Whether an addition follows the doubling at position i (which then must compute T). */
    private static boolean anyDigit(byte[][] nafs, int i) {
        for (byte[] naf : nafs) {
            if (i < naf.length && naf[i] != 0) {
                return true;
            }
        }
        return false;
    }

    private static void add(
            ExtendedPoint into, ExtendedPoint.Cached[] oddMultiples, int digit, ExtendedPoint.Scratch s) {
        if (digit > 0) {
            into.addInPlace(oddMultiples[digit / 2], false, s);
        } else if (digit < 0) {
            into.addInPlace(oddMultiples[-digit / 2], true, s);
        }
    }

    /**
     * The width-{@code w} non-adjacent form of bits {@code [from, from + bits)} of a little-endian
     * scalar below 2^255: {@code bits + 1} signed digits, each zero or odd and below 2^(w-1) in
     * magnitude, any {@code w} consecutive ones holding at most one non-zero digit.
     */
    static byte[] nonAdjacentForm(byte[] scalar, int from, int bits, int w) {
        long[] words = new long[bits / 64 + 2];
        for (int i = 0; i < bits / 8; i++) {
            words[i / 8] |= (scalar[from / 8 + i] & 0xFFL) << (8 * (i % 8));
        }
        byte[] naf = new byte[bits + 1];
        int width = 1 << w;
        long mask = width - 1;
        int carry = 0;
        int position = 0;
        while (position <= bits) {
            int word = position / 64;
            int bit = position % 64;
            long bits64 = bit == 0 ? words[word] : (words[word] >>> bit) | (words[word + 1] << (64 - bit));
            long window = carry + (bits64 & mask);
            if ((window & 1) == 0) {
                position++;
                continue;
            }
            if (window < width / 2) {
                carry = 0;
                naf[position] = (byte) window;
            } else {
                carry = 1;
                naf[position] = (byte) (window - width);
            }
            position += w;
        }
        return naf;
    }

    /**
     * For j in 0..7, the odd multiples of {@code 2^(32·j)·P} for NAF width {@code w}, with Z = 1 if
     * {@code affine} (an inversion per entry: for tables built once).
     */
    static ExtendedPoint.Cached[][] sliceTables(ExtendedPoint point, int w, boolean affine) {
        ExtendedPoint.Cached[][] tables = new ExtendedPoint.Cached[SLICES][];
        ExtendedPoint.Scratch scratch = new ExtendedPoint.Scratch();
        ExtendedPoint slice = point.copy();
        for (int j = 0; j < SLICES; j++) {
            if (j > 0) {
                for (int d = 0; d < SLICE_BITS; d++) {
                    slice.doubleInPlace(scratch, d == SLICE_BITS - 1);
                }
            }
            tables[j] = oddMultiples(slice, w, affine);
        }
        return tables;
    }

    /** P, 3P, 5P, … (2^(w-1) - 1)·P in cached form, with Z = 1 if {@code affine}. */
    private static ExtendedPoint.Cached[] oddMultiples(ExtendedPoint point, int w, boolean affine) {
        ExtendedPoint.Cached[] multiples = new ExtendedPoint.Cached[1 << (w - 2)];
        ExtendedPoint.Scratch scratch = new ExtendedPoint.Scratch();
        ExtendedPoint twice = point.copy();
        twice.doubleInPlace(scratch, true);
        ExtendedPoint.Cached step = twice.cached();
        ExtendedPoint current = point.copy();
        for (int i = 0; i < multiples.length; i++) {
            if (i > 0) {
                current.addInPlace(step, false, scratch);
            }
            multiples[i] = affine ? current.affineCached() : current.cached();
        }
        return multiples;
    }

    /** The basepoint of edwards25519: y = 4/5, x even. */
    static ExtendedPoint basepoint() {
        BigInteger p = Ristretto255.P;
        BigInteger y = BigInteger.valueOf(4)
                .multiply(BigInteger.valueOf(5).modInverse(p))
                .mod(p);
        BigInteger ySquared = y.multiply(y).mod(p);
        BigInteger xSquared = ySquared.subtract(BigInteger.ONE)
                .multiply(Ristretto255.D.multiply(ySquared).add(BigInteger.ONE).modInverse(p))
                .mod(p);
        BigInteger x = Ristretto255.squareRoot(xSquared);
        if (x.testBit(0)) {
            x = p.subtract(x);
        }
        ExtendedPoint b = new ExtendedPoint();
        System.arraycopy(Ristretto255.constant(x), 0, b.x, 0, b.x.length);
        System.arraycopy(Ristretto255.constant(y), 0, b.y, 0, b.y.length);
        System.arraycopy(Ristretto255.constant(BigInteger.ONE), 0, b.z, 0, b.z.length);
        System.arraycopy(Ristretto255.constant(x.multiply(y).mod(p)), 0, b.t, 0, b.t.length);
        return b;
    }
}
