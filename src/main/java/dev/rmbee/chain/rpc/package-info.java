/**
 * The client of tfchain's Substrate JSON-RPC (chain.md §2–§3): {@link dev.rmbee.chain.rpc.RpcChannel}
 * (one text connection, with {@link dev.rmbee.chain.rpc.WebSocketChannels} as the JDK WebSocket
 * adapter), {@link dev.rmbee.chain.rpc.RpcConnection} (JSON-RPC 2.0 calls and subscriptions over one
 * channel), {@link dev.rmbee.chain.rpc.NodePool} (the configured node URLs with failover and
 * reconnection) and {@link dev.rmbee.chain.rpc.SubstrateApi} (the typed calls rmb-ee makes).
 * Failures are {@link dev.rmbee.chain.rpc.RpcErrorException} when a node answered with an error and
 * {@link dev.rmbee.chain.rpc.RpcUnavailableException} when no usable answer came. Plain Java and
 * asynchronous: nothing here blocks a thread.
 */
package dev.rmbee.chain.rpc;
