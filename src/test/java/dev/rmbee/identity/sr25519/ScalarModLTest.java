package dev.rmbee.identity.sr25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The constant-time scalar arithmetic against BigInteger, on seeded random and extreme inputs. */
class ScalarModLTest {

    private static final BigInteger L = ScalarModL.L;
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
    private static final BigInteger TWO_512 = BigInteger.ONE.shiftLeft(512);

    private final Random random = new Random(20261204);
    private final long[] scratch = new long[ScalarModL.SCRATCH_LONGS];

    static byte[] littleEndian(BigInteger value, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = value.shiftRight(8 * i).byteValue();
        }
        return out;
    }

    static BigInteger valueOf(byte[] littleEndian) {
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    /** Values near the edges of every range the reduction goes through, then random ones. */
    private List<BigInteger> samples(BigInteger bound, int randomCount) {
        List<BigInteger> values = new ArrayList<>();
        for (BigInteger edge : new BigInteger[] {
            BigInteger.ZERO,
            BigInteger.ONE,
            L.subtract(BigInteger.ONE),
            L,
            L.add(BigInteger.ONE),
            L.shiftLeft(1),
            BigInteger.ONE.shiftLeft(251),
            BigInteger.ONE.shiftLeft(252),
            BigInteger.ONE.shiftLeft(252).subtract(BigInteger.ONE),
            BigInteger.ONE.shiftLeft(253).subtract(BigInteger.ONE),
            TWO_256.subtract(BigInteger.ONE),
            TWO_256.subtract(L),
            bound.subtract(BigInteger.ONE),
            bound.subtract(BigInteger.ONE).divide(L).multiply(L),
            bound.subtract(BigInteger.ONE).divide(L).multiply(L).subtract(BigInteger.ONE)
        }) {
            if (edge.signum() >= 0 && edge.compareTo(bound) < 0) {
                values.add(edge);
            }
        }
        for (int i = 0; i < randomCount; i++) {
            values.add(new BigInteger(bound.bitLength() - 1, random));
        }
        return values;
    }

    @Test
    void wideValuesReduceAsBigIntegerDoes() {
        for (BigInteger value : samples(TWO_512, 5000)) {
            byte[] out = new byte[32];
            ScalarModL.reduceWide(littleEndian(value, 64), out, scratch);
            assertEquals(value.mod(L), valueOf(out), value.toString(16));
        }
    }

    @Test
    void productsPlusAddendsReduceAsBigIntegerDoes() {
        List<BigInteger> values = samples(TWO_256, 600);
        for (int i = 0; i < values.size(); i++) {
            BigInteger a = values.get(i);
            BigInteger b = values.get((i * 7 + 3) % values.size());
            BigInteger c = values.get((i * 13 + 5) % values.size());
            byte[] out = new byte[32];
            ScalarModL.mulAdd(littleEndian(a, 32), littleEndian(b, 32), littleEndian(c, 32), out, scratch);
            assertEquals(a.multiply(b).add(c).mod(L), valueOf(out), a.toString(16));
        }
        BigInteger max = TWO_256.subtract(BigInteger.ONE);
        byte[] out = new byte[32];
        byte[] maxBytes = littleEndian(max, 32);
        ScalarModL.mulAdd(maxBytes, maxBytes, maxBytes, out, scratch);
        assertEquals(max.multiply(max).add(max).mod(L), valueOf(out));
    }

    @Test
    void theOutputMayBeAnInput() {
        byte[] a = littleEndian(L.subtract(BigInteger.TWO), 32);
        byte[] b = littleEndian(BigInteger.valueOf(3), 32);
        ScalarModL.mulAdd(a, b, a, a, scratch);
        assertArrayEquals(littleEndian(L.subtract(BigInteger.valueOf(8)), 32), a);
    }

    @Test
    void canonicalMeansBelowTheOrder() {
        assertTrue(ScalarModL.isCanonical(littleEndian(BigInteger.ZERO, 32)));
        assertTrue(ScalarModL.isCanonical(littleEndian(L.subtract(BigInteger.ONE), 32)));
        assertFalse(ScalarModL.isCanonical(littleEndian(L, 32)));
        assertFalse(ScalarModL.isCanonical(littleEndian(L.add(BigInteger.ONE), 32)));
        assertFalse(ScalarModL.isCanonical(littleEndian(TWO_256.subtract(BigInteger.ONE), 32)));
        for (int i = 0; i < 2000; i++) {
            BigInteger value = new BigInteger(253, random);
            assertEquals(value.compareTo(L) < 0, ScalarModL.isCanonical(littleEndian(value, 32)));
        }
    }
}
