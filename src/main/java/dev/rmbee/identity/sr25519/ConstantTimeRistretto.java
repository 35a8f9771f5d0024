package dev.rmbee.identity.sr25519;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * The ristretto255 encoding (RFC 9496 §4.3.2) in constant time, for a point whose coordinates
 * derive from a secret (a signature's {@code R = r·B} before it is encoded): the inverse square
 * root is an exponentiation by a fixed chain, and every choice of the RFC is a masked copy,
 * negation or comparison ({@code cmov}, {@code cnegate}, {@code areEqual}) instead of a branch.
 * {@link Ristretto255#encode} is the variable-time twin used by verification.
 */
final class ConstantTimeRistretto {

    private static final int[] MINUS_ONE = normalized(negated(one()));
    private static final int[] MINUS_SQRT_M1 = normalized(negated(Ristretto255.SQRT_M1.clone()));

    private ConstantTimeRistretto() {}

    /** Field temporaries of one thread's encoding, so it allocates nothing. */
    static final class Workspace {
        private final int[] u1 = X25519Field.create();
        private final int[] u2 = X25519Field.create();
        private final int[] a = X25519Field.create();
        private final int[] b = X25519Field.create();
        private final int[] c = X25519Field.create();
        private final int[] d = X25519Field.create();
        private final int[] e = X25519Field.create();
        private final int[] f = X25519Field.create();
        private final int[] g = X25519Field.create();
        private final int[] h = X25519Field.create();
        private final int[] test = X25519Field.create();
    }

    /** Writes the 32-byte encoding of {@code p} at {@code out[offset]}. */
    static void encode(ExtendedPoint p, byte[] out, int offset, Workspace w) {
        X25519Field.apm(p.z, p.y, w.a, w.b);
        X25519Field.mul(w.a, w.b, w.u1); // u1 = (z + y)(z - y)
        X25519Field.mul(p.x, p.y, w.u2); // u2 = x·y
        X25519Field.sqr(w.u2, w.a);
        X25519Field.mul(w.a, w.u1, w.a);
        int[] invSqrt = w.b;
        inverseSquareRoot(w.a, invSqrt, w);
        int[] den1 = w.c;
        int[] den2 = w.d;
        int[] zInv = w.e;
        X25519Field.mul(invSqrt, w.u1, den1);
        X25519Field.mul(invSqrt, w.u2, den2);
        X25519Field.mul(den1, den2, zInv);
        X25519Field.mul(zInv, p.t, zInv);

        X25519Field.mul(p.t, zInv, w.a);
        int rotate = -isNegative(w.a, w);
        int[] x = w.f;
        int[] y = w.g;
        int[] denInv = w.h;
        X25519Field.copy(p.x, 0, x, 0);
        X25519Field.copy(p.y, 0, y, 0);
        X25519Field.copy(den2, 0, denInv, 0);
        X25519Field.mul(p.y, Ristretto255.SQRT_M1, w.a);
        X25519Field.cmov(rotate, w.a, 0, x, 0);
        X25519Field.mul(p.x, Ristretto255.SQRT_M1, w.a);
        X25519Field.cmov(rotate, w.a, 0, y, 0);
        X25519Field.mul(den1, Ristretto255.INVSQRT_A_MINUS_D, w.a);
        X25519Field.cmov(rotate, w.a, 0, denInv, 0);

        X25519Field.mul(x, zInv, w.a);
        X25519Field.cnegate(isNegative(w.a, w), y);
        int[] s = w.a;
        X25519Field.sub(p.z, y, s);
        X25519Field.carry(s);
        X25519Field.mul(s, denInv, s);
        absolute(s, w);
        X25519Field.encode(s, out, offset);
    }

    /**
     * RFC 9496's SQRT_RATIO_M1(1, v): {@code r = v³·(v⁷)^((p-5)/8)}, times {@code sqrt(-1)} when
     * that is the root, made non-negative. Zero for {@code v = 0} (the identity then encodes as 0).
     */
    private static void inverseSquareRoot(int[] v, int[] r, Workspace w) {
        int[] v3 = w.c;
        int[] v7 = w.d;
        X25519Field.sqr(v, v3);
        X25519Field.mul(v3, v, v3);
        X25519Field.sqr(v3, v7);
        X25519Field.mul(v7, v, v7);
        powPMinus5Over8(v7, r, w);
        X25519Field.mul(r, v3, r);
        int[] check = w.c;
        X25519Field.sqr(r, check);
        X25519Field.mul(check, v, check);
        int flipped = equalMask(check, MINUS_ONE, w) | equalMask(check, MINUS_SQRT_M1, w);
        X25519Field.mul(r, Ristretto255.SQRT_M1, w.d);
        X25519Field.cmov(flipped, w.d, 0, r, 0);
        absolute(r, w);
    }

    /** {@code x^(2^252 - 3)} by a fixed chain of 251 squarings and 11 multiplications. */
    private static void powPMinus5Over8(int[] x, int[] out, Workspace w) {
        int[] a = w.e;
        int[] b = w.f;
        int[] x10 = w.g;
        int[] x50 = w.h;
        X25519Field.sqr(x, a);
        X25519Field.mul(a, x, a); // 2^2 - 1
        X25519Field.sqr(a, 2, b);
        X25519Field.mul(b, a, a); // 2^4 - 1
        X25519Field.sqr(a, b);
        X25519Field.mul(b, x, a); // 2^5 - 1
        X25519Field.sqr(a, 5, b);
        X25519Field.mul(b, a, x10); // 2^10 - 1
        X25519Field.sqr(x10, 10, b);
        X25519Field.mul(b, x10, a); // 2^20 - 1
        X25519Field.sqr(a, 20, b);
        X25519Field.mul(b, a, a); // 2^40 - 1
        X25519Field.sqr(a, 10, b);
        X25519Field.mul(b, x10, x50); // 2^50 - 1
        X25519Field.sqr(x50, 50, b);
        X25519Field.mul(b, x50, a); // 2^100 - 1
        X25519Field.sqr(a, 100, b);
        X25519Field.mul(b, a, a); // 2^200 - 1
        X25519Field.sqr(a, 50, b);
        X25519Field.mul(b, x50, a); // 2^250 - 1
        X25519Field.sqr(a, 2, b);
        X25519Field.mul(b, x, out); // 2^252 - 3
    }

    /** 1 when the canonical encoding of {@code value} is odd (RFC 9496's IS_NEGATIVE), else 0. */
    private static int isNegative(int[] value, Workspace w) {
        X25519Field.copy(value, 0, w.test, 0);
        X25519Field.normalize(w.test);
        return w.test[0] & 1;
    }

    /** RFC 9496's CT_ABS in place, leaving {@code value} normalized. */
    private static void absolute(int[] value, Workspace w) {
        X25519Field.cnegate(isNegative(value, w), value);
        X25519Field.normalize(value);
    }

    /** All ones when {@code value} equals the normalized {@code constant}, else zero. */
    private static int equalMask(int[] value, int[] constant, Workspace w) {
        X25519Field.copy(value, 0, w.test, 0);
        X25519Field.normalize(w.test);
        return X25519Field.areEqual(w.test, constant);
    }

    private static int[] one() {
        int[] one = X25519Field.create();
        X25519Field.one(one);
        return one;
    }

    private static int[] negated(int[] value) {
        X25519Field.negate(value, value);
        return value;
    }

    private static int[] normalized(int[] value) {
        X25519Field.carry(value);
        X25519Field.normalize(value);
        return value;
    }
}
