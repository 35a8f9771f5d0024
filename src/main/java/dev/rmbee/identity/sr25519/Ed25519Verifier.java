package dev.rmbee.identity.sr25519;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * ed25519 (RFC 8032, pure) verification that accepts and rejects exactly what BouncyCastle's
 * {@code Ed25519.verify} does, faster for keys seen before: {@code s·B - k·A} on sr25519's
 * variable-time arithmetic with the key's slice tables (kept in a {@link KeyCache}), its encoding
 * compared with R.
 *
 * <p>For a key of prime order (every honestly made key), BouncyCastle's check amounts to {@code
 * s·B = R + k·A} when R has no small-order component, and rejects when R differs from {@code s·B -
 * k·A} by more than a point of small order. So this class accepts when the encodings match, rejects
 * when they differ by more than that, and leaves the rest to BouncyCastle: a crafted R with a
 * small-order component, keys seen once, and keys that are not of prime order.
 */
public final class Ed25519Verifier {

    public static final int PUBLIC_KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    /** Slots of the key cache: at most about 8 KB each (a key with its tables). */
    static final int KEY_CACHE_SLOTS = 2048;

    private static final KeyCache<EdwardsKey> KEYS = new KeyCache<>(KEY_CACHE_SLOTS, EdwardsKey::seen);

    /** What the fast check could tell. */
    enum Outcome {
        ACCEPT,
        REJECT,
        /** Only BouncyCastle can tell. */
        UNDECIDED
    }

    private Ed25519Verifier() {}

    /** Verifies a 64-byte signature; false for any malformed input, never throws. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null
                || message == null
                || signature == null
                || publicKey.length != PUBLIC_KEY_LENGTH
                || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        Outcome outcome = fastCheck(KEYS.get(publicKey), publicKey, message, signature);
        if (outcome != Outcome.UNDECIDED) {
            return outcome == Outcome.ACCEPT;
        }
        return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    }

    /**
     * The check on our arithmetic for a key from the cache, valid lengths assumed. An {@code s} at
     * or above L is rejected, as BouncyCastle rejects it.
     */
    static Outcome fastCheck(EdwardsKey key, byte[] publicKey, byte[] message, byte[] signature) {
        byte[] s = Arrays.copyOfRange(signature, 32, 64);
        if (!ScalarModL.isCanonical(s)) {
            return Outcome.REJECT;
        }
        if (!key.hasTables()) {
            return Outcome.UNDECIDED;
        }
        byte[] r = Arrays.copyOfRange(signature, 0, 32);
        ExtendedPoint expected = key.challengeProduct(challenge(r, publicKey, message), s);
        if (Arrays.equals(Edwards25519.encode(expected), r)) {
            return Outcome.ACCEPT;
        }
        return differsBySmallOrder(r, expected) ? Outcome.UNDECIDED : Outcome.REJECT;
    }

    /**
     * Whether R decodes (BouncyCastle's rules; if not, it rejects) and {@code R - expected} is of
     * small order: only then can BouncyCastle's check, whose prime-order part is {@code R =
     * expected}, still accept.
     */
    private static boolean differsBySmallOrder(byte[] r, ExtendedPoint expected) {
        ExtendedPoint difference = Edwards25519.decode(r);
        if (difference == null) {
            return false;
        }
        difference.addInPlace(expected.cached(), true, new ExtendedPoint.Scratch());
        return Edwards25519.isSmallOrder(difference);
    }

    /** {@code k = SHA-512(R ‖ A ‖ M) mod L}, little-endian. */
    private static byte[] challenge(byte[] r, byte[] publicKey, byte[] message) {
        MessageDigest sha512 = sha512();
        sha512.update(r);
        sha512.update(publicKey);
        sha512.update(message);
        byte[] k = new byte[32];
        ScalarModL.reduceWide(sha512.digest(), k, new long[ScalarModL.SCRATCH_LONGS]);
        return k;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is mandatory in every JDK", e);
        }
    }
}
