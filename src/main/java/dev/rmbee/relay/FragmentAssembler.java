package dev.rmbee.relay;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Joins the fragments of a connection's incoming binary messages under the whole-message size cap
 * ({@code rmb.relay.max-message-bytes}): a message over it, counted over all its fragments, is
 * refused, and the relay closes the connection. One per connection; the container delivers a
 * connection's fragments one at a time.
 */
final class FragmentAssembler {

    private final int maxBytes;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    FragmentAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Adds one fragment of an incoming binary message.
     *
     * @return the whole message once {@code last} arrives, else {@code null}
     * @throws MessageTooBigException when the message grows beyond the cap
     */
    byte[] append(ByteBuffer fragment, boolean last) throws MessageTooBigException {
        if (last && partial.size() == 0) {
            if (fragment.remaining() > maxBytes) {
                throw new MessageTooBigException(fragment.remaining());
            }
            byte[] whole = new byte[fragment.remaining()];
            fragment.get(whole);
            return whole;
        }
        if ((long) partial.size() + fragment.remaining() > maxBytes) {
            int seen = partial.size() + fragment.remaining();
            partial.reset();
            throw new MessageTooBigException(seen);
        }
        byte[] chunk = new byte[fragment.remaining()];
        fragment.get(chunk);
        partial.write(chunk, 0, chunk.length);
        if (!last) {
            return null;
        }
        byte[] whole = partial.toByteArray();
        partial.reset();
        return whole;
    }

    /** An incoming message is larger than the relay accepts. */
    static final class MessageTooBigException extends Exception {
        private static final long serialVersionUID = 1L;

        MessageTooBigException(int bytes) {
            super("message of at least " + bytes + " bytes is over the limit");
        }
    }
}
