package dev.rmbee.peer.link;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Joins the fragments of inbound binary messages under a size cap. An oversized message is
 * skipped to its last fragment and reported, and the next one is assembled normally: the relay
 * would deliver it again on every new connection, so dropping the connection would not help.
 * One per connection; the WebSocket client calls it from one thread at a time.
 *
 * <p>{@link #append} returns when the connection may read on: at once for a fragment or a skipped
 * message, and for a whole message when the sink says it is taken care of.
 */
final class MessageAssembler {

    /** Where assembled messages and skipped ones go. */
    interface Sink {
        /** A whole message; the stage completes when the connection may read the next frame. */
        CompletionStage<?> message(byte[] message);

        void oversized(long bytes);
    }

    private static final CompletionStage<?> READ_ON = CompletableFuture.completedFuture(null);

    private final int maxBytes;
    private final Sink sink;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long skipped = -1; // bytes of the message being skipped, -1 when not skipping

    MessageAssembler(int maxBytes, Sink sink) {
        this.maxBytes = maxBytes;
        this.sink = sink;
    }

    /** Adds one fragment; the stage completes when the next frame may be read. */
    CompletionStage<?> append(ByteBuffer fragment, boolean last) {
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
            return READ_ON;
        }
        if (last && partial.size() == 0) {
            byte[] whole = new byte[length];
            fragment.get(whole);
            return sink.message(whole);
        }
        byte[] chunk = new byte[length];
        fragment.get(chunk);
        partial.write(chunk, 0, length);
        if (last) {
            byte[] whole = partial.toByteArray();
            partial.reset();
            return sink.message(whole);
        }
        return READ_ON;
    }
}
