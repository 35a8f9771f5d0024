package dev.rmbee.peer.bus;

/**
 * A push found another type of key than a list where its list should be. The call itself ran: the
 * finished items that rode along with it ({@link LocalBus#pushOnce(String, byte[], String,
 * java.time.Duration, java.util.List)}) are finished all the same.
 */
public final class WrongTypeException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public WrongTypeException() {
        super("WRONGTYPE Operation against a key holding the wrong kind of value");
    }

    /** Whether {@code error} is, or was caused by, a {@code WrongTypeException}. */
    public static boolean isIn(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof WrongTypeException) {
                return true;
            }
        }
        return false;
    }
}
