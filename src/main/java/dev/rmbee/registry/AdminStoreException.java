package dev.rmbee.registry;

/** An administrator's change to the twins could not be kept (a file not written, Redis away): nothing changed. */
public class AdminStoreException extends RegistryException {

    private static final long serialVersionUID = 1L;

    public AdminStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
