package dev.rmbee.federation;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Remembers the federated envelopes this relay took, for their TTL, so that one posted again (a
 * replay, or a remote relay's retry after a lost answer) is accepted without being delivered twice.
 * In memory with the embedded queues ({@link MemoryReplayGuard}); in Redis, shared by every
 * instance of the relay, with the Redis queues.
 */
public interface ReplayGuard {

    /**
     * Remembers {@code key} for {@code ttl} unless it is remembered already; the stage completes
     * with true for the first time, false for a repeat.
     */
    CompletionStage<Boolean> firstTime(ReplayKey key, Duration ttl);

    /** Forgets {@code key}: the envelope it names was not queued after all, so a retry must get through. */
    CompletionStage<Void> forget(ReplayKey key);
}
