package dev.rmbee.identity.sr25519;

import java.math.BigInteger;

/**
 * {@code a·A + b·B} for a variable point {@code A} and the basepoint {@code B} in variable time
 * (Straus' method with width-5 NAF for {@code A} and width-8 NAF over a precomputed table for
 * {@code B}): the one multiplication a signature check needs, about three times faster than two
 * constant-time ones. Only for public inputs (verification), never for secret scalars.
 */
final class VartimeMultiplier {

    private static final int A_WIDTH = 5;
    private static final int B_WIDTH = 8;

    /** B, 3B, 5B, … (2^(B_WIDTH-1) - 1)·B, with Z = 1. */
    private static final ExtendedPoint.Cached[] BASE_ODD_MULTIPLES = oddMultiples(basepoint(), B_WIDTH, true);

    private VartimeMultiplier() {}

    /**
     * {@code a·A + b·B}, with {@code a} and {@code b} given as canonical little-endian 32-byte
     * scalars (below the group order).
     */
    static ExtendedPoint multiply(byte[] a, ExtendedPoint point, byte[] b) {
        byte[] aNaf = nonAdjacentForm(a, A_WIDTH);
        byte[] bNaf = nonAdjacentForm(b, B_WIDTH);
        ExtendedPoint.Cached[] aMultiples = oddMultiples(point, A_WIDTH, false);
        ExtendedPoint.Scratch scratch = new ExtendedPoint.Scratch();
        ExtendedPoint result = ExtendedPoint.identity();
        int i = 255;
        while (i >= 0 && aNaf[i] == 0 && bNaf[i] == 0) {
            i--;
        }
        for (; i >= 0; i--) {
            boolean tNeeded = i == 0 || aNaf[i] != 0 || bNaf[i] != 0;
            result.doubleInPlace(scratch, tNeeded);
            add(result, aMultiples, aNaf[i], scratch);
            add(result, BASE_ODD_MULTIPLES, bNaf[i], scratch);
        }
        return result;
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
     * The width-{@code w} non-adjacent form of a scalar below 2^255: 256 signed digits, each zero
     * or odd and below 2^(w-1) in magnitude, any {@code w} consecutive ones holding at most one
     * non-zero digit.
     */
    static byte[] nonAdjacentForm(byte[] scalar, int w) {
        long[] words = new long[5];
        for (int i = 0; i < 32; i++) {
            words[i / 8] |= (scalar[i] & 0xFFL) << (8 * (i % 8));
        }
        byte[] naf = new byte[256];
        int width = 1 << w;
        long mask = width - 1;
        int carry = 0;
        int position = 0;
        while (position < 256) {
            int word = position / 64;
            int bit = position % 64;
            long bits = bit < 64 - w ? words[word] >>> bit : (words[word] >>> bit) | (words[word + 1] << (64 - bit));
            long window = carry + (bits & mask);
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
