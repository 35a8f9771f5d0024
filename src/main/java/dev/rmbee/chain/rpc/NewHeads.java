package dev.rmbee.chain.rpc;

import dev.rmbee.async.AsyncResults;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns one subscription's {@code chain_newHead} headers into {@link Head}s: a header carries no
 * hash of its own, so each head's hash is asked of the same node with {@code chain_getBlockHash
 * [number]} (the hash of that number on the node's best chain, which the new best head is part
 * of), rather than computed by encoding the header. The heads are delivered in the order of their
 * headers; a head whose hash cannot be had (the connection ended, no such block) is skipped, so a
 * follower must fill gaps between the numbers it sees, as it must anyway after a reorg.
 */
final class NewHeads {

    private static final Logger LOG = Logger.getLogger(NewHeads.class.getName());

    private final RpcConnection connection;
    private final Consumer<Head> listener;
    private CompletableFuture<Void> delivered = CompletableFuture.completedFuture(null); // guarded by "this"

    NewHeads(RpcConnection connection, Consumer<Head> listener) {
        this.connection = connection;
        this.listener = listener;
    }

    void header(JsonValue value) {
        Header header;
        try {
            header = Header.of(value, "chain_newHead");
        } catch (RpcUnavailableException e) {
            LOG.log(Level.WARNING, "{0}: skipped a head: {1}", new Object[] {connection.url(), e.getMessage()});
            return;
        }
        CompletableFuture<Optional<byte[]>> hash = connection
                .call("chain_getBlockHash", RpcJson.number(header.number()))
                .thenApply(answer -> ChainValues.hash(answer, "chain_getBlockHash"))
                .exceptionally(error -> {
                    LOG.log(Level.FINE, "{0}: no hash for head {1}: {2}", new Object[] {
                        connection.url(), header.number(), AsyncResults.describe(AsyncResults.unwrap(error))
                    });
                    return Optional.empty();
                });
        synchronized (this) {
            delivered = delivered.thenCombine(hash, (ignored, found) -> {
                found.ifPresent(h -> deliver(new Head(header.number(), h, header.parentHash())));
                return null;
            });
        }
    }

    private void deliver(Head head) {
        try {
            listener.accept(head);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, connection.url() + ": a head listener failed", e);
        }
    }
}
