package dev.rmbee.redis.resp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Sends Redis commands and completes their futures with the replies, on the connection's reader
 * thread ({@link RespDecoder} says what a reply is). A Redis error reply fails the future with a
 * {@link RespError}; a Redis that did not answer with a {@link RespUnavailableException}. Never
 * blocks the caller: past its bound of unsent commands, or while not connected, a command fails at
 * once.
 */
public interface RespCommands extends AutoCloseable {

    /**
     * Sends {@code command} (its name first) to the node serving {@code key}'s hash slot; commands
     * sent one after the other for the same slot reach Redis in that order.
     *
     * @param key one key of the command (every key of a command must share its slot); null for a
     *     command without keys
     */
    CompletableFuture<Object> send(String key, byte[]... command);

    /**
     * Subscribes to {@code channels} on a connection of its own ({@link RespSubscriber}): on this
     * node, or on a cluster's seed nodes in turn (a cluster's {@code PUBLISH} reaches every node).
     * It is the caller's to close.
     */
    RespSubscriber subscribe(
            List<String> channels,
            BiConsumer<String, byte[]> listener,
            Runnable onSubscribed,
            Consumer<Throwable> onLost);

    /** Closes the connections; commands in flight fail. */
    @Override
    void close();
}
