package dev.rmbee.peer.link;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The socket events of one connection attempt of a link ({@code attempt} is its generation):
 * every frame counts as a sign of life, binary fragments are joined up to the size cap (a larger
 * message is dropped and logged, the connection kept), and a close or error ends the connection.
 *
 * <p>After a whole envelope the next frame is requested only once the consumer took care of it
 * (the peer: pushed it to Redis). The JDK client answers a WebSocket Ping as it reads it, and the
 * relay counts every envelope written before that Ping as delivered when the Pong comes (pong
 * confirmation): reading nothing further until the envelope is stored is what makes the Pong
 * mean "stored", so a crash of the peer before that leaves the envelope with the relay.
 */
final class LinkListener implements WebSocket.Listener {

    private static final Logger LOG = Logger.getLogger(RelayLink.class.getName());

    private final RelayLink link;
    private final long attempt;
    private final MessageAssembler assembler;

    LinkListener(RelayLink link, long attempt, int maxMessageBytes) {
        this.link = link;
        this.attempt = attempt;
        this.assembler = new MessageAssembler(maxMessageBytes, new MessageAssembler.Sink() {
            @Override
            public CompletionStage<?> message(byte[] message) {
                return link.received(attempt, message);
            }

            @Override
            public void oversized(long bytes) {
                link.frameReceived(attempt);
                LOG.log(
                        Level.WARNING,
                        "relay {0}: dropped an inbound message of {1} bytes (the limit is {2})",
                        new Object[] {link.url(), Long.toString(bytes), Integer.toString(maxMessageBytes)});
            }
        });
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        link.frameReceived(attempt);
        CompletionStage<?> readOn;
        try {
            readOn = assembler.append(data, last);
        } catch (RuntimeException e) {
            readOn = CompletableFuture.failedFuture(e);
        }
        readOn.whenComplete((done, error) -> webSocket.request(1));
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        link.frameReceived(attempt); // a relay sends none; ignored
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        link.frameReceived(attempt); // the client answers with a Pong by itself
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        link.frameReceived(attempt);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        link.down(attempt, "closed: " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        link.down(attempt, LinkFailures.describe(error, null));
    }
}
