package dev.rmbee.identity.sr25519;

import java.util.Arrays;

/**
 * A public key decoded for verification: its encoding, the point {@code -A} a signature check
 * multiplies, and, once the key has been seen twice, the tables of odd multiples of {@code
 * -2^(32·j)·A} that let {@link VartimeMultiplier#multiplySliced} run a chain an eighth as long.
 * Immutable; sr25519's {@link KeyCache} keeps the recent ones.
 */
final class PreparedKey implements KeyCache.Entry<PreparedKey> {

    /**
     * NAF width of the slice tables: 4 entries each, 32 per key (about 8 KB); width 5 would be
     * about 5 % faster for twice the memory.
     */
    static final int TABLE_WIDTH = 4;

    private final byte[] encoding;
    private final ExtendedPoint negated;
    private final ExtendedPoint.Cached[][] sliceTables;

    private PreparedKey(byte[] encoding, ExtendedPoint negated, ExtendedPoint.Cached[][] sliceTables) {
        this.encoding = encoding;
        this.negated = negated;
        this.sliceTables = sliceTables;
    }

    /** The key an encoding stands for, without tables, or {@code null} if it encodes no element. */
    static PreparedKey decode(byte[] encoding) {
        ExtendedPoint point = Ristretto255.decode(encoding);
        return point == null ? null : new PreparedKey(encoding.clone(), point.negate(), null);
    }

    /** This key with its slice tables (this one if it already has them). */
    @Override
    public PreparedKey completed() {
        if (sliceTables != null) {
            return this;
        }
        return new PreparedKey(encoding, negated, VartimeMultiplier.sliceTables(negated, TABLE_WIDTH, false));
    }

    /** Whether it has its slice tables. */
    @Override
    public boolean isComplete() {
        return sliceTables != null;
    }

    @Override
    public boolean encodes(byte[] publicKey) {
        return Arrays.equals(encoding, publicKey);
    }

    /**
     * {@code s·B - k·A} for canonical little-endian scalars {@code k} and {@code s}: the point a
     * valid signature's R encodes.
     */
    ExtendedPoint challengeProduct(byte[] k, byte[] s) {
        if (sliceTables == null) {
            return VartimeMultiplier.multiply(k, negated, s);
        }
        return VartimeMultiplier.multiplySliced(k, sliceTables, TABLE_WIDTH, s);
    }
}
