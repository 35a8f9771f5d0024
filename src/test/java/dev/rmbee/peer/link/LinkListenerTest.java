package dev.rmbee.peer.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.testing.MutableClock;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A link reads the next frame only once the consumer took care of the envelope before it: the JDK
 * client answers a relay's WebSocket Ping as it reads it, and that Pong confirms every envelope
 * written before the Ping (the relay's pong confirmation), so a frame requested before the
 * envelope was stored would confirm an envelope a crash could still lose.
 */
class LinkListenerTest {

    private final List<byte[]> received = new ArrayList<>();
    private final List<CompletableFuture<Void>> stored = new ArrayList<>();
    private final RequestCountingSocket socket = new RequestCountingSocket();

    private final RelayLink link = new RelayLink(
            RelayUrl.parse("ws://relay.test/"),
            7,
            null,
            null,
            Runnable::run,
            null,
            new MutableClock(Instant.ofEpochSecond(1_800_000_000L)),
            RelayLinkSettings.DEFAULTS,
            frame -> {
                received.add(frame);
                CompletableFuture<Void> done = new CompletableFuture<>();
                stored.add(done);
                return done;
            },
            null);
    private final LinkListener listener = new LinkListener(link, 1, 1024);

    @Test
    void theFrameAfterAnEnvelopeIsRequestedOnlyOnceTheEnvelopeIsStored() {
        listener.onBinary(socket, ByteBuffer.wrap(new byte[] {1, 2}), true);
        assertEquals(1, received.size());
        assertEquals(0, socket.requested, "nothing more is read (no Ping answered) while the envelope is not stored");

        stored.get(0).complete(null);
        assertEquals(1, socket.requested, "stored: the next frame is read");
    }

    @Test
    void aFailedConsumerStillLetsTheLinkReadOn() {
        listener.onBinary(socket, ByteBuffer.wrap(new byte[] {1}), true);
        stored.get(0).completeExceptionally(new IllegalStateException("refused"));
        assertEquals(1, socket.requested);
    }

    @Test
    void fragmentsAndControlFramesAreReadOnAtOnce() {
        listener.onBinary(socket, ByteBuffer.wrap(new byte[] {1}), false);
        assertEquals(1, socket.requested);
        listener.onPing(socket, ByteBuffer.allocate(0));
        listener.onPong(socket, ByteBuffer.allocate(0));
        assertEquals(3, socket.requested);
        listener.onBinary(socket, ByteBuffer.wrap(new byte[] {2}), true);
        assertEquals(3, socket.requested, "the whole message waits for its consumer");
        stored.get(0).complete(null);
        assertEquals(4, socket.requested);
    }

    /** Counts {@link WebSocket#request} calls; nothing else is used. */
    private static final class RequestCountingSocket implements WebSocket {
        int requested;

        @Override
        public void request(long n) {
            requested += (int) n;
        }

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {}
    }
}
