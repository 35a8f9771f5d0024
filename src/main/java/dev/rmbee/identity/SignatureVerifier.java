package dev.rmbee.identity;

import dev.rmbee.identity.sr25519.Ed25519Verifier;
import dev.rmbee.identity.sr25519.Sr25519;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verifies RMB's 65-byte prefixed signatures against a twin's 32-byte account id. The algorithm
 * comes from the prefix byte ({@code 's'} sr25519, {@code 'e'} ed25519), not from the twin.
 *
 * <p>ed25519 is checked with Bouncy Castle's RFC 8032 rules; rmb-rs uses ed25519-zebra (ZIP-215).
 * Both agree on honestly made signatures and differ only on crafted edge cases (non-canonical
 * encodings, small-order points), which are rejected here. {@link Ed25519Verifier} accepts exactly
 * what Bouncy Castle's {@code Ed25519.verify} accepts, faster for keys seen before.
 */
public final class SignatureVerifier {

    public static final String NOT_SIGNED = "message is not signed";
    public static final String INVALID_TYPE = "invalid signature type (expected either sr25519 or ed25519)";
    public static final String SR25519_FAILED = "sr25519 signature verification failed";
    public static final String ED25519_FAILED = "ed25519 signature verification failed";

    private SignatureVerifier() {}

    /**
     * @param account32   the signer's public key (twin account id)
     * @param message     the signed bytes (for envelopes the 16-byte MD5 of the challenge)
     * @param signature65 prefix byte + 64-byte signature; {@code null} means "not signed"
     * @throws InvalidSignatureException with the wire.md §5 text
     */
    public static void verify(byte[] account32, byte[] message, byte[] signature65) throws InvalidSignatureException {
        Objects.requireNonNull(account32, "account32");
        Objects.requireNonNull(message, "message");
        if (signature65 == null) {
            throw new InvalidSignatureException(NOT_SIGNED);
        }
        if (signature65.length != 65) {
            throw new InvalidSignatureException("invalid signature length, expected: 65, found: " + signature65.length);
        }
        KeyType type = KeyType.fromPrefix(signature65[0]);
        if (type == null) {
            throw new InvalidSignatureException(INVALID_TYPE);
        }
        byte[] sig64 = Arrays.copyOfRange(signature65, 1, 65);
        switch (type) {
            case SR25519:
                if (!verifySr25519(account32, message, sig64)) {
                    throw new InvalidSignatureException(SR25519_FAILED);
                }
                break;
            case ED25519:
                if (!verifyEd25519(account32, message, sig64)) {
                    throw new InvalidSignatureException(ED25519_FAILED);
                }
                break;
            default:
                throw new InvalidSignatureException(INVALID_TYPE);
        }
    }

    /** {@link #verify} as a boolean; never throws for bad input other than a null account or message. */
    public static boolean isValid(byte[] account32, byte[] message, byte[] signature65) {
        try {
            verify(account32, message, signature65);
            return true;
        } catch (InvalidSignatureException e) {
            return false;
        }
    }

    /** Raw ed25519 check of a 64-byte signature; false (never an exception) for malformed input. */
    public static boolean verifyEd25519(byte[] publicKey32, byte[] message, byte[] sig64) {
        if (publicKey32 == null
                || publicKey32.length != Ed25519.PUBLIC_KEY_SIZE
                || sig64 == null
                || sig64.length != Ed25519.SIGNATURE_SIZE
                || message == null) {
            return false;
        }
        try {
            return Ed25519Verifier.verify(publicKey32, message, sig64);
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** Raw sr25519 check (context "substrate") of a 64-byte signature; false for malformed input. */
    public static boolean verifySr25519(byte[] publicKey32, byte[] message, byte[] sig64) {
        if (publicKey32 == null || publicKey32.length != 32 || sig64 == null || sig64.length != 64 || message == null) {
            return false;
        }
        try {
            return Sr25519.verify(publicKey32, message, sig64);
        } catch (RuntimeException malformed) {
            return false;
        }
    }
}
