package dev.rmbee.identity.sr25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.InvalidEncodingException;
import cafe.cryptography.curve25519.RistrettoElement;
import cafe.cryptography.curve25519.Scalar;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The variable-time verification arithmetic against elisabeth's constant-time ristretto255, on
 * seeded random inputs: same validity for every encoding, same points, same products.
 */
class VartimeMultiplierTest {

    private static final int CASES = 300;

    private final Random random = new Random(20261203);

    private Scalar randomScalar() {
        byte[] wide = new byte[64];
        random.nextBytes(wide);
        return Scalar.fromBytesModOrderWide(wide);
    }

    private RistrettoElement randomElement() {
        byte[] uniform = new byte[64];
        random.nextBytes(uniform);
        return RistrettoElement.fromUniformBytes(uniform);
    }

    @Test
    void encodingsRoundTripAsElisabethsCompress() {
        for (int i = 0; i < CASES; i++) {
            byte[] encoding = randomElement().compress().toByteArray();
            ExtendedPoint point = Ristretto255.decode(encoding);
            assertArrayEquals(encoding, Ristretto255.encode(point));
        }
    }

    @Test
    void decodeAcceptsExactlyWhatElisabethAccepts() {
        int valid = 0;
        for (int i = 0; i < CASES * 10; i++) {
            byte[] encoding = new byte[32];
            random.nextBytes(encoding);
            if (i % 3 == 0) {
                encoding[31] &= 0x7F; // also many with the top bit clear
            }
            boolean elisabeth = decompresses(encoding);
            ExtendedPoint ours = Ristretto255.decode(encoding);
            assertEquals(elisabeth, ours != null, "encoding " + i);
            valid += elisabeth ? 1 : 0;
        }
        assertTrue(valid > CASES / 4, "the random encodings include valid ones: " + valid);
    }

    @Test
    void nonCanonicalFieldElementsAreRefused() {
        byte[] p = new byte[32]; // p itself, 2^255 - 19: non-canonical zero
        p[0] = (byte) 0xED;
        for (int i = 1; i < 31; i++) {
            p[i] = (byte) 0xFF;
        }
        p[31] = 0x7F;
        assertNull(Ristretto255.decode(p));
        assertArrayEquals(new byte[32], Ristretto255.encode(Ristretto255.decode(new byte[32])));
    }

    @Test
    void doubleScalarProductsMatchElisabeth() {
        for (int i = 0; i < CASES; i++) {
            Scalar a = randomScalar();
            Scalar b = randomScalar();
            RistrettoElement element = randomElement();
            ExtendedPoint point = Ristretto255.decode(element.compress().toByteArray());
            byte[] expected = element.multiply(a)
                    .add(Constants.RISTRETTO_GENERATOR_TABLE.multiply(b))
                    .compress()
                    .toByteArray();
            byte[] product = Ristretto255.encode(VartimeMultiplier.multiply(a.toByteArray(), point, b.toByteArray()));
            assertArrayEquals(expected, product, "case " + i);
        }
    }

    @Test
    void edgeScalars() {
        RistrettoElement element = randomElement();
        ExtendedPoint point = Ristretto255.decode(element.compress().toByteArray());
        byte[] zero = Scalar.ZERO.toByteArray();
        byte[] one = Scalar.ONE.toByteArray();
        byte[] minusOne = Scalar.ZERO.subtract(Scalar.ONE).toByteArray();
        assertArrayEquals(new byte[32], Ristretto255.encode(VartimeMultiplier.multiply(zero, point, zero)));
        assertArrayEquals(
                element.compress().toByteArray(), Ristretto255.encode(VartimeMultiplier.multiply(one, point, zero)));
        assertArrayEquals(
                Constants.RISTRETTO_GENERATOR.compress().toByteArray(),
                Ristretto255.encode(VartimeMultiplier.multiply(zero, point, one)));
        assertArrayEquals(
                element.negate().compress().toByteArray(),
                Ristretto255.encode(VartimeMultiplier.multiply(minusOne, point, zero)));
        ExtendedPoint cancelled = VartimeMultiplier.multiply(one, point.negate(), zero);
        cancelled.addInPlace(point.cached(), false, new ExtendedPoint.Scratch());
        assertArrayEquals(new byte[32], Ristretto255.encode(cancelled));
    }

    @Test
    void slicedProductsMatchElisabethForEveryTableWidth() {
        for (int width = 4; width <= 8; width++) {
            for (int i = 0; i < CASES / 5; i++) {
                Scalar a = randomScalar();
                Scalar b = randomScalar();
                RistrettoElement element = randomElement();
                ExtendedPoint point = Ristretto255.decode(element.compress().toByteArray());
                byte[] expected = element.multiply(a)
                        .add(Constants.RISTRETTO_GENERATOR_TABLE.multiply(b))
                        .compress()
                        .toByteArray();
                ExtendedPoint.Cached[][] tables = VartimeMultiplier.sliceTables(point, width, false);
                byte[] product = Ristretto255.encode(
                        VartimeMultiplier.multiplySliced(a.toByteArray(), tables, width, b.toByteArray()));
                assertArrayEquals(expected, product, "width " + width + ", case " + i);
            }
        }
    }

    @Test
    void slicedProductsOfEdgeScalars() {
        RistrettoElement element = randomElement();
        ExtendedPoint point = Ristretto255.decode(element.compress().toByteArray());
        ExtendedPoint.Cached[][] tables = VartimeMultiplier.sliceTables(point, PreparedKey.TABLE_WIDTH, false);
        Scalar[] edges = {
            Scalar.ZERO,
            Scalar.ONE,
            Scalar.ZERO.subtract(Scalar.ONE), // l - 1
            scalarOfBits(31), // each slice's top bit and carries out of a slice
            scalarOfBits(32),
            scalarOfBits(64),
            scalarOfBits(224),
            scalarOfBits(252),
            allOnesBelow(32),
            allOnesBelow(128),
            allOnesBelow(224),
            allOnesBelow(252)
        };
        for (Scalar a : edges) {
            for (Scalar b : edges) {
                byte[] expected = element.multiply(a)
                        .add(Constants.RISTRETTO_GENERATOR_TABLE.multiply(b))
                        .compress()
                        .toByteArray();
                byte[] product = Ristretto255.encode(VartimeMultiplier.multiplySliced(
                        a.toByteArray(), tables, PreparedKey.TABLE_WIDTH, b.toByteArray()));
                assertArrayEquals(expected, product);
            }
        }
    }

    @Test
    void nonAdjacentFormsAddUpToTheirBitsAndKeepTheirShape() {
        for (int i = 0; i < CASES; i++) {
            byte[] scalar = new byte[32];
            random.nextBytes(scalar);
            scalar[31] &= (byte) (i % 2 == 0 ? 0x7F : 0x1F); // below 2^255, and below 2^253 like s and k
            if (i % 10 == 0) {
                java.util.Arrays.fill(scalar, 0, 31, (byte) 0xFF); // long runs of ones carry the furthest
            }
            BigInteger value = new BigInteger(1, reversed(scalar));
            for (int w = 4; w <= 8; w++) {
                assertNafOf(value, VartimeMultiplier.nonAdjacentForm(scalar, 0, 256, w), w);
                for (int bits : new int[] {32, 64}) {
                    for (int from = 0; from < 256; from += bits) {
                        BigInteger slice = value.shiftRight(from)
                                .and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
                        assertNafOf(slice, VartimeMultiplier.nonAdjacentForm(scalar, from, bits, w), w);
                    }
                }
            }
        }
    }

    private static void assertNafOf(BigInteger value, byte[] naf, int w) {
        BigInteger sum = BigInteger.ZERO;
        int lastNonZero = -w;
        for (int i = 0; i < naf.length; i++) {
            int digit = naf[i];
            if (digit != 0) {
                assertEquals(1, digit & 1, "odd digit");
                assertTrue(Math.abs(digit) < 1 << (w - 1), "digit below 2^(w-1)");
                assertTrue(i - lastNonZero >= w, "at most one non-zero digit in w consecutive ones");
                lastNonZero = i;
                sum = sum.add(BigInteger.valueOf(digit).shiftLeft(i));
            }
        }
        assertEquals(value, sum, "width " + w);
    }

    private static Scalar scalarOfBits(int bit) {
        byte[] bytes = new byte[32];
        bytes[bit / 8] = (byte) (1 << (bit % 8));
        return Scalar.fromCanonicalBytes(bytes);
    }

    private static Scalar allOnesBelow(int bit) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bit; i++) {
            bytes[i / 8] |= (byte) (1 << (i % 8));
        }
        return Scalar.fromCanonicalBytes(bytes);
    }

    private static byte[] reversed(byte[] littleEndian) {
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        return bigEndian;
    }

    private static boolean decompresses(byte[] encoding) {
        try {
            new CompressedRistretto(encoding).decompress();
            return true;
        } catch (InvalidEncodingException e) {
            return false;
        }
    }
}
