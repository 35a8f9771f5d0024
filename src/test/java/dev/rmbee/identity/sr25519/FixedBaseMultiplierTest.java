package dev.rmbee.identity.sr25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.RistrettoElement;
import cafe.cryptography.curve25519.Scalar;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The constant-time fixed-base multiplication and encoding against elisabeth's (also constant-time)
 * basepoint table, and the constant-time encoding against the variable-time one.
 */
class FixedBaseMultiplierTest {

    private static final int CASES = 500;

    private final Random random = new Random(20261204);
    private final FixedBaseMultiplier.Workspace workspace = new FixedBaseMultiplier.Workspace();
    private final ConstantTimeRistretto.Workspace encoder = new ConstantTimeRistretto.Workspace();

    private byte[] ours(byte[] scalar) {
        ExtendedPoint point = new ExtendedPoint();
        FixedBaseMultiplier.multiply(scalar, point, workspace);
        byte[] encoding = new byte[32];
        ConstantTimeRistretto.encode(point, encoding, 0, encoder);
        return encoding;
    }

    private static byte[] elisabeths(byte[] scalar) {
        return Constants.RISTRETTO_GENERATOR_TABLE
                .multiply(Scalar.fromBits(scalar))
                .compress()
                .toByteArray();
    }

    @Test
    void randomScalarsGiveElisabethsProducts() {
        for (int i = 0; i < CASES; i++) {
            byte[] scalar = new byte[32];
            random.nextBytes(scalar);
            scalar[31] &= 0x0f; // below 2^252 < L: elisabeth's fromBits then takes it as is
            assertArrayEquals(elisabeths(scalar), ours(scalar), "case " + i);
        }
    }

    @Test
    void edgeScalarsGiveElisabethsProducts() {
        BigInteger l = ScalarModL.L;
        for (BigInteger value : new BigInteger[] {
            BigInteger.ONE,
            BigInteger.TWO,
            BigInteger.valueOf(8),
            BigInteger.valueOf(9),
            l.subtract(BigInteger.ONE),
            l.subtract(BigInteger.valueOf(8)),
            BigInteger.ONE.shiftLeft(251),
            BigInteger.ONE.shiftLeft(252).subtract(BigInteger.ONE),
            new BigInteger("8888888888888888888888888888888888888888888888888888888888888888", 16).mod(l),
            new BigInteger("0777777777777777777777777777777777777777777777777777777777777777", 16)
        }) {
            byte[] scalar = ScalarModLTest.littleEndian(value, 32);
            assertArrayEquals(elisabeths(scalar), ours(scalar), value.toString(16));
        }
    }

    @Test
    void zeroAndTheOrderGiveTheIdentityWhichEncodesAsZero() {
        assertArrayEquals(new byte[32], ours(new byte[32]));
        assertArrayEquals(new byte[32], ours(ScalarModLTest.littleEndian(ScalarModL.L, 32)));
        assertArrayEquals(RistrettoElement.IDENTITY.compress().toByteArray(), new byte[32]);
    }

    @Test
    void theConstantTimeEncodingMatchesTheVariableTimeOne() {
        for (int i = 0; i < CASES; i++) {
            byte[] scalar = new byte[32];
            random.nextBytes(scalar);
            scalar[31] &= 0x7f;
            ExtendedPoint point = new ExtendedPoint();
            FixedBaseMultiplier.multiply(scalar, point, workspace);
            byte[] encoding = new byte[33];
            ConstantTimeRistretto.encode(point, encoding, 1, encoder);
            byte[] expected = new byte[33];
            System.arraycopy(Ristretto255.encode(point), 0, expected, 1, 32);
            assertArrayEquals(expected, encoding, "case " + i);
        }
    }

    @Test
    void signedDigitsAddUpToTheScalarAndStayInRange() {
        int[] digits = new int[64];
        for (int i = 0; i < CASES; i++) {
            byte[] scalar = new byte[32];
            random.nextBytes(scalar);
            scalar[31] &= 0x7f;
            FixedBaseMultiplier.signedDigits(scalar, digits);
            BigInteger sum = BigInteger.ZERO;
            for (int j = 63; j >= 0; j--) {
                sum = sum.shiftLeft(4).add(BigInteger.valueOf(digits[j]));
                assertTrue(digits[j] >= -8 && digits[j] <= (j == 63 ? 8 : 7), "digit " + j + ": " + digits[j]);
            }
            assertEquals(ScalarModLTest.valueOf(scalar), sum, "case " + i);
        }
    }
}
