package dev.rmbee.federation;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the body of a federation POST up to the relay's size cap: a declared length over the cap
 * is refused before a byte is read, a body without a declared length (chunked) is read until one
 * byte past the cap at most.
 */
public final class IngressBody {

    private IngressBody() {}

    /** The body is larger than the relay accepts (answered 413). */
    public static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("message too big", null, false, false);
        }
    }

    /**
     * True when a body of {@code declaredLength} bytes (negative: not declared) may still be
     * within {@code max}; false when it is too large already.
     */
    public static boolean mayFit(long declaredLength, int max) {
        return declaredLength <= max;
    }

    /**
     * The whole body of {@code in}, at most {@code max} bytes.
     *
     * @param declaredLength the request's Content-Length, negative when it has none
     * @throws TooLarge when the body (or its declared length) is over {@code max}
     * @throws IOException when the body cannot be read or ends before its declared length
     */
    public static byte[] read(InputStream in, long declaredLength, int max) throws IOException, TooLarge {
        if (!mayFit(declaredLength, max)) {
            throw new TooLarge();
        }
        if (declaredLength >= 0) {
            byte[] body = in.readNBytes((int) declaredLength);
            if (body.length < declaredLength) {
                throw new IOException("body ended after " + body.length + " of " + declaredLength + " bytes");
            }
            return body;
        }
        byte[] body = in.readNBytes(max + 1);
        if (body.length > max) {
            throw new TooLarge();
        }
        return body;
    }
}
