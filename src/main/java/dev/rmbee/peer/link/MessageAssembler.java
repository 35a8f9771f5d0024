package dev.rmbee.peer.link;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Joins the fragments of inbound binary messages under a size cap. An oversized message is
 * skipped to its last fragment and reported, and the next one is assembled normally: the relay
 * would deliver it again on every new connection, so dropping the connection would not help.
 * One per connection; the WebSocket client calls it from one thread at a time.
 */
final class MessageAssembler {

    /** Where assembled messages and skipped ones go. */
    interface Sink {
        void message(byte[] message);

        void oversized(long bytes);
    }

    private final int maxBytes;
    private final Sink sink;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long skipped = -1; // bytes of the message being skipped, -1 when not skipping

    MessageAssembler(int maxBytes, Sink sink) {
        this.maxBytes = maxBytes;
        this.sink = sink;
    }

    void append(ByteBuffer fragment, boolean last) {
        int length = fragment.remaining();
        if (skipped < 0 && (long) partial.size() + length > maxBytes) {
            skipped = partial.size();
            partial.reset();
        }
        if (skipped >= 0) {
            skipped += length;
            fragment.position(fragment.limit());
            if (last) {
                long size = skipped;
                skipped = -1;
                sink.oversized(size);
            }
            return;
        }
        if (last && partial.size() == 0) {
            byte[] whole = new byte[length];
            fragment.get(whole);
            sink.message(whole);
            return;
        }
        byte[] chunk = new byte[length];
        fragment.get(chunk);
        partial.write(chunk, 0, length);
        if (last) {
            byte[] whole = partial.toByteArray();
            partial.reset();
            sink.message(whole);
        }
    }
}
