package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.peer.bus.LocalBus;
import dev.rmbee.peer.bus.LocalItem;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.testing.ManualScheduler;
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

    @Test
    void aTakeThatCameBackLaterStartsTheNextTakeOnItsOwnThread() {
        CompletableFuture<List<LocalItem>> first = new CompletableFuture<>();
        OneTake bus = new OneTake(null);
        bus.later = first;
        LocalQueueDrain drain = drain(bus);
        drain.start();
        assertEquals(1, bus.takes, "the first take is out");
        first.complete(List.of(item("a")));
        assertEquals(List.of("a here"), handled);
        assertEquals(2, bus.takes, "the next take went out at once, without a task of the executor");
        assertEquals(0, executor.pending());
    }

    @Test
    void aTakeThatCompletedAtOnceLeavesTheNextTakeToTheExecutor() {
        OneTake bus = new OneTake(List.of(item("a")));
        LocalQueueDrain drain = drain(bus);
        drain.start();
        assertEquals(1, bus.takes, "no recursion on one stack");
        executor.runDue();
        assertEquals(2, bus.takes);
    }

    private LocalQueueDrain drain(List<LocalItem> firstTake) {
        return drain(new OneTake(firstTake));
    }

    private LocalQueueDrain drain(LocalBus bus) {
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
    private static final class OneTake extends TakesOnlyBus {
        private List<LocalItem> items;
        /** What the first take gives instead when there are no {@code items}: completed by the test. */
        CompletableFuture<List<LocalItem>> later;
        /** Takes asked for. */
        int takes;

        OneTake(List<LocalItem> items) {
            this.items = items;
        }

        @Override
        public CompletionStage<Optional<LocalItem>> take(String list, Duration timeout) {
            takes++;
            return new CompletableFuture<>();
        }

        @Override
        public CompletionStage<List<LocalItem>> takeSome(String list, int max) {
            takes++;
            if (later != null) {
                CompletableFuture<List<LocalItem>> pending = later;
                later = null;
                return pending;
            }
            if (items == null) {
                return new CompletableFuture<>();
            }
            List<LocalItem> taken = items;
            items = null;
            return CompletableFuture.completedFuture(taken);
        }
    }
}
