package dev.rmbee.identity.e2e;

/**
 * An end-to-end encryption failure: an unusable peer public key or undecryptable cipher data.
 * rmb-peer reports it as {@code e2e error: <message>}.
 */
public class E2eException extends Exception {

    private static final long serialVersionUID = 1L;

    public E2eException(String message) {
        super(message);
    }

    public E2eException(String message, Throwable cause) {
        super(message, cause);
    }
}
