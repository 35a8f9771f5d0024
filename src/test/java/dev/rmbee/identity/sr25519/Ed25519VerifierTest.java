package dev.rmbee.identity.sr25519;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cafe.cryptography.curve25519.CompressedEdwardsY;
import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.EdwardsPoint;
import cafe.cryptography.curve25519.InvalidEncodingException;
import cafe.cryptography.curve25519.Scalar;
import dev.rmbee.identity.sr25519.Ed25519Verifier.Outcome;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

/**
 * ed25519 on our arithmetic against BouncyCastle's {@code Ed25519.verify}, the verifier it
 * replaces: the same answer for valid signatures, tampered ones, crafted encodings and crafted
 * points of small or mixed order; and the fast check decides every honest case by itself.
 */
class Ed25519VerifierTest {

    static final BigInteger ORDER =
            BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
    static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    /** The eight points of small order, the identity first. */
    static final List<String> TORSION = List.of(
            "0100000000000000000000000000000000000000000000000000000000000000",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000080",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85");

    private final Random random = new Random(20261204);
    private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);

    @Test
    void thousandsOfValidSignaturesAreAcceptedByTheFastCheckAlone() {
        int signatures = 0;
        for (int key = 0; key < 300; key++) {
            byte[] secret = bytes(32);
            byte[] publicKey = new byte[32];
            Ed25519.generatePublicKey(secret, 0, publicKey, 0);
            for (int m = 0; m < 8; m++) {
                byte[] message = bytes(m * 7);
                byte[] signature = sign(secret, message);
                assertTrue(assertSameAsBouncyCastle(publicKey, message, signature));
                assertTrue(Ed25519Verifier.verify(publicKey, message, signature), "again, now a known key");
                signatures++;
            }
        }
        assertEquals(2400, signatures);
        assertEquals(Map.of(Outcome.ACCEPT, 2400), outcomes);
    }

    @Test
    void everyTamperedByteIsRejectedAsBouncyCastleRejectsIt() {
        for (int round = 0; round < 16; round++) {
            byte[] secret = bytes(32);
            byte[] publicKey = new byte[32];
            Ed25519.generatePublicKey(secret, 0, publicKey, 0);
            byte[] message = bytes(16);
            byte[] signature = sign(secret, message);
            for (int i = 0; i < 64; i++) {
                assertFalse(assertSameAsBouncyCastle(publicKey, message, flipped(signature, i)), "byte " + i);
            }
            for (int i = 0; i < 32; i++) {
                assertFalse(assertSameAsBouncyCastle(flipped(publicKey, i), message, signature), "key byte " + i);
            }
            for (int i = 0; i < 16; i++) {
                assertFalse(assertSameAsBouncyCastle(publicKey, flipped(message, i), signature), "message byte " + i);
            }
        }
        assertEquals(0, outcomes.getOrDefault(Outcome.ACCEPT, 0));
        assertTrue(outcomes.get(Outcome.REJECT) >= 16 * 64, "every tampered signature is decided without BC");
    }

    @Test
    void scalarsAtOrAboveTheOrderAreRejected() {
        byte[] secret = bytes(32);
        byte[] publicKey = new byte[32];
        Ed25519.generatePublicKey(secret, 0, publicKey, 0);
        byte[] message = bytes(16);
        byte[] signature = sign(secret, message);
        BigInteger s = fromLittleEndian(signature, 32);
        for (BigInteger edge : List.of(
                ORDER, ORDER.add(BigInteger.ONE), s.add(ORDER), ORDER.subtract(BigInteger.ONE), BigInteger.ZERO)) {
            byte[] crafted = signature.clone();
            System.arraycopy(littleEndian(edge), 0, crafted, 32, 32);
            assertFalse(assertSameAsBouncyCastle(publicKey, message, crafted), edge.toString(16));
        }
        byte[] topBit = signature.clone();
        topBit[63] |= (byte) 0x80;
        assertFalse(assertSameAsBouncyCastle(publicKey, message, topBit));
    }

    @Test
    void craftedEncodingsAndSmallOrderPointsGetBouncyCastlesAnswer() {
        byte[] secret = bytes(32);
        byte[] honestKey = new byte[32];
        Ed25519.generatePublicKey(secret, 0, honestKey, 0);
        byte[] message = bytes(16);
        byte[] honest = sign(secret, message);
        List<byte[]> points = edgeEncodings();
        points.add(honestKey);
        points.add(java.util.Arrays.copyOf(honest, 32));
        List<byte[]> scalars = new ArrayList<>();
        for (BigInteger s : List.of(BigInteger.ZERO, BigInteger.ONE, ORDER.subtract(BigInteger.ONE), ORDER)) {
            scalars.add(littleEndian(s));
        }
        scalars.add(java.util.Arrays.copyOfRange(honest, 32, 64));
        int accepted = 0;
        for (byte[] a : points) {
            for (byte[] r : points) {
                for (byte[] s : scalars) {
                    byte[] signature = new byte[64];
                    System.arraycopy(r, 0, signature, 0, 32);
                    System.arraycopy(s, 0, signature, 32, 32);
                    accepted += assertSameAsBouncyCastle(a, message, signature) ? 1 : 0;
                }
            }
        }
        assertTrue(accepted >= 1, "the honest signature, at least");
    }

    /** R = r·B + T for each point T of small order: BouncyCastle accepts some (its v1 divisible by ord T). */
    @Test
    void anRWithASmallOrderComponentIsLeftToBouncyCastle() throws Exception {
        Scalar a = scalar();
        byte[] publicKey = Constants.ED25519_BASEPOINT.multiply(a).compress().toByteArray();
        int accepted = 0;
        for (EdwardsPoint t : nonZeroTorsion()) {
            for (int m = 0; m < 40; m++) {
                byte[] message = bytes(12);
                Scalar r = scalar();
                byte[] bigR = Constants.ED25519_BASEPOINT
                        .multiply(r)
                        .add(t)
                        .compress()
                        .toByteArray();
                Scalar s = challenge(bigR, publicKey, message).multiplyAndAdd(a, r);
                accepted += assertSameAsBouncyCastle(publicKey, message, signature(bigR, s)) ? 1 : 0;
            }
        }
        assertTrue(accepted > 0, "BouncyCastle accepted none, so the path that asks it is not tested");
        assertTrue(outcomes.getOrDefault(Outcome.UNDECIDED, 0) >= 7 * 40);
        assertEquals(0, outcomes.getOrDefault(Outcome.ACCEPT, 0));
    }

    /** A = a·B + T: never prepared, so BouncyCastle decides; it accepts some of these too. */
    @Test
    void aKeyWithASmallOrderComponentIsLeftToBouncyCastle() throws Exception {
        int accepted = 0;
        for (EdwardsPoint t : nonZeroTorsion()) {
            Scalar a = scalar();
            byte[] publicKey =
                    Constants.ED25519_BASEPOINT.multiply(a).add(t).compress().toByteArray();
            assertFalse(EdwardsKey.seen(publicKey).completed().hasTables());
            for (int m = 0; m < 20; m++) {
                byte[] message = bytes(12);
                Scalar r = scalar();
                byte[] bigR = Constants.ED25519_BASEPOINT.multiply(r).compress().toByteArray();
                Scalar s = challenge(bigR, publicKey, message).multiplyAndAdd(a, r);
                accepted += assertSameAsBouncyCastle(publicKey, message, signature(bigR, s)) ? 1 : 0;
            }
        }
        assertTrue(accepted > 0, "BouncyCastle accepted none of the mixed-order keys' signatures");
    }

    /**
     * Asserts that the verifier (through its cache) and the fast check on an examined key agree
     * with BouncyCastle, and returns BouncyCastle's answer.
     */
    private boolean assertSameAsBouncyCastle(byte[] publicKey, byte[] message, byte[] signature) {
        boolean expected = Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
        Outcome outcome =
                Ed25519Verifier.fastCheck(EdwardsKey.seen(publicKey).completed(), publicKey, message, signature);
        outcomes.merge(outcome, 1, Integer::sum);
        if (outcome != Outcome.UNDECIDED) {
            assertEquals(expected, outcome == Outcome.ACCEPT, () -> describe(publicKey, signature));
        }
        assertEquals(
                expected, Ed25519Verifier.verify(publicKey, message, signature), () -> describe(publicKey, signature));
        return expected;
    }

    /** y at and above p with both sign bits, the small-order points, x = 0 with the sign bit. */
    static List<byte[]> edgeEncodings() {
        List<byte[]> encodings = new ArrayList<>();
        for (String hex : TORSION) {
            encodings.add(HexFormat.of().parseHex(hex));
        }
        encodings.add(HexFormat.of().parseHex("0100000000000000000000000000000000000000000000000000000000000080"));
        encodings.add(HexFormat.of().parseHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"));
        for (int above : new int[] {0, 1, 2, 18}) { // y = p (0), p + 1 (1), p + 2, 2^255 - 1
            for (int sign = 0; sign < 2; sign++) {
                byte[] y = littleEndian(P.add(BigInteger.valueOf(above)));
                y[31] |= (byte) (sign << 7);
                encodings.add(y);
            }
        }
        return encodings;
    }

    static List<EdwardsPoint> nonZeroTorsion() throws InvalidEncodingException {
        List<EdwardsPoint> points = new ArrayList<>();
        for (String hex : TORSION.subList(1, TORSION.size())) {
            EdwardsPoint t = new CompressedEdwardsY(HexFormat.of().parseHex(hex)).decompress();
            assertTrue(t.isSmallOrder());
            assertNotEquals(EdwardsPoint.IDENTITY, t);
            points.add(t);
        }
        return points;
    }

    private static Scalar challenge(byte[] r, byte[] publicKey, byte[] message) throws Exception {
        MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
        sha512.update(r);
        sha512.update(publicKey);
        sha512.update(message);
        return Scalar.fromBytesModOrderWide(sha512.digest());
    }

    private static byte[] signature(byte[] r, Scalar s) {
        byte[] signature = new byte[64];
        System.arraycopy(r, 0, signature, 0, 32);
        System.arraycopy(s.toByteArray(), 0, signature, 32, 32);
        return signature;
    }

    private static byte[] sign(byte[] secret, byte[] message) {
        byte[] signature = new byte[64];
        Ed25519.sign(secret, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    private Scalar scalar() {
        return Scalar.fromBytesModOrderWide(bytes(64));
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] flipped(byte[] original, int index) {
        byte[] copy = original.clone();
        copy[index] ^= (byte) (1 + random.nextInt(255));
        return copy;
    }

    static byte[] littleEndian(BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < bigEndian.length && i < 32; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    private static BigInteger fromLittleEndian(byte[] bytes, int offset) {
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = bytes[offset + 31 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    private static String describe(byte[] publicKey, byte[] signature) {
        return "key " + HexFormat.of().formatHex(publicKey) + ", signature "
                + HexFormat.of().formatHex(signature);
    }
}
