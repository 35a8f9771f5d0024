package dev.rmbee.peer.link;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * How a peer gateway hands signed envelopes to its relays. The peer core depends only on this;
 * the relay links implement it with one WebSocket per configured relay.
 */
public interface RelayTransport {

    /**
     * Sends one serialized, signed envelope on exactly one live relay connection.
     *
     * @return completes once a connection has written the bytes; completes exceptionally with
     *     {@link RelayUnavailableException} when no relay accepted them before {@code deadline}
     */
    CompletableFuture<Void> send(byte[] envelope, Instant deadline);
}
