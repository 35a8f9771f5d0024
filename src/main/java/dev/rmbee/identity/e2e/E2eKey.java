package dev.rmbee.identity.e2e;

import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.secret.SubstrateKeys;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.encoders.Hex;

/**
 * A twin's end-to-end encryption key (peer.md §8): a secp256k1 key pair whose compressed public key
 * is the twin's on-chain {@code pk}.
 *
 * <ul>
 *   <li>shared key = SHA-256(32-byte x coordinate of sk·PK_peer), the same in both directions;</li>
 *   <li>cipher = 12-byte nonce ‖ AES-256-GCM(shared key, nonce, plaintext, no AAD) ‖ 16-byte tag.</li>
 * </ul>
 *
 * Instances are thread-safe. Each remembers the shared keys of the last peers it met (up to
 * {@value #SHARED_KEY_CACHE_SIZE}): the secp256k1 multiplication is most of what an encryption or
 * decryption costs, and a twin exchanges most of its messages with few others, so only the first
 * message with a peer pays it. The shared keys stay in memory as long as the instance, next to the
 * secret they derive from.
 */
public final class E2eKey {

    /** Nonce length (AES-GCM IV) in bytes. */
    public static final int NONCE_LENGTH = 12;
    /** AES-GCM tag length in bytes. */
    public static final int TAG_LENGTH = 16;

    private static final X9ECParameters CURVE_PARAMS = CustomNamedCurves.getByName("secp256k1");
    private static final ECCurve CURVE = CURVE_PARAMS.getCurve();
    private static final BigInteger N = CURVE_PARAMS.getN();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String AES_GCM = "AES/GCM/NoPadding";
    /** One cipher per thread, initialised anew for every message ({@link #aes}). */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(AES_GCM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + AES_GCM, e);
        }
    });

    /** Peers whose shared key an instance keeps; when full, the keys are forgotten and gathered anew. */
    static final int SHARED_KEY_CACHE_SIZE = 1024;

    private final BigInteger secret;
    private final byte[] publicKey;
    /** Shared keys by the peer key's encoding (33 or 65 bytes); never handed out, callers get copies. */
    private final ConcurrentHashMap<ByteBuffer, byte[]> sharedKeys = new ConcurrentHashMap<>();

    private E2eKey(BigInteger secret) {
        this.secret = secret;
        this.publicKey = new FixedPointCombMultiplier()
                .multiply(CURVE_PARAMS.getG(), secret)
                .normalize()
                .getEncoded(true);
    }

    /**
     * The e2e key of a twin secret.
     *
     * <ul>
     *   <li>plain BIP-39 mnemonic: its substrate-bip39 mini secret (as rmb-rs);</li>
     *   <li>{@code 0x} + 64 hex digits: those bytes (as rmb-rs);</li>
     *   <li>a secret URI with a derivation path and/or password (e.g. {@code //Alice}): the derived
     *       seed of {@code type}, i.e. {@link SubstrateKeys#seed}. <b>Extension over the reference</b>:
     *       rmb-rs refuses such secrets ({@code invalid bip39 phrase}); we accept them so dev URIs
     *       work, and the result equals the key the official TS client uses for the derived seed.
     *       For the first two forms the key type makes no difference.</li>
     * </ul>
     *
     * @throws dev.rmbee.identity.secret.InvalidSecretException for an invalid secret
     * @throws IllegalArgumentException if the seed is not a valid secp256k1 secret key (0 or ≥ n)
     */
    public static E2eKey fromSecret(String secret, KeyType type) {
        byte[] seed = SubstrateKeys.seed(secret, type);
        try {
            return fromSecretKey(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * The key with this 32-byte big-endian secret scalar.
     *
     * @throws IllegalArgumentException if it is not 32 bytes or not in [1, n-1]
     */
    public static E2eKey fromSecretKey(byte[] sk32) {
        if (sk32 == null || sk32.length != 32) {
            throw new IllegalArgumentException("invalid e2e secret key: expected 32 bytes");
        }
        BigInteger d = new BigInteger(1, sk32);
        if (d.signum() == 0 || d.compareTo(N) >= 0) {
            throw new IllegalArgumentException("invalid e2e secret key: not a valid secp256k1 scalar");
        }
        return new E2eKey(d);
    }

    /** The 33-byte compressed SEC1 public key (the twin's on-chain {@code pk}). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * The 32-byte AES key shared with the holder of {@code peerPublicKey}: SHA-256 of the x coordinate
     * of sk·PK.
     *
     * @param peerPublicKey SEC1 point, 33 bytes compressed or 65 bytes uncompressed
     * @throws E2eException if it is not a valid point of secp256k1
     */
    public byte[] sharedKey(byte[] peerPublicKey) throws E2eException {
        return cachedSharedKey(peerPublicKey).clone();
    }

    /** The shared key with that peer, computed once; the array is the cache's own: never modify it. */
    private byte[] cachedSharedKey(byte[] peerPublicKey) throws E2eException {
        if (peerPublicKey != null) {
            byte[] known = sharedKeys.get(ByteBuffer.wrap(peerPublicKey));
            if (known != null) {
                return known;
            }
        }
        byte[] key = computeSharedKey(peerPublicKey); // an invalid key throws here and is not remembered
        if (sharedKeys.size() >= SHARED_KEY_CACHE_SIZE) {
            sharedKeys.clear();
        }
        byte[] raced = sharedKeys.putIfAbsent(ByteBuffer.wrap(peerPublicKey.clone()), key);
        return raced != null ? raced : key;
    }

    /** How many peers' shared keys this instance holds (for tests). */
    int rememberedPeers() {
        return sharedKeys.size();
    }

    private byte[] computeSharedKey(byte[] peerPublicKey) throws E2eException {
        ECPoint peer = decodePoint(peerPublicKey);
        ECPoint product = peer.multiply(secret).normalize();
        if (product.isInfinity()) {
            throw new E2eException("invalid public key: shared point is the point at infinity");
        }
        byte[] x = product.getAffineXCoord().getEncoded(); // always 32 bytes, big-endian
        try {
            return MessageDigest.getInstance("SHA-256").digest(x);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        } finally {
            Arrays.fill(x, (byte) 0);
        }
    }

    /** Encrypts for {@code peerPublicKey}: a fresh random 12-byte nonce ‖ ciphertext ‖ 16-byte tag. */
    public byte[] encrypt(byte[] peerPublicKey, byte[] plaintext) throws E2eException {
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return encrypt(peerPublicKey, plaintext, nonce);
    }

    /** Package-private for tests: encrypts with a given nonce. Never reuse a nonce with a key. */
    byte[] encrypt(byte[] peerPublicKey, byte[] plaintext, byte[] nonce) throws E2eException {
        byte[] key = cachedSharedKey(peerPublicKey);
        try {
            Cipher cipher = aes(Cipher.ENCRYPT_MODE, key, nonce);
            byte[] out = new byte[NONCE_LENGTH + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
            int written = cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_LENGTH);
            return written + NONCE_LENGTH == out.length ? out : Arrays.copyOf(out, NONCE_LENGTH + written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts {@code nonce ‖ ciphertext ‖ tag} from {@code peerPublicKey}. Any nonce is accepted.
     *
     * @throws E2eException {@code invalid cipher data} if too short or not authentic; or an invalid peer key
     */
    public byte[] decrypt(byte[] peerPublicKey, byte[] cipherData) throws E2eException {
        if (cipherData == null || cipherData.length < NONCE_LENGTH + TAG_LENGTH) {
            throw new E2eException("invalid cipher data");
        }
        byte[] key = cachedSharedKey(peerPublicKey);
        try {
            Cipher cipher = aes(Cipher.DECRYPT_MODE, key, Arrays.copyOf(cipherData, NONCE_LENGTH));
            return cipher.doFinal(cipherData, NONCE_LENGTH, cipherData.length - NONCE_LENGTH);
        } catch (AEADBadTagException e) {
            throw new E2eException("invalid cipher data");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /**
     * A cipher of the calling thread, initialised for {@code key} and {@code nonce}: looking the
     * algorithm up among the providers ({@code Cipher.getInstance}) cost more than the AES of a
     * 1 KiB message. The JDK refuses to encrypt again with the key and nonce of the thread's
     * previous encryption (only a test repeats a nonce): then a fresh cipher does it.
     */
    private static Cipher aes(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        GCMParameterSpec parameters = new GCMParameterSpec(TAG_LENGTH * 8, nonce);
        Cipher cipher = CIPHERS.get();
        try {
            cipher.init(mode, spec, parameters);
        } catch (InvalidAlgorithmParameterException repeatedNonce) {
            cipher = Cipher.getInstance(AES_GCM);
            cipher.init(mode, spec, parameters);
        }
        return cipher;
    }

    private static ECPoint decodePoint(byte[] encoded) throws E2eException {
        if (encoded == null || (encoded.length != 33 && encoded.length != 65)) {
            throw new E2eException("invalid public key: expected a 33-byte compressed or 65-byte uncompressed "
                    + "secp256k1 point, found " + (encoded == null ? "none" : encoded.length + " bytes"));
        }
        ECPoint point;
        try {
            point = CURVE.decodePoint(encoded);
        } catch (RuntimeException e) {
            throw new E2eException("invalid public key: not a point on secp256k1");
        }
        if (point.isInfinity() || !point.isValid()) {
            throw new E2eException("invalid public key: not a valid secp256k1 point");
        }
        return point;
    }

    @Override
    public String toString() {
        return "E2eKey[pk=0x" + Hex.toHexString(publicKey) + "]";
    }
}
