package dev.rmbee.peer.bus;

import dev.rmbee.wire.proto.PeerTypes.Backlog;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The Redis side of the peer's local API (peer.md §4): what the gateway pops, pushes and tracks.
 * Every stage completes on the executor its implementation was given, never on a Redis client's
 * I/O thread; a Redis failure fails the stage.
 */
public interface LocalBus {

    /**
     * {@code BRPOP msgbus.system.local msgbus.system.reply <timeout>}: the oldest item of either list
     * (of {@code msgbus.system.local} when both have items), or empty after {@code timeout}.
     *
     * @param timeout at least one second (Redis blocks in whole seconds)
     */
    CompletionStage<Optional<LocalItem>> pop(Duration timeout);

    /**
     * {@code LPUSH <list> <json>} and {@code LTRIM <list> 0 9999} in one MULTI/EXEC: the list keeps
     * its {@value LocalKeys#MAX_LIST_LENGTH} newest items.
     */
    CompletionStage<Void> push(String list, byte[] json);

    /** Stores a request's backlog under {@code msgbus.backlog.<uid>}, expiring after its {@code ttl} seconds. */
    CompletionStage<Void> storeBacklog(Backlog backlog);

    /**
     * {@code GET msgbus.backlog.<uid>}: the backlog, or empty when there is none (expired or never
     * stored). The key is left as it is: every destination of a request answers under the same uid.
     * A value that is not a Backlog fails the stage.
     */
    CompletionStage<Optional<Backlog>> backlog(String uid);
}
