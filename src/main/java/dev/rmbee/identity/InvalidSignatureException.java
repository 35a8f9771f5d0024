package dev.rmbee.identity;

/**
 * A signature that is missing, malformed or does not verify. The message is one of the exact
 * texts of wire.md §5, which the relay and the peer return to clients.
 */
public class InvalidSignatureException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidSignatureException(String message) {
        super(message);
    }
}
