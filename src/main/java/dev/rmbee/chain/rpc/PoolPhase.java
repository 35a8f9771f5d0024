package dev.rmbee.chain.rpc;

/** Where a {@link NodePool} is in its life. */
enum PoolPhase {
    NEW,
    CONNECTING,
    CONNECTED,
    WAITING,
    CLOSED
}
