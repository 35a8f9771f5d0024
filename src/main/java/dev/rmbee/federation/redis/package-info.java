/**
 * The federation queue in Redis (relay.md §7.1–7.2, §14): the stream
 * {@code relay.federation.stream} and its consumer group {@code federation}, shared by every relay
 * instance that uses the same Redis: {@link dev.rmbee.federation.redis.RedisFederationQueue}, with
 * the group's commands, the memory of the entries this instance holds, and the claims of pending
 * entries (its own after a restart, due retries, other instances' idle ones). Also the replay
 * memory of the federation ingress, shared the same way ({@link
 * dev.rmbee.federation.redis.RedisReplayGuard}).
 */
package dev.rmbee.federation.redis;
