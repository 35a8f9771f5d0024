/**
 * Session queues in Redis streams (relay.md §4, §14), shared by every relay instance that uses the
 * same Redis: {@link dev.rmbee.relay.redis.RedisSessionQueues}, over a Redisson client and (for the
 * hot path: appends, reads, acknowledgements, wake-ups) the RESP client of {@code
 * dev.rmbee.redis.resp}, made of its ordered batched appends, its reads, its batched
 * acknowledgements and its wake-up channel.
 */
package dev.rmbee.relay.redis;
