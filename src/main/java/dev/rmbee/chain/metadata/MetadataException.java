package dev.rmbee.chain.metadata;

/** Metadata that cannot be read: not V14, an unknown tag, a type id out of range, bytes left over. */
public class MetadataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MetadataException(String message) {
        super(message);
    }

    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
