package dev.rmbee.federation;

/**
 * One envelope taken from the {@link FederationQueue} by a worker. It stays in the queue until
 * the worker {@linkplain FederationQueue#acknowledge acknowledges} it or hands it back for a
 * {@linkplain FederationQueue#retryLater later retry}.
 *
 * @param id the queue's id for it (a Redis stream id {@code <ms>-<seq>}, or a sequence number)
 * @param envelope the envelope bytes exactly as the sender sent them
 * @param worker the index of the worker that took it
 * @param deliveries how often the entry has been taken, this time included (1 the first time)
 */
public record FederationEntry(String id, byte[] envelope, int worker, long deliveries) {}
