package dev.rmbee.identity.secret;

/**
 * A secret (mnemonic, hex seed or Substrate secret URI) that cannot be used.
 *
 * <p>Messages say what is wrong (word position, word count, checksum, hex length, …) but never
 * contain the secret or any part of it.
 */
public class InvalidSecretException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidSecretException(String message) {
        super(message);
    }
}
