package dev.rmbee.identity;

/** A twin's signing key: produces RMB's 65-byte prefixed signatures. */
public interface Signer {

    KeyType keyType();

    /** The 32-byte public key, i.e. the twin's account id. */
    byte[] publicKey();

    /** Signs {@code message} and returns the 65-byte signature: key-type prefix byte, then 64 bytes. */
    byte[] sign(byte[] message);
}
