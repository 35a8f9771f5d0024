package dev.rmbee.identity.sr25519;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Decoding and encoding of ristretto255 elements (RFC 9496, §4.3) on {@link ExtendedPoint}s, in
 * variable time: what verification needs from the group besides the double-scalar multiplication.
 */
final class Ristretto255 {

    static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P))
            .mod(P);
    private static final BigInteger SQRT_M1_VALUE =
            BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

    private static final int[] EDWARDS_D = constant(D);
    static final int[] SQRT_M1 = constant(SQRT_M1_VALUE);
    /** {@code 1/sqrt(a - d)} with {@code a = -1}. */
    static final int[] INVSQRT_A_MINUS_D =
            constant(squareRoot(P.subtract(BigInteger.ONE).subtract(D).mod(P)).modInverse(P));

    private Ristretto255() {}

    /**
     * The point a 32-byte encoding stands for, or {@code null} when it is no canonical encoding
     * of an element (RFC 9496 §4.3.1).
     */
    static ExtendedPoint decode(byte[] encoding) {
        int[] s = X25519Field.create();
        if (!decodeCanonical(encoding, s) || (s[0] & 1) == 1) {
            return null;
        }
        int[] ss = X25519Field.create();
        int[] u1 = X25519Field.create();
        int[] u2 = X25519Field.create();
        int[] u2Squared = X25519Field.create();
        int[] v = X25519Field.create();
        X25519Field.sqr(s, ss);
        X25519Field.one(u1);
        X25519Field.apm(u1, ss, u2, u1); // u2 = 1 + s², u1 = 1 - s²
        X25519Field.carry(u1);
        X25519Field.carry(u2);
        X25519Field.sqr(u2, u2Squared);
        X25519Field.sqr(u1, v);
        X25519Field.mul(v, EDWARDS_D, v);
        X25519Field.add(v, u2Squared, v);
        X25519Field.negate(v, v); // v = -(d·u1²) - u2²
        X25519Field.carry(v);

        int[] invSqrt = X25519Field.create();
        int[] product = X25519Field.create();
        X25519Field.mul(v, u2Squared, product);
        if (!inverseSquareRoot(product, invSqrt)) {
            return null;
        }
        int[] denX = X25519Field.create();
        int[] denY = X25519Field.create();
        X25519Field.mul(invSqrt, u2, denX);
        X25519Field.mul(invSqrt, denX, denY);
        X25519Field.mul(denY, v, denY);

        ExtendedPoint p = new ExtendedPoint();
        X25519Field.add(s, s, p.x);
        X25519Field.mul(p.x, denX, p.x);
        absolute(p.x);
        X25519Field.mul(u1, denY, p.y);
        X25519Field.one(p.z);
        X25519Field.mul(p.x, p.y, p.t);
        if (isNegative(p.t) || isZero(p.y)) {
            return null;
        }
        return p;
    }

    /** The canonical 32-byte encoding of {@code p} (RFC 9496 §4.3.2). */
    static byte[] encode(ExtendedPoint p) {
        int[] u1 = X25519Field.create();
        int[] u2 = X25519Field.create();
        int[] sum = X25519Field.create();
        int[] difference = X25519Field.create();
        X25519Field.apm(p.z, p.y, sum, difference);
        X25519Field.mul(sum, difference, u1);
        X25519Field.mul(p.x, p.y, u2);
        int[] radicand = X25519Field.create();
        X25519Field.sqr(u2, radicand);
        X25519Field.mul(radicand, u1, radicand);
        int[] invSqrt = X25519Field.create();
        if (!inverseSquareRoot(radicand, invSqrt)) {
            return new byte[32]; // only the identity's coset has u1·u2² = 0: it encodes as zero
        }
        int[] den1 = X25519Field.create();
        int[] den2 = X25519Field.create();
        int[] zInv = X25519Field.create();
        X25519Field.mul(invSqrt, u1, den1);
        X25519Field.mul(invSqrt, u2, den2);
        X25519Field.mul(den1, den2, zInv);
        X25519Field.mul(zInv, p.t, zInv);

        int[] x = X25519Field.create();
        int[] y = X25519Field.create();
        int[] denInv = X25519Field.create();
        int[] rotation = X25519Field.create();
        X25519Field.mul(p.t, zInv, rotation);
        if (isNegative(rotation)) {
            X25519Field.mul(p.y, SQRT_M1, x);
            X25519Field.mul(p.x, SQRT_M1, y);
            X25519Field.mul(den1, INVSQRT_A_MINUS_D, denInv);
        } else {
            X25519Field.copy(p.x, 0, x, 0);
            X25519Field.copy(p.y, 0, y, 0);
            X25519Field.copy(den2, 0, denInv, 0);
        }
        X25519Field.mul(x, zInv, x);
        if (isNegative(x)) {
            X25519Field.negate(y, y);
        }
        int[] s = X25519Field.create();
        X25519Field.sub(p.z, y, s);
        X25519Field.carry(s);
        X25519Field.mul(s, denInv, s);
        absolute(s);
        byte[] encoding = new byte[32];
        X25519Field.normalize(s);
        X25519Field.encode(s, encoding, 0);
        return encoding;
    }

    /**
     * {@code r = 1/sqrt(u)} up to sign, when {@code u} is a non-zero square; false otherwise (RFC
     * 9496's SQRT_RATIO_M1(1, u), whose sign the callers never depend on).
     */
    private static boolean inverseSquareRoot(int[] u, int[] r) {
        int[] one = X25519Field.create();
        X25519Field.one(one);
        return X25519Field.sqrtRatioVar(one, u, r);
    }

    private static boolean decodeCanonical(byte[] encoding, int[] into) {
        if (encoding.length != 32 || (encoding[31] & 0x80) != 0) {
            return false;
        }
        X25519Field.decode255(encoding, into);
        int[] copy = X25519Field.create();
        X25519Field.copy(into, 0, copy, 0);
        X25519Field.normalize(copy);
        byte[] again = new byte[32];
        X25519Field.encode(copy, again, 0);
        return Arrays.equals(again, encoding);
    }

    /** RFC 9496's IS_NEGATIVE: the least significant bit of the canonical encoding. */
    private static boolean isNegative(int[] value) {
        int[] copy = X25519Field.create();
        X25519Field.copy(value, 0, copy, 0);
        X25519Field.normalize(copy);
        return (copy[0] & 1) == 1;
    }

    private static boolean isZero(int[] value) {
        int[] copy = X25519Field.create();
        X25519Field.copy(value, 0, copy, 0);
        X25519Field.normalize(copy);
        return X25519Field.isZeroVar(copy);
    }

    /** RFC 9496's CT_ABS, in place (not in constant time). */
    private static void absolute(int[] value) {
        if (isNegative(value)) {
            X25519Field.negate(value, value);
        }
        X25519Field.normalize(value);
    }

    /** A square root modulo p (p ≡ 5 mod 8), for the constants only. */
    static BigInteger squareRoot(BigInteger value) {
        BigInteger root = value.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!root.multiply(root).mod(P).equals(value)) {
            root = root.multiply(SQRT_M1_VALUE).mod(P);
        }
        return root;
    }

    /** A field element from its integer value. */
    static int[] constant(BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        byte[] littleEndian = new byte[32];
        for (int i = 0; i < bigEndian.length && i < 32; i++) {
            littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
        }
        int[] element = X25519Field.create();
        X25519Field.decode255(littleEndian, element);
        return element;
    }
}
