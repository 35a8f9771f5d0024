package dev.rmbee.identity.sr25519;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.InvalidEncodingException;
import cafe.cryptography.curve25519.Scalar;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * schnorrkel's signing and verification written on elisabeth's constant-time group and scalars (the
 * project's signer before its own constant-time arithmetic), with our Merlin transcript: the
 * reference the tests compare the signer with, and the other side of the signing benchmark.
 */
public final class ElisabethSchnorrkel {

    private static final byte[] SIGNING = MerlinTranscript.ascii("signing");
    private static final byte[] SIGN_C = MerlinTranscript.ascii("sign:c");
    private static final byte[] SIGN_R = MerlinTranscript.ascii("sign:R");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Scalar key;
    private final byte[] nonce;
    private final byte[] publicKey;

    private ElisabethSchnorrkel(Scalar key, byte[] nonce, byte[] publicKey) {
        this.key = key;
        this.nonce = nonce;
        this.publicKey = publicKey;
    }

    /** The key of a 32-byte mini secret, expanded as Substrate does (written here again, independently). */
    public static ElisabethSchnorrkel fromMiniSecret(byte[] miniSecret) {
        byte[] h = sha512(miniSecret);
        byte[] keyBytes = Arrays.copyOfRange(h, 0, 32);
        keyBytes[0] &= (byte) 248;
        keyBytes[31] &= 63;
        keyBytes[31] |= 64;
        int carry = 0;
        for (int i = 31; i >= 0; i--) { // divide by the cofactor 8
            int b = keyBytes[i] & 0xFF;
            keyBytes[i] = (byte) ((b >>> 3) | (carry << 5));
            carry = b & 7;
        }
        Scalar key = Scalar.fromBits(keyBytes);
        byte[] publicKey =
                Constants.RISTRETTO_GENERATOR_TABLE.multiply(key).compress().toByteArray();
        return new ElisabethSchnorrkel(key, Arrays.copyOfRange(h, 32, 64), publicKey);
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** A 64-byte marked signature with the "substrate" context. */
    public byte[] sign(byte[] message) {
        return sign(Sr25519.SUBSTRATE_CONTEXT, message, RANDOM);
    }

    byte[] sign(byte[] context, byte[] message, SecureRandom random) {
        MerlinTranscript t = Sr25519.prefix(context).copy();
        Sr25519.beginSchnorr(t, message, publicKey);
        byte[] wide = new byte[64];
        t.buildRng().rekeyWithWitnessBytes(SIGNING, nonce).finish(random).fillBytes(wide);
        Scalar r = Scalar.fromBytesModOrderWide(wide);
        byte[] bigR = Constants.RISTRETTO_GENERATOR_TABLE.multiply(r).compress().toByteArray();
        Scalar s = challenge(t, bigR).multiplyAndAdd(key, r);
        byte[] signature = new byte[64];
        System.arraycopy(bigR, 0, signature, 0, 32);
        System.arraycopy(s.toByteArray(), 0, signature, 32, 32);
        signature[63] |= (byte) 0x80;
        return signature;
    }

    /** schnorrkel's check {@code s·B - k·A == R} on elisabeth's group; false for malformed input. */
    static boolean verifies(byte[] context, byte[] publicKey, byte[] message, byte[] signature) {
        if ((signature[63] & 0x80) == 0) {
            return false;
        }
        byte[] sBytes = Arrays.copyOfRange(signature, 32, 64);
        sBytes[31] &= 0x7f;
        byte[] bigR = Arrays.copyOfRange(signature, 0, 32);
        try {
            Scalar s = Scalar.fromCanonicalBytes(sBytes);
            MerlinTranscript t = Sr25519.prefix(context).copy();
            Sr25519.beginSchnorr(t, message, publicKey);
            Scalar k = challenge(t, bigR);
            byte[] expected = Constants.RISTRETTO_GENERATOR_TABLE
                    .multiply(s)
                    .subtract(new CompressedRistretto(publicKey).decompress().multiply(k))
                    .compress()
                    .toByteArray();
            return Arrays.equals(expected, bigR);
        } catch (IllegalArgumentException | InvalidEncodingException e) {
            return false;
        }
    }

    private static Scalar challenge(MerlinTranscript t, byte[] bigR) {
        t.appendMessage(SIGN_R, bigR);
        byte[] wide = new byte[64];
        t.challengeBytes(SIGN_C, wide);
        return Scalar.fromBytesModOrderWide(wide);
    }

    private static byte[] sha512(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is mandatory in every JDK", e);
        }
    }
}
