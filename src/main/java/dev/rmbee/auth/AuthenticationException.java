package dev.rmbee.auth;

/** A relay token was refused; carries the HTTP status and the plain-text reason for the client. */
public class AuthenticationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    public AuthenticationException(int status, String message) {
        super(message);
        this.status = status;
    }

    public AuthenticationException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** 400 for a missing token, 401 for a refused one, 503 when the registry cannot answer. */
    public int status() {
        return status;
    }
}
