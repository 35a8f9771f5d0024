package dev.rmbee.identity.sr25519;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * sr25519: Schnorr signatures over Ristretto255 with Merlin transcripts, byte-compatible with
 * schnorrkel 0.9 as Substrate (and so rmb-rs) uses it: Ed25519-mode key expansion, signing context
 * {@code "substrate"}, marked signatures and hard derivation ("//junction").
 *
 * <p>Signing and key expansion are constant time ({@link Sr25519Signing}: a fixed-base
 * multiplication with masked table reads, scalars mod L on fixed limbs). Verification, whose
 * inputs are all public, computes {@code s·B - k·A} in one variable-time double-scalar
 * multiplication ({@link VartimeMultiplier}, on BouncyCastle's field arithmetic). Recently seen keys
 * are kept decoded with precomputed tables (in a {@link KeyCache}), which cuts the chain of
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
    private static final byte[] SIGN_R = MerlinTranscript.ascii("sign:R");
    private static final byte[] SIGN_C = MerlinTranscript.ascii("sign:c");
    private static final byte[] HDKD = MerlinTranscript.ascii("SchnorrRistrettoHDKD");
    private static final byte[] CHAIN_CODE = MerlinTranscript.ascii("chain-code");
    private static final byte[] SECRET_KEY = MerlinTranscript.ascii("secret-key");
    private static final byte[] HDKD_HARD = MerlinTranscript.ascii("HDKD-hard");

    /** Bit 7 of the last byte marks a schnorrkel (not ed25519-style) signature. */
    static final int MARKER = 0x80;

    /** The "substrate" signing-context prefix, computed once and copied per operation. */
    private static final MerlinTranscript SUBSTRATE_PREFIX = contextPrefix(SUBSTRATE_CONTEXT);

    /** Slots of the decoded-key cache: at most about 8 KB each (a key with its tables). */
    static final int KEY_CACHE_SLOTS = 2048;

    private static final KeyCache<PreparedKey> KEYS = new KeyCache<>(KEY_CACHE_SLOTS, PreparedKey::decode);

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
        return new Sr25519KeyPair(keyBytes, nonce, Sr25519Signing.publicKey(keyBytes));
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
        if (!ScalarModL.isCanonical(sBytes)) {
            return false;
        }
        PreparedKey a = KEYS.get(publicKey);
        if (a == null) {
            return false;
        }
        byte[] r = Arrays.copyOfRange(signature, 0, 32);

        MerlinTranscript t = prefix(context).copy();
        beginSchnorr(t, message, publicKey);
        byte[] k = new byte[32];
        challenge(t, r, new byte[64], k, new long[ScalarModL.SCRATCH_LONGS]);

        // R is compared in compressed form, as schnorrkel does, so it is never decompressed
        ExtendedPoint expected = a.challengeProduct(k, sBytes);
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
        t.appendMessage(SECRET_KEY, parent.secretScalar());
        byte[] child = new byte[MINI_SECRET_LENGTH];
        t.challengeBytes(HDKD_HARD, child);
        return child;
    }

    /**
     * The signing context's prefix: {@code SigningContext(context)}, computed once for
     * "substrate". Not to be changed: callers copy it ({@link MerlinTranscript#copy()} or {@link
     * MerlinTranscript#setTo}).
     */
    static MerlinTranscript prefix(byte[] context) {
        Objects.requireNonNull(context, "context");
        return Arrays.equals(context, SUBSTRATE_CONTEXT) ? SUBSTRATE_PREFIX : contextPrefix(context);
    }

    /**
     * What signing and verifying append to the context's prefix before the nonce: {@code
     * .bytes(message)}, then schnorrkel's protocol name and the signer's public key.
     */
    static void beginSchnorr(MerlinTranscript t, byte[] message, byte[] publicKey) {
        Objects.requireNonNull(message, "message");
        t.appendMessage(SIGN_BYTES, message);
        t.appendMessage(PROTO_NAME, SCHNORR_SIG);
        t.appendMessage(SIGN_PK, publicKey);
    }

    /** Appends R and draws the challenge {@code k = sign:c} (64 bytes into {@code wide}) mod l. */
    static void challenge(MerlinTranscript t, byte[] r, byte[] wide, byte[] k, long[] scratch) {
        t.appendMessage(SIGN_R, r);
        t.challengeBytes(SIGN_C, wide);
        ScalarModL.reduceWide(wide, k, scratch);
    }

    private static MerlinTranscript contextPrefix(byte[] context) {
        MerlinTranscript t = new MerlinTranscript(SIGNING_CONTEXT);
        t.appendMessage(EMPTY, context);
        return t;
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
