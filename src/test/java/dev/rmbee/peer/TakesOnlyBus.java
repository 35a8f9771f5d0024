package dev.rmbee.peer;

import dev.rmbee.peer.bus.FinishedItem;
import dev.rmbee.peer.bus.LocalBus;
import dev.rmbee.wire.proto.PeerTypes.Backlog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A local bus for tests of the drain's takes: the takes are the subclass's; finishes, pushes and
 * backlog reads never complete, and a requeue finds nothing.
 */
abstract class TakesOnlyBus implements LocalBus {

    @Override
    public CompletionStage<Void> finish(List<FinishedItem> finished) {
        return new CompletableFuture<>();
    }

    @Override
    public CompletionStage<Long> requeueTaken() {
        return CompletableFuture.completedFuture(0L);
    }

    @Override
    public CompletionStage<Void> push(String list, byte[] json) {
        return new CompletableFuture<>();
    }

    @Override
    public CompletionStage<Boolean> pushOnce(
            String list, byte[] json, String seen, Duration ttl, List<FinishedItem> finished) {
        return new CompletableFuture<>();
    }

    @Override
    public CompletionStage<Optional<Backlog>> backlog(String uid) {
        return new CompletableFuture<>();
    }
}
