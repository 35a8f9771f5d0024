package dev.rmbee.identity.sr25519;

import java.util.Arrays;

/**
 * An ed25519 public key as ed25519's {@link KeyCache} remembers it. Seen once, only its encoding is
 * kept (verification is left to BouncyCastle, as for an unknown key). Seen again, it is examined:
 * decoded, and, if it is a point of prime order, given the slice tables of {@code -2^(32·j)·A}
 * that {@link VartimeMultiplier#multiplySliced} multiplies (the width and size of sr25519's, {@link
 * PreparedKey#TABLE_WIDTH}). A key of another order (small, mixed) or one that does not decode
 * stays examined without tables: BouncyCastle keeps verifying for it. Immutable.
 */
final class EdwardsKey implements KeyCache.Entry<EdwardsKey> {

    private static final byte[] ZERO = new byte[32];

    private final byte[] encoding;
    private final boolean examined;
    private final ExtendedPoint.Cached[][] sliceTables;

    private EdwardsKey(byte[] encoding, boolean examined, ExtendedPoint.Cached[][] sliceTables) {
        this.encoding = encoding;
        this.examined = examined;
        this.sliceTables = sliceTables;
    }

    /** A key seen for the first time: its encoding only (copied). */
    static EdwardsKey seen(byte[] encoding) {
        return new EdwardsKey(encoding.clone(), false, null);
    }

    /**
     * This key examined (this one if it already is): with tables if it decodes under BouncyCastle's
     * rules to a point of order L, which also keeps out every key BouncyCastle refuses as of small
     * order (the identity and the 8-torsion) or as non-canonical.
     */
    @Override
    public EdwardsKey completed() {
        if (examined) {
            return this;
        }
        ExtendedPoint point = Edwards25519.decode(encoding);
        if (point == null || Edwards25519.isIdentity(point)) {
            return new EdwardsKey(encoding, true, null);
        }
        ExtendedPoint.Cached[][] tables = VartimeMultiplier.sliceTables(point.negate(), PreparedKey.TABLE_WIDTH, false);
        return new EdwardsKey(encoding, true, isTorsionFree(tables) ? tables : null);
    }

    /** Whether {@code L·A} is the identity (A has no small-order component), with A's own tables. */
    private static boolean isTorsionFree(ExtendedPoint.Cached[][] tables) {
        return Edwards25519.isIdentity(
                VartimeMultiplier.multiplySliced(Edwards25519.ORDER, tables, PreparedKey.TABLE_WIDTH, ZERO));
    }

    /** Whether it was examined (seen twice), with tables or not. */
    @Override
    public boolean isComplete() {
        return examined;
    }

    /** Whether {@link #challengeProduct} may be used: examined, and of prime order. */
    boolean hasTables() {
        return sliceTables != null;
    }

    @Override
    public boolean encodes(byte[] publicKey) {
        return Arrays.equals(encoding, publicKey);
    }

    /** {@code s·B - k·A} for canonical little-endian scalars: the R of a valid signature. */
    ExtendedPoint challengeProduct(byte[] k, byte[] s) {
        if (sliceTables == null) {
            throw new IllegalStateException("an ed25519 key without tables has no fast product");
        }
        return VartimeMultiplier.multiplySliced(k, sliceTables, PreparedKey.TABLE_WIDTH, s);
    }
}
