package dev.rmbee.relay;

/**
 * One envelope waiting in a session's queue.
 *
 * @param id the queue's id for it (a Redis stream id {@code <ms>-<seq>}, or a sequence number);
 *     ids of one session increase in append order
 * @param envelope the envelope bytes exactly as they will be sent
 */
public record QueuedMessage(String id, byte[] envelope) {}
