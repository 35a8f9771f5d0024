package dev.rmbee.identity;

import dev.rmbee.identity.sr25519.Sr25519;
import dev.rmbee.identity.sr25519.Sr25519KeyPair;
import java.util.Objects;

/** An sr25519 (schnorrkel, context "substrate") signing key. Signatures are randomized. */
public final class Sr25519Signer implements Signer {

    private final Sr25519KeyPair keyPair;

    public Sr25519Signer(Sr25519KeyPair keyPair) {
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
    }

    /** The key pair of a 32-byte mini secret (Ed25519-mode expansion, as Substrate). */
    public static Sr25519Signer fromMiniSecret(byte[] miniSecret32) {
        return new Sr25519Signer(Sr25519.fromMiniSecret(miniSecret32));
    }

    @Override
    public KeyType keyType() {
        return KeyType.SR25519;
    }

    @Override
    public byte[] publicKey() {
        return keyPair.publicKey();
    }

    @Override
    public byte[] sign(byte[] message) {
        byte[] out = new byte[65];
        out[0] = KeyType.SR25519.prefix();
        keyPair.signInto(message, out, 1);
        return out;
    }

    @Override
    public String toString() {
        return "Sr25519Signer[public key 0x" + org.bouncycastle.util.encoders.Hex.toHexString(keyPair.publicKey())
                + "]";
    }
}
