package dev.rmbee.admin;

/**
 * A request the admin API refuses: the HTTP status and the message the operator reads, answered
 * as {@code {"error":"…"}} by {@link AdminExceptionMapper}. Never carries a stack trace.
 */
public final class AdminException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    AdminException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static AdminException badRequest(String message) {
        return new AdminException(400, message);
    }

    static AdminException notFound(String message) {
        return new AdminException(404, message);
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }
}
