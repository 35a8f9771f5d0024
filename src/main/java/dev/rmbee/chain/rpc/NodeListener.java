package dev.rmbee.chain.rpc;

/** Told of a {@link NodePool}'s connections, one event at a time; must not block. */
public interface NodeListener {

    /** {@code connection} is now the current one (a follower subscribes on it and catches up). */
    default void connected(RpcConnection connection) {}

    /** The current connection was lost (or left); another attempt follows unless the pool was closed. */
    default void disconnected(String reason) {}
}
