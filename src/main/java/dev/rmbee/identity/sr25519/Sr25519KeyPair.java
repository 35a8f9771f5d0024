package dev.rmbee.identity.sr25519;

import cafe.cryptography.curve25519.Scalar;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * An expanded sr25519 key pair (secret scalar, nonce seed, public key). Immutable and therefore
 * thread-safe; create it with {@link Sr25519#fromMiniSecret(byte[])}.
 */
public final class Sr25519KeyPair {

    // SecureRandom is thread-safe; signing only needs 32 fresh bytes per signature
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Scalar key;
    private final byte[] nonce;
    private final byte[] publicKey;

    Sr25519KeyPair(Scalar key, byte[] nonce, byte[] publicKey) {
        this.key = key;
        this.nonce = nonce;
        this.publicKey = publicKey;
    }

    /** The 32-byte compressed Ristretto public key (a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** A 64-byte marked schnorrkel signature with Substrate's signing context "substrate". */
    public byte[] sign(byte[] message) {
        return sign(Sr25519.SUBSTRATE_CONTEXT, message);
    }

    /** A 64-byte marked schnorrkel signature with the given signing context. */
    public byte[] sign(byte[] context, byte[] message) {
        return sign(context, message, RANDOM);
    }

    /** Signing with an injected randomness source, for tests. */
    byte[] sign(byte[] context, byte[] message, SecureRandom random) {
        return Sr25519.sign(context, message, key, nonce, publicKey, random);
    }

    /** The secret scalar, for hard derivation only. */
    Scalar secretScalar() {
        return key;
    }

    /** Shows the public key only: secrets must never end up in logs. */
    @Override
    public String toString() {
        return "Sr25519KeyPair[publicKey=0x" + HexFormat.of().formatHex(publicKey) + "]";
    }
}
