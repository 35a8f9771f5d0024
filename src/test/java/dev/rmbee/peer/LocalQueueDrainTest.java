package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.peer.bus.FinishedItem;
import dev.rmbee.peer.bus.LocalBus;
import dev.rmbee.peer.bus.LocalItem;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.wire.proto.PeerTypes.Backlog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** How the items of one take reach the handler. */
class LocalQueueDrainTest {

    private final ManualScheduler executor = new ManualScheduler();
    private final List<String> handled = new ArrayList<>();

    @Test
    void theItemsOfATakeGoInOrderAndOnlyTheLastMayRunOnTheTakingThread() {
        LocalQueueDrain drain = drain(List.of(item("a"), item("b"), item("c")));
        drain.start();
        assertEquals(List.of("a elsewhere", "b elsewhere", "c here"), handled);
    }

    @Test
    void aTakeOfOneItemRunsItOnTheTakingThread() {
        LocalQueueDrain drain = drain(List.of(item("a")));
        drain.start();
        assertEquals(List.of("a here"), handled);
    }

    private LocalQueueDrain drain(List<LocalItem> firstTake) {
        LocalBus bus = new OneTake(firstTake);
        return new LocalQueueDrain(
                bus,
                new FinishBatches(bus::finish),
                LocalKeys.SYSTEM_LOCAL,
                executor,
                new InFlightLimit(8),
                (item, here) -> {
                    handled.add(new String(item.json(), StandardCharsets.UTF_8) + (here ? " here" : " elsewhere"));
                    return new CompletableFuture<>();
                },
                Duration.ofSeconds(1),
                Duration.ofSeconds(1));
    }

    private static LocalItem item(String json) {
        return new LocalItem(LocalKeys.SYSTEM_LOCAL, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A bus whose first take finds {@code items} (completed at once); later takes never come back. */
    private static final class OneTake implements LocalBus {
        private List<LocalItem> items;

        OneTake(List<LocalItem> items) {
            this.items = items;
        }

        @Override
        public CompletionStage<Optional<LocalItem>> take(String list, Duration timeout) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletionStage<List<LocalItem>> takeSome(String list, int max) {
            if (items == null) {
                return new CompletableFuture<>();
            }
            List<LocalItem> taken = items;
            items = null;
            return CompletableFuture.completedFuture(taken);
        }

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
}
