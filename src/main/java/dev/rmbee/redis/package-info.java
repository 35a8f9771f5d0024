/**
 * What the Redis backends ({@code relay.redis}, {@code federation.redis}) share about Redis
 * streams: the text form and order of stream ids ({@link dev.rmbee.redis.StreamIds}) and the
 * codec of entries whose values are raw bytes ({@link dev.rmbee.redis.RawStreamCodec}). Over
 * Redisson; no queue logic lives here.
 */
package dev.rmbee.redis;
