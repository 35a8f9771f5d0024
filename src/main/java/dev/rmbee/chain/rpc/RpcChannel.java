package dev.rmbee.chain.rpc;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * One text connection to a node, as {@link RpcConnection} needs it: whole messages out, whole
 * messages in (an adapter joins the parts of a large one), and one end. {@link WebSocketChannels}
 * is the WebSocket adapter; tests use a scripted one.
 */
public interface RpcChannel {

    /**
     * Sends one text message, in order after the ones sent before. A send that fails ends the
     * channel (reported to its listener); it never throws.
     */
    void send(String text);

    /** Ends the channel; its listener is told (once, like any other end). */
    void close();

    /** What a channel reports, from one thread at a time, in order. */
    interface Listener {

        /** One whole inbound text message. */
        void message(String text);

        /** The channel ended (closed by either side, failed, or an inbound message too large): once, last. */
        void closed(String reason);
    }

    /** Opens channels to node URLs. */
    @FunctionalInterface
    interface Opener {

        /**
         * A channel to {@code url} reporting to {@code listener}; fails when it cannot be opened. The
         * listener may hear of messages before the result completes.
         */
        CompletableFuture<RpcChannel> open(URI url, Listener listener);
    }
}
