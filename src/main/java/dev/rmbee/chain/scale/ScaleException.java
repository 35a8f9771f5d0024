package dev.rmbee.chain.scale;

/** SCALE bytes that cannot be read as the expected shape: too short, a bad tag, trailing bytes. */
public class ScaleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ScaleException(String message) {
        super(message);
    }
}
