package dev.rmbee.identity.sr25519;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * An expanded sr25519 key pair (secret scalar, nonce seed, public key). Immutable and therefore
 * thread-safe; create it with {@link Sr25519#fromMiniSecret(byte[])}.
 */
public final class Sr25519KeyPair {

    // SecureRandom is thread-safe; signing only needs 32 fresh bytes per signature
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The secret scalar, 32 little-endian bytes below 2^251. */
    private final byte[] key;

    private final byte[] nonce;
    private final byte[] publicKey;

    Sr25519KeyPair(byte[] key, byte[] nonce, byte[] publicKey) {
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

    /**
     * Writes the 64-byte marked signature ("substrate" context) at {@code out[offset]}, so a caller
     * that frames it (RMB's 65-byte prefixed form) needs no second array.
     */
    public void signInto(byte[] message, byte[] out, int offset) {
        if (offset < 0 || out.length - offset < Sr25519.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("no room for a 64-byte signature at offset " + offset);
        }
        Sr25519Signing.sign(Sr25519.SUBSTRATE_CONTEXT, message, key, nonce, publicKey, RANDOM, out, offset);
    }

    /** Signing with an injected randomness source, for tests. */
    byte[] sign(byte[] context, byte[] message, SecureRandom random) {
        byte[] signature = new byte[Sr25519.SIGNATURE_LENGTH];
        Sr25519Signing.sign(context, message, key, nonce, publicKey, random, signature, 0);
        return signature;
    }

    /** The secret scalar, for hard derivation only (not a copy: never to be changed). */
    byte[] secretScalar() {
        return key;
    }

    /** Shows the public key only: secrets must never end up in logs. */
    @Override
    public String toString() {
        return "Sr25519KeyPair[publicKey=0x" + HexFormat.of().formatHex(publicKey) + "]";
    }
}
