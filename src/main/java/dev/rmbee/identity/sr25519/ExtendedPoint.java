package dev.rmbee.identity.sr25519;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A point of the twisted Edwards curve {@code -x² + y² = 1 + d·x²·y²} (edwards25519) in extended
 * coordinates {@code (X : Y : Z : T)}, {@code x = X/Z}, {@code y = Y/Z}, {@code x·y = T/Z}, over
 * BouncyCastle's field arithmetic. Mutable and variable-time: for verification only, never for
 * secrets. The formulas are those of Hisil, Wong, Carter and Dawson (2008) for {@code a = -1}.
 */
final class ExtendedPoint {

    /** {@code 2·d}, the factor of the cached form. */
    static final int[] D2 = Ristretto255.constant(Ristretto255.D.shiftLeft(1).mod(Ristretto255.P));

    final int[] x = X25519Field.create();
    final int[] y = X25519Field.create();
    final int[] z = X25519Field.create();
    final int[] t = X25519Field.create();

    /** The identity {@code (0 : 1 : 1 : 0)}. */
    static ExtendedPoint identity() {
        ExtendedPoint p = new ExtendedPoint();
        X25519Field.one(p.y);
        X25519Field.one(p.z);
        return p;
    }

    ExtendedPoint copy() {
        ExtendedPoint p = new ExtendedPoint();
        X25519Field.copy(x, 0, p.x, 0);
        X25519Field.copy(y, 0, p.y, 0);
        X25519Field.copy(z, 0, p.z, 0);
        X25519Field.copy(t, 0, p.t, 0);
        return p;
    }

    /** {@code -P}: negates x and T. */
    ExtendedPoint negate() {
        ExtendedPoint p = copy();
        X25519Field.negate(p.x, p.x);
        X25519Field.negate(p.t, p.t);
        return p;
    }

    /** The cached form {@code (Y+X, Y-X, 2·Z, 2·d·T)} that additions take as their second operand. */
    Cached cached() {
        Cached c = new Cached(false);
        X25519Field.apm(y, x, c.yPlusX, c.yMinusX);
        X25519Field.add(z, z, c.z2);
        X25519Field.mul(t, D2, c.t2d);
        c.carry();
        return c;
    }

    /**
     * Doubles this point in place. {@code withT} false leaves T stale, which is fine when the next
     * operation is another doubling (the doubling formula does not read T). Computed with F and H
     * of the formula negated, which gives {@code (-X : -Y : -Z : -T)}, the same point.
     */
    void doubleInPlace(Scratch s, boolean withT) {
        X25519Field.sqr(x, s.a);
        X25519Field.sqr(y, s.b);
        X25519Field.sqr(z, s.c);
        X25519Field.add(s.c, s.c, s.c); // C = 2·Z²
        X25519Field.add(x, y, s.e);
        X25519Field.sqr(s.e, s.e);
        X25519Field.apm(s.a, s.b, s.h, s.d); // -H = A + B, D = A - B
        X25519Field.sub(s.e, s.h, s.e); // E = (X+Y)² - A - B
        X25519Field.carry(s.e);
        X25519Field.negate(s.d, s.g); // G = B - A
        X25519Field.sub(s.c, s.g, s.f); // -F = C - G
        X25519Field.carry(s.f);
        finish(s, withT);
    }

    /** Adds ({@code subtract} false) or subtracts the cached point {@code q} in place. */
    void addInPlace(Cached q, boolean subtract, Scratch s) {
        X25519Field.apm(y, x, s.b, s.a); // b = Y+X, a = Y-X
        X25519Field.mul(s.a, subtract ? q.yPlusX : q.yMinusX, s.a);
        X25519Field.mul(s.b, subtract ? q.yMinusX : q.yPlusX, s.b);
        X25519Field.mul(t, q.t2d, s.c);
        if (q.affine) {
            X25519Field.add(z, z, s.d);
        } else {
            X25519Field.mul(z, q.z2, s.d);
        }
        X25519Field.apm(s.b, s.a, s.h, s.e); // H = B+A, E = B-A
        if (subtract) {
            X25519Field.apm(s.d, s.c, s.f, s.g); // F = D+C, G = D-C
        } else {
            X25519Field.apm(s.d, s.c, s.g, s.f); // G = D+C, F = D-C
        }
        finish(s, true);
    }

    /** {@code X = E·F, Y = G·H, Z = F·G, T = E·H}. */
    private void finish(Scratch s, boolean withT) {
        X25519Field.mul(s.e, s.f, x);
        X25519Field.mul(s.g, s.h, y);
        X25519Field.mul(s.f, s.g, z);
        if (withT) {
            X25519Field.mul(s.e, s.h, t);
        }
    }

    /**
     * The cached form with {@code Z = 1}: {@code (y+x, y-x, 2·d·x·y)}, one multiplication cheaper
     * to add. Computes an inversion: for tables built once.
     */
    Cached affineCached() {
        int[] zInverse = X25519Field.create();
        X25519Field.inv(z, zInverse);
        ExtendedPoint p = new ExtendedPoint();
        X25519Field.mul(x, zInverse, p.x);
        X25519Field.mul(y, zInverse, p.y);
        X25519Field.one(p.z);
        X25519Field.mul(p.x, p.y, p.t);
        Cached c = new Cached(true);
        X25519Field.apm(p.y, p.x, c.yPlusX, c.yMinusX);
        X25519Field.mul(p.t, D2, c.t2d);
        c.carry();
        return c;
    }

    /** A point prepared as the second operand of an addition. */
    static final class Cached {
        final int[] yPlusX = X25519Field.create();
        final int[] yMinusX = X25519Field.create();
        final int[] z2 = X25519Field.create();
        final int[] t2d = X25519Field.create();
        /** Z is 1, so {@link #z2} is not used. */
        final boolean affine;

        Cached(boolean affine) {
            this.affine = affine;
        }

        /** Brings the sums back to reduced limbs, so each may meet another sum in a product. */
        private void carry() {
            X25519Field.carry(yPlusX);
            X25519Field.carry(yMinusX);
            X25519Field.carry(z2);
        }
    }

    /** Temporaries of one thread's computation, so the formulas allocate nothing. */
    static final class Scratch {
        final int[] a = X25519Field.create();
        final int[] b = X25519Field.create();
        final int[] c = X25519Field.create();
        final int[] d = X25519Field.create();
        final int[] e = X25519Field.create();
        final int[] f = X25519Field.create();
        final int[] g = X25519Field.create();
        final int[] h = X25519Field.create();
    }
}
