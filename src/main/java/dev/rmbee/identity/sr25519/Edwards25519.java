package dev.rmbee.identity.sr25519;

import java.math.BigInteger;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * RFC 8032 encodings of edwards25519 points on {@link ExtendedPoint}s, in variable time, with
 * exactly the decoding rules of BouncyCastle's {@code Ed25519.verify}: y below p (the sign bit set
 * aside), a square root for x, and no sign bit on x = 0. What ed25519 verification needs from the
 * group besides the double-scalar multiplication.
 */
final class Edwards25519 {

    private static final int[] EDWARDS_D = Ristretto255.constant(Ristretto255.D);

    /** The group order L, little-endian. */
    static final byte[] ORDER =
            littleEndian(BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493")));

    private Edwards25519() {}

    /**
     * The point a 32-byte encoding stands for, or {@code null} when BouncyCastle would refuse to
     * decode it: y at or above p, no x for y, or x = 0 with the sign bit set.
     */
    static ExtendedPoint decode(byte[] encoding) {
        if (encoding.length != 32 || !yBelowP(encoding)) {
            return null;
        }
        boolean xOdd = (encoding[31] & 0x80) != 0;
        ExtendedPoint p = new ExtendedPoint();
        X25519Field.decode255(encoding, p.y); // ignores the sign bit
        int[] u = X25519Field.create();
        int[] v = X25519Field.create();
        X25519Field.sqr(p.y, u);
        X25519Field.mul(EDWARDS_D, u, v);
        X25519Field.subOne(u); // u = y² - 1
        X25519Field.addOne(v); // v = d·y² + 1
        if (!X25519Field.sqrtRatioVar(u, v, p.x)) {
            return null;
        }
        X25519Field.normalize(p.x);
        if (xOdd && X25519Field.isZeroVar(p.x)) {
            return null;
        }
        if (xOdd != ((p.x[0] & 1) == 1)) {
            X25519Field.negate(p.x, p.x);
            X25519Field.normalize(p.x);
        }
        X25519Field.one(p.z);
        X25519Field.mul(p.x, p.y, p.t);
        return p;
    }

    /** The canonical 32-byte encoding of {@code p}: y, with the parity of x in the top bit. */
    static byte[] encode(ExtendedPoint p) {
        int[] zInverse = X25519Field.create();
        X25519Field.invVar(p.z, zInverse);
        int[] x = X25519Field.create();
        int[] y = X25519Field.create();
        X25519Field.mul(p.x, zInverse, x);
        X25519Field.mul(p.y, zInverse, y);
        X25519Field.normalize(x);
        X25519Field.normalize(y);
        byte[] encoding = new byte[32];
        X25519Field.encode(y, encoding, 0);
        encoding[31] |= (byte) ((x[0] & 1) << 7);
        return encoding;
    }

    /** Whether {@code p} is the identity: X = 0 and Y = Z. */
    static boolean isIdentity(ExtendedPoint p) {
        int[] x = p.x.clone();
        int[] y = p.y.clone();
        int[] z = p.z.clone();
        X25519Field.normalize(x);
        X25519Field.normalize(y);
        X25519Field.normalize(z);
        return X25519Field.isZeroVar(x) && X25519Field.areEqualVar(y, z);
    }

    /** Whether {@code 8·p} is the identity: p lies in the 8-torsion. */
    static boolean isSmallOrder(ExtendedPoint p) {
        ExtendedPoint q = p.copy();
        ExtendedPoint.Scratch scratch = new ExtendedPoint.Scratch();
        for (int i = 0; i < 3; i++) {
            q.doubleInPlace(scratch, i == 2);
        }
        return isIdentity(q);
    }

    /** Whether the 255-bit y of an encoding (top bit masked) is below p = 2^255 - 19. */
    private static boolean yBelowP(byte[] encoding) {
        if ((encoding[31] & 0x7F) != 0x7F) {
            return true;
        }
        for (int i = 30; i >= 1; i--) {
            if (encoding[i] != (byte) 0xFF) {
                return true;
            }
        }
        return (encoding[0] & 0xFF) < 0xED;
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < bigEndian.length && i < 32; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }
}
