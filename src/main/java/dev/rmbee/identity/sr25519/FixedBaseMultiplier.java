package dev.rmbee.identity.sr25519;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * {@code a·B} for a secret scalar {@code a} and the edwards25519 basepoint B, in constant time: the
 * sequence of field operations and the memory read are the same for every scalar.
 *
 * <p>The scalar is cut into 64 signed radix-16 digits {@code e_i ∈ [-8, 8]}. A static table holds,
 * for each {@code j < 32}, the multiples {@code 1…8 · 256^j·B} in affine cached form; then {@code
 * a·B = 16·Σ_odd e_i·16^(i-1)·B + Σ_even e_i·16^i·B}, 64 additions and 4 doublings. Each addition
 * takes its operand by reading all eight entries of its row and keeping one with masked copies
 * ({@link X25519Field#cmov}), then negating it, or not, by a masked swap and negation; a zero digit
 * selects the identity {@code (1, 1, 0)}. The additions are the unified formulas of {@link
 * ExtendedPoint}, which need no special case for doubling or the identity.
 */
final class FixedBaseMultiplier {

    private static final int ROWS = 32;
    private static final int PER_ROW = 8;
    private static final int FIELD = X25519Field.SIZE;
    /** yPlusX, yMinusX and t2d of an affine cached point. */
    private static final int ENTRY = 3 * FIELD;

    private static final int[] TABLE = table();

    private FixedBaseMultiplier() {}

    /** Per-thread state of a multiplication, so it allocates nothing. */
    static final class Workspace {
        final ExtendedPoint.Scratch scratch = new ExtendedPoint.Scratch();
        final ExtendedPoint.Cached selected = new ExtendedPoint.Cached(true);
        final int[] digits = new int[64];
    }

    /** Sets {@code out} to {@code scalar·B}; {@code scalar} is 32 little-endian bytes below 2^255. */
    static void multiply(byte[] scalar, ExtendedPoint out, Workspace w) {
        signedDigits(scalar, w.digits);
        X25519Field.zero(out.x);
        X25519Field.one(out.y);
        X25519Field.one(out.z);
        X25519Field.zero(out.t);
        for (int i = 1; i < 64; i += 2) {
            select(i >> 1, w.digits[i], w.selected);
            out.addInPlace(w.selected, false, w.scratch);
        }
        out.doubleInPlace(w.scratch, false);
        out.doubleInPlace(w.scratch, false);
        out.doubleInPlace(w.scratch, false);
        out.doubleInPlace(w.scratch, true);
        for (int i = 0; i < 64; i += 2) {
            select(i >> 1, w.digits[i], w.selected);
            out.addInPlace(w.selected, false, w.scratch);
        }
    }

    /** Radix-16 digits in {@code [-8, 8)} (the last one up to 8), carried without branches. */
    static void signedDigits(byte[] scalar, int[] digits) {
        for (int i = 0; i < 32; i++) {
            digits[2 * i] = scalar[i] & 15;
            digits[2 * i + 1] = (scalar[i] >>> 4) & 15;
        }
        for (int i = 0; i < 63; i++) {
            int carry = (digits[i] + 8) >> 4;
            digits[i] -= carry << 4;
            digits[i + 1] += carry;
        }
    }

    /** {@code digit · 256^row · B} into {@code into}, reading every entry of the row. */
    private static void select(int row, int digit, ExtendedPoint.Cached into) {
        int negative = digit >>> 31;
        int magnitude = (digit ^ -negative) + negative;
        X25519Field.one(into.yPlusX);
        X25519Field.one(into.yMinusX);
        X25519Field.zero(into.t2d);
        int base = row * PER_ROW * ENTRY;
        for (int j = 0; j < PER_ROW; j++) {
            int mask = equalMask(magnitude, j + 1);
            int at = base + j * ENTRY;
            X25519Field.cmov(mask, TABLE, at, into.yPlusX, 0);
            X25519Field.cmov(mask, TABLE, at + FIELD, into.yMinusX, 0);
            X25519Field.cmov(mask, TABLE, at + 2 * FIELD, into.t2d, 0);
        }
        // -(x, y) is (-x, y): y+x and y-x trade places and 2·d·x·y changes sign
        X25519Field.cswap(negative, into.yPlusX, into.yMinusX);
        X25519Field.cnegate(negative, into.t2d);
    }

    /** All ones when {@code a == b}, else zero; both in [0, 16). */
    private static int equalMask(int a, int b) {
        return ((a ^ b) - 1) >> 31;
    }

    /** The rows {@code k·256^j·B}, k = 1…8, computed once from public values. */
    private static int[] table() {
        int[] table = new int[ROWS * PER_ROW * ENTRY];
        ExtendedPoint.Scratch s = new ExtendedPoint.Scratch();
        ExtendedPoint rowBase = VartimeMultiplier.basepoint();
        for (int row = 0; row < ROWS; row++) {
            ExtendedPoint.Cached step = rowBase.cached();
            ExtendedPoint multiple = rowBase.copy();
            for (int k = 0; k < PER_ROW; k++) {
                ExtendedPoint.Cached entry = multiple.affineCached();
                int at = (row * PER_ROW + k) * ENTRY;
                X25519Field.copy(entry.yPlusX, 0, table, at);
                X25519Field.copy(entry.yMinusX, 0, table, at + FIELD);
                X25519Field.copy(entry.t2d, 0, table, at + 2 * FIELD);
                multiple.addInPlace(step, false, s);
            }
            for (int d = 0; d < 8; d++) {
                rowBase.doubleInPlace(s, d == 7);
            }
        }
        return table;
    }
}
