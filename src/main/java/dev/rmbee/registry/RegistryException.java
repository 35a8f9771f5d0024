package dev.rmbee.registry;

/** The registry could not answer a lookup (unreachable backend, unreadable data). */
public class RegistryException extends Exception {

    private static final long serialVersionUID = 1L;

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    public RegistryException(String message) {
        super(message);
    }
}
