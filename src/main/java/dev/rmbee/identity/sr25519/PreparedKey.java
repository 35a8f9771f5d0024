package dev.rmbee.identity.sr25519;

import java.util.Arrays;

/**
 * A public key decoded for verification: its encoding, the point {@code -A} a signature check
 * multiplies, and, once the key has been seen twice, the tables of odd multiples of {@code
 * -2^(64·j)·A} that let {@link VartimeMultiplier#multiplyQuarters} run a chain a quarter as long.
 * Immutable; {@link PreparedKeyCache} keeps the recent ones.
 */
final class PreparedKey {

    private final byte[] encoding;
    private final ExtendedPoint negated;
    private final ExtendedPoint.Cached[][] quarterTables;

    private PreparedKey(byte[] encoding, ExtendedPoint negated, ExtendedPoint.Cached[][] quarterTables) {
        this.encoding = encoding;
        this.negated = negated;
        this.quarterTables = quarterTables;
    }

    /** The key an encoding stands for, without tables, or {@code null} if it encodes no element. */
    static PreparedKey decode(byte[] encoding) {
        ExtendedPoint point = Ristretto255.decode(encoding);
        return point == null ? null : new PreparedKey(encoding.clone(), point.negate(), null);
    }

    /** This key with its quarter tables (this one if it already has them). */
    PreparedKey withTables() {
        if (quarterTables != null) {
            return this;
        }
        return new PreparedKey(
                encoding, negated, VartimeMultiplier.quarterTables(negated, VartimeMultiplier.A_WIDTH, false));
    }

    boolean hasTables() {
        return quarterTables != null;
    }

    boolean encodes(byte[] publicKey) {
        return Arrays.equals(encoding, publicKey);
    }

    /**
     * {@code s·B - k·A} for canonical little-endian scalars {@code k} and {@code s}: the point a
     * valid signature's R encodes.
     */
    ExtendedPoint challengeProduct(byte[] k, byte[] s) {
        if (quarterTables == null) {
            return VartimeMultiplier.multiply(k, negated, s);
        }
        return VartimeMultiplier.multiplyQuarters(k, quarterTables, VartimeMultiplier.A_WIDTH, s);
    }
}
