/**
 * The federation queue in Redis (relay.md §7.1–7.2, §14): the stream
 * {@code relay.federation.stream} and its consumer group {@code federation}, shared by every relay
 * instance that uses the same Redis: {@link dev.rmbee.federation.redis.RedisFederationQueue}.
 */
package dev.rmbee.federation.redis;
