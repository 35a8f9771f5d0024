package dev.rmbee.identity;

import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/** An ed25519 (RFC 8032) signing key from a 32-byte seed. Signatures are deterministic. */
public final class Ed25519Signer implements Signer {

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;

    /** @param seed32 the 32-byte secret seed (e.g. a Substrate mini secret or derived seed); copied */
    public Ed25519Signer(byte[] seed32) {
        if (seed32 == null || seed32.length != 32) {
            throw new IllegalArgumentException("an ed25519 seed must be 32 bytes");
        }
        this.privateKey = new Ed25519PrivateKeyParameters(seed32, 0);
        this.publicKey = privateKey.generatePublicKey().getEncoded();
    }

    @Override
    public KeyType keyType() {
        return KeyType.ED25519;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The 64-byte RFC 8032 signature without the prefix byte. */
    public byte[] signRaw(byte[] message) {
        // a new BouncyCastle signer per call: it buffers the message, so it is not thread-safe
        org.bouncycastle.crypto.signers.Ed25519Signer signer = new org.bouncycastle.crypto.signers.Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public byte[] sign(byte[] message) {
        byte[] raw = signRaw(message);
        byte[] out = new byte[65];
        out[0] = KeyType.ED25519.prefix();
        System.arraycopy(raw, 0, out, 1, 64);
        Arrays.fill(raw, (byte) 0);
        return out;
    }

    @Override
    public String toString() {
        return "Ed25519Signer[public key 0x" + org.bouncycastle.util.encoders.Hex.toHexString(publicKey) + "]";
    }
}
