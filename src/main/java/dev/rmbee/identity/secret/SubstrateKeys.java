package dev.rmbee.identity.secret;

import dev.rmbee.identity.Ed25519Signer;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.Sr25519Signer;
import dev.rmbee.identity.sr25519.Sr25519;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Signing keys from a Substrate secret, like sp-core's {@code Pair::from_string(secret, None)}:
 * a mnemonic, a {@code 0x} hex seed or a secret URI with hard junctions ({@code //Alice}).
 *
 * <p>Soft junctions ({@code /x}) are rejected for both key types: RMB needs none, and ed25519
 * cannot do them at all.
 */
public final class SubstrateKeys {

    private static final byte[] ED25519_HDKD = SecretUri.scaleString("Ed25519HDKD");

    private SubstrateKeys() {}

    /**
     * The signing key for {@code secret}.
     *
     * @throws InvalidSecretException for an invalid secret (the message never contains it)
     */
    public static Signer signer(String secret, KeyType type) {
        byte[] seed = seed(secret, type);
        try {
            switch (type) {
                case ED25519:
                    return new Ed25519Signer(seed);
                case SR25519:
                    return Sr25519Signer.fromMiniSecret(seed);
                default:
                    throw new IllegalArgumentException("unsupported key type " + type);
            }
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * The final 32-byte secret seed of {@code secret} for {@code type}: the root seed (hex seed or
     * mnemonic mini secret) after the hard junctions; what {@code subkey} prints as "Secret seed".
     * Without junctions it is the same for both key types.
     *
     * @throws InvalidSecretException for an invalid secret (the message never contains it)
     */
    public static byte[] seed(String secret, KeyType type) {
        if (type == null) {
            throw new IllegalArgumentException("key type is required");
        }
        SecretUri uri = SecretUri.parse(secret);
        int position = 0;
        for (SecretUri.Junction junction : uri.junctions()) {
            position++;
            if (!junction.isHard()) {
                throw new InvalidSecretException("invalid secret URI: soft derivation ('/' junction " + position
                        + ") is not supported, use hard junctions ('//')");
            }
        }
        byte[] seed = uri.rootSeed();
        for (SecretUri.Junction junction : uri.junctions()) {
            byte[] next = hardDerive(seed, junction.chainCode(), type);
            Arrays.fill(seed, (byte) 0);
            seed = next;
        }
        return seed;
    }

    private static byte[] hardDerive(byte[] seed, byte[] chainCode, KeyType type) {
        switch (type) {
            case ED25519:
                return ed25519HardDerive(seed, chainCode);
            case SR25519:
                // schnorrkel hard_derive_mini_secret_key on the expanded parent key
                return Sr25519.hardDeriveMiniSecret(Sr25519.fromMiniSecret(seed), chainCode);
            default:
                throw new IllegalArgumentException("unsupported key type " + type);
        }
    }

    /** sp-core ed25519 hard junction: blake2b-256(SCALE("Ed25519HDKD") ‖ seed ‖ chainCode). */
    static byte[] ed25519HardDerive(byte[] seed32, byte[] chainCode32) {
        Blake2bDigest blake = new Blake2bDigest(256);
        blake.update(ED25519_HDKD, 0, ED25519_HDKD.length);
        blake.update(seed32, 0, seed32.length);
        blake.update(chainCode32, 0, chainCode32.length);
        byte[] out = new byte[32];
        blake.doFinal(out, 0);
        return out;
    }
}
