/**
 * A small pipelined RESP2 client for the relay's Redis hot path (issue 11): one TCP (or TLS)
 * connection per Redis node, commands written in call order and coalesced into as few writes as
 * the load allows, replies matched first-in first-out by one reader thread per connection that
 * completes the callers' futures itself. No pool, no semaphore, no executor hop; a caller's
 * thread only encodes and enqueues; commands are bounded by one periodic check per node of the
 * oldest unanswered one, not a timer each ({@code PendingReplies}). {@link dev.rmbee.redis.resp.RespNode} is one node (with
 * reconnection), {@link dev.rmbee.redis.resp.RespCluster} routes by hash slot on a Redis Cluster;
 * both are {@link dev.rmbee.redis.resp.RespCommands}; {@link dev.rmbee.redis.resp.RespSubscriber}
 * is a subscribed connection of its own (pub/sub). Redisson stays the client of everything else.
 */
package dev.rmbee.redis.resp;
