package dev.rmbee.identity.sr25519;

import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.Scalar;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * sr25519: Schnorr signatures over Ristretto255 with Merlin transcripts, byte-compatible with
 * schnorrkel 0.9 as Substrate (and so rmb-rs) uses it: Ed25519-mode key expansion, signing context
 * {@code "substrate"}, marked signatures and hard derivation ("//junction").
 *
 * <p>Signing and key derivation use elisabeth's constant-time Ristretto group. Verification, whose
 * inputs are all public, computes {@code s·B - k·A} in one variable-time double-scalar
 * multiplication ({@link VartimeMultiplier}, on BouncyCastle's field arithmetic). Recently seen keys
 * are kept decoded with precomputed tables ({@link PreparedKeyCache}), which cuts the chain of
 * doublings to an eighth.
 */
public final class Sr25519 {

    public static final int MINI_SECRET_LENGTH = 32;
    public static final int PUBLIC_KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;
    public static final int CHAIN_CODE_LENGTH = 32;

    /** The signing context Substrate's {@code sr25519::Pair} uses. */
    static final byte[] SUBSTRATE_CONTEXT = MerlinTranscript.ascii("substrate");

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] SIGNING_CONTEXT = MerlinTranscript.ascii("SigningContext");
    private static final byte[] SIGN_BYTES = MerlinTranscript.ascii("sign-bytes");
    private static final byte[] PROTO_NAME = MerlinTranscript.ascii("proto-name");
    private static final byte[] SCHNORR_SIG = MerlinTranscript.ascii("Schnorr-sig");
    private static final byte[] SIGN_PK = MerlinTranscript.ascii("sign:pk");
    private static final byte[] SIGNING = MerlinTranscript.ascii("signing");
    private static final byte[] SIGN_R = MerlinTranscript.ascii("sign:R");
    private static final byte[] SIGN_C = MerlinTranscript.ascii("sign:c");
    private static final byte[] HDKD = MerlinTranscript.ascii("SchnorrRistrettoHDKD");
    private static final byte[] CHAIN_CODE = MerlinTranscript.ascii("chain-code");
    private static final byte[] SECRET_KEY = MerlinTranscript.ascii("secret-key");
    private static final byte[] HDKD_HARD = MerlinTranscript.ascii("HDKD-hard");

    /** Bit 7 of the last byte marks a schnorrkel (not ed25519-style) signature. */
    private static final int MARKER = 0x80;

    /** The "substrate" signing-context prefix, computed once and copied per operation. */
    private static final MerlinTranscript SUBSTRATE_PREFIX = contextPrefix(SUBSTRATE_CONTEXT);

    /** Slots of the decoded-key cache: at most about 8 KB each (a key with its tables). */
    static final int KEY_CACHE_SLOTS = 2048;

    private static final PreparedKeyCache KEYS = new PreparedKeyCache(KEY_CACHE_SLOTS);

    private Sr25519() {}

    /**
     * Expands a 32-byte mini secret like schnorrkel's {@code ExpansionMode::Ed25519} (what
     * Substrate uses): SHA-512, clamp the lower half, divide it by the cofactor 8; the upper half
     * becomes the signing nonce seed.
     */
    public static Sr25519KeyPair fromMiniSecret(byte[] miniSecret) {
        Objects.requireNonNull(miniSecret, "miniSecret");
        if (miniSecret.length != MINI_SECRET_LENGTH) {
            throw new IllegalArgumentException("sr25519 mini secret must be 32 bytes, got " + miniSecret.length);
        }
        byte[] h = sha512(miniSecret);
        byte[] keyBytes = Arrays.copyOfRange(h, 0, 32);
        byte[] nonce = Arrays.copyOfRange(h, 32, 64);
        Arrays.fill(h, (byte) 0);
        keyBytes[0] &= (byte) 248;
        keyBytes[31] &= 63;
        keyBytes[31] |= 64;
        divideByCofactor(keyBytes);
        // < 2^251 after the division, hence already reduced mod l
        Scalar key = Scalar.fromBits(keyBytes);
        Arrays.fill(keyBytes, (byte) 0);
        byte[] publicKey =
                Constants.RISTRETTO_GENERATOR_TABLE.multiply(key).compress().toByteArray();
        return new Sr25519KeyPair(key, nonce, publicKey);
    }

    /** Verifies a 64-byte schnorrkel signature made with the "substrate" context; never throws. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        return verify(SUBSTRATE_CONTEXT, publicKey, message, signature);
    }

    /**
     * Verifies with an explicit signing context. Returns false for any malformed input: null,
     * wrong lengths, a public key that is no canonical Ristretto encoding, an unmarked signature
     * or a non-canonical {@code s}.
     */
    public static boolean verify(byte[] context, byte[] publicKey, byte[] message, byte[] signature) {
        if (context == null
                || publicKey == null
                || message == null
                || signature == null
                || publicKey.length != PUBLIC_KEY_LENGTH
                || signature.length != SIGNATURE_LENGTH
                || (signature[63] & MARKER) == 0) {
            return false;
        }
        byte[] sBytes = Arrays.copyOfRange(signature, 32, 64);
        sBytes[31] &= (byte) ~MARKER;
        try {
            Scalar.fromCanonicalBytes(sBytes);
        } catch (IllegalArgumentException e) {
            return false;
        }
        PreparedKey a = KEYS.get(publicKey);
        if (a == null) {
            return false;
        }
        byte[] r = Arrays.copyOfRange(signature, 0, 32);

        MerlinTranscript t = signingTranscript(context, message);
        t.appendMessage(PROTO_NAME, SCHNORR_SIG);
        t.appendMessage(SIGN_PK, publicKey);
        t.appendMessage(SIGN_R, r);
        Scalar k = challengeScalar(t);

        // R is compared in compressed form, as schnorrkel does, so it is never decompressed
        ExtendedPoint expected = a.challengeProduct(k.toByteArray(), sBytes);
        return Arrays.equals(Ristretto255.encode(expected), r);
    }

    /**
     * schnorrkel hard derivation {@code SecretKey::hard_derive_mini_secret_key(Some(cc), b"")}, as
     * sp-core applies it for a "//junction": returns the child's mini secret, to be expanded with
     * {@link #fromMiniSecret(byte[])}. The transcript binds the expanded secret scalar, not the
     * parent's mini secret or nonce.
     */
    public static byte[] hardDeriveMiniSecret(Sr25519KeyPair parent, byte[] chainCode) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(chainCode, "chainCode");
        if (chainCode.length != CHAIN_CODE_LENGTH) {
            throw new IllegalArgumentException("sr25519 chain code must be 32 bytes, got " + chainCode.length);
        }
        MerlinTranscript t = new MerlinTranscript(HDKD);
        t.appendMessage(SIGN_BYTES, EMPTY);
        t.appendMessage(CHAIN_CODE, chainCode);
        byte[] secretKey = parent.secretScalar().toByteArray();
        t.appendMessage(SECRET_KEY, secretKey);
        Arrays.fill(secretKey, (byte) 0);
        byte[] child = new byte[MINI_SECRET_LENGTH];
        t.challengeBytes(HDKD_HARD, child);
        return child;
    }

    /** The Schnorr signature itself; {@link Sr25519KeyPair} supplies the keys. */
    static byte[] sign(
            byte[] context, byte[] message, Scalar key, byte[] nonce, byte[] publicKey, SecureRandom random) {
        MerlinTranscript t = signingTranscript(context, message);
        t.appendMessage(PROTO_NAME, SCHNORR_SIG);
        t.appendMessage(SIGN_PK, publicKey);

        // witness nonce: transcript + secret nonce seed + 32 fresh random bytes
        byte[] wide = new byte[64];
        t.buildRng().rekeyWithWitnessBytes(SIGNING, nonce).finish(random).fillBytes(wide);
        Scalar r = Scalar.fromBytesModOrderWide(wide);
        Arrays.fill(wide, (byte) 0);

        byte[] signature = new byte[SIGNATURE_LENGTH];
        byte[] bigR = Constants.RISTRETTO_GENERATOR_TABLE.multiply(r).compress().toByteArray();
        t.appendMessage(SIGN_R, bigR);
        Scalar k = challengeScalar(t);
        Scalar s = k.multiplyAndAdd(key, r);

        System.arraycopy(bigR, 0, signature, 0, 32);
        System.arraycopy(s.toByteArray(), 0, signature, 32, 32);
        signature[63] |= (byte) MARKER;
        return signature;
    }

    /** SigningContext(context).bytes(message): the transcript both sign and verify start from. */
    private static MerlinTranscript signingTranscript(byte[] context, byte[] message) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(message, "message");
        MerlinTranscript t =
                Arrays.equals(context, SUBSTRATE_CONTEXT) ? SUBSTRATE_PREFIX.copy() : contextPrefix(context);
        t.appendMessage(SIGN_BYTES, message);
        return t;
    }

    private static MerlinTranscript contextPrefix(byte[] context) {
        MerlinTranscript t = new MerlinTranscript(SIGNING_CONTEXT);
        t.appendMessage(EMPTY, context);
        return t;
    }

    /** The 64-byte challenge {@code sign:c}, reduced mod l. */
    private static Scalar challengeScalar(MerlinTranscript t) {
        byte[] wide = new byte[64];
        t.challengeBytes(SIGN_C, wide);
        return Scalar.fromBytesModOrderWide(wide);
    }

    /** Shifts a 32-byte little-endian integer right by 3 bits, i.e. divides it by 8. */
    private static void divideByCofactor(byte[] scalar) {
        int carry = 0;
        for (int i = scalar.length - 1; i >= 0; i--) {
            int b = scalar[i] & 0xFF;
            scalar[i] = (byte) ((b >>> 3) | (carry << 5));
            carry = b & 7;
        }
    }

    private static byte[] sha512(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is mandatory in every JDK", e);
        }
    }
}
