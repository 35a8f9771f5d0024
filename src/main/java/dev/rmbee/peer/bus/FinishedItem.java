package dev.rmbee.peer.bus;

import dev.rmbee.wire.proto.PeerTypes.Backlog;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An item the gateway is done with, for {@link LocalBus#finish}: it leaves its taken list, and a
 * request's backlog is stored in the same step.
 *
 * @param item the item as it was taken
 * @param backlog the backlog of a request item (stored under {@code msgbus.backlog.<uid>}); empty
 *     for a response, or a request that failed before it had one
 * @param backlogTtl how long the backlog is kept (at least a millisecond; ignored without backlog)
 */
public record FinishedItem(LocalItem item, Optional<Backlog> backlog, Duration backlogTtl) {

    public FinishedItem {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(backlog, "backlog");
        Objects.requireNonNull(backlogTtl, "backlogTtl");
        backlog.ifPresent(found -> {
            if (found.getUid().isEmpty()) {
                throw new IllegalArgumentException("backlog has no uid");
            }
        });
    }

    /** An item without backlog. */
    public static FinishedItem of(LocalItem item) {
        return new FinishedItem(item, Optional.empty(), Duration.ZERO);
    }
}
