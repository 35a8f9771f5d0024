package dev.rmbee.peer.bus;

import dev.rmbee.wire.proto.PeerTypes.Backlog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The Redis side of the peer's local API (peer.md §4): what the gateway pops, pushes and tracks.
 * Every stage completes on the executor its implementation was given, never on a Redis client's
 * I/O thread — except {@link #finish}'s, which may complete on the thread that read the reply:
 * what follows a finish must be short (no crypto, nothing that blocks). A Redis failure fails the
 * stage.
 */
public interface LocalBus {

    /**
     * {@code BRPOPLPUSH <list> <taken list> <timeout>}: takes the oldest item of {@code list}
     * ({@link LocalKeys#SYSTEM_LOCAL} or {@link LocalKeys#SYSTEM_REPLY}) into this gateway's taken
     * list ({@link LocalKeys#takenList}), where it stays until {@link #finish}; empty after
     * {@code timeout}. A crash leaves taken items for {@link #requeueTaken}.
     *
     * @param timeout at least one second (Redis blocks in whole seconds)
     */
    CompletionStage<Optional<LocalItem>> take(String list, Duration timeout);

    /**
     * Takes up to {@code max} items of {@code list} into the taken list at once, without blocking
     * (one script): the oldest first. Empty when the list is.
     */
    CompletionStage<List<LocalItem>> takeSome(String list, int max);

    /**
     * The items are done with (sent, or reported to their clients): each leaves its taken list
     * ({@code LREM <taken list> 1 <json>}), and the backlog of each request is stored under {@code
     * msgbus.backlog.<uid>} for its TTL — all in one script, so that a crash leaves either an item
     * to be taken again or what its responses need. The stage may complete on a Redis client's
     * reply thread (see above).
     */
    CompletionStage<Void> finish(List<FinishedItem> items);

    /**
     * Moves what an earlier run of this gateway took and did not finish back to where the next
     * {@link #take} finds it first, oldest first; call before the first take.
     *
     * @return how many items were moved back
     */
    CompletionStage<Long> requeueTaken();

    /**
     * {@code LPUSH <list> <json>} and {@code LTRIM <list> 0 9999} in one script call: the list keeps
     * its {@value LocalKeys#MAX_LIST_LENGTH} newest items.
     */
    CompletionStage<Void> push(String list, byte[] json);

    /**
     * {@link #push}, unless the marker {@code seen} (a digest, see {@link LocalKeys#seenKey}) is set:
     * sets it for {@code ttl} and pushes in one step (a Lua script), so that a crash cannot leave one
     * without the other.
     *
     * @return true when pushed, false when the marker was there (the message was pushed before)
     */
    default CompletionStage<Boolean> pushOnce(String list, byte[] json, String seen, Duration ttl) {
        return pushOnce(list, json, seen, ttl, List.of());
    }

    /**
     * {@link #pushOnce(String, byte[], String, Duration)}, and in the same call {@link #finish} of
     * {@code finished} (before the push, whatever it finds): finished items ride along with a push
     * instead of a call of their own. They are finished when the stage completes, also when it fails
     * with a {@link WrongTypeException} (the call ran); on any other failure as after a failed
     * {@link #finish}.
     */
    CompletionStage<Boolean> pushOnce(String list, byte[] json, String seen, Duration ttl, List<FinishedItem> finished);

    /**
     * {@code GET msgbus.backlog.<uid>}: the backlog, or empty when there is none (expired or never
     * stored). The key is left as it is: every destination of a request answers under the same uid.
     * A value that is not a Backlog fails the stage.
     */
    CompletionStage<Optional<Backlog>> backlog(String uid);
}
