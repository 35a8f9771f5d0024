package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.peer.bus.LocalItem;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.testing.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Which takes the drain sends ({@link TakeRule} in the loop), against a list it sees through a fake bus. */
class LocalQueueDrainTakesTest {

    private final ManualScheduler executor = new ManualScheduler();
    private final ListBus bus = new ListBus();

    @Test
    void oneItemAtATimeSkipsTheProbesThatFindNothing() {
        drain().start();
        for (int i = 0; i < 7; i++) {
            executor.runDue();
            bus.arrive(1); // each blocking take finds one item, nothing else waits
        }
        executor.runDue();
        assertEquals(
                List.of(
                        "several:0",
                        "one",
                        "several:0",
                        "one",
                        "one",
                        "several:0",
                        "one",
                        "one",
                        "one",
                        "one",
                        "several:0",
                        "one"),
                bus.takes);
    }

    @Test
    void itemsPilingUpAreTakenInBatchesAgain() {
        drain().start();
        for (int i = 0; i < 3; i++) {
            executor.runDue();
            bus.arrive(1);
        }
        executor.runDue();
        assertEquals(List.of("several:0", "one", "several:0", "one", "one", "several:0", "one"), bus.takes);
        bus.arrive(100);
        executor.runDue();
        assertEquals(
                List.of("one", "one", "one", "several:32", "several:32", "several:32", "several:0", "one"),
                bus.takes.subList(7, bus.takes.size()));
    }

    private LocalQueueDrain drain() {
        return new LocalQueueDrain(
                bus,
                new FinishBatches(bus::finish),
                LocalKeys.SYSTEM_LOCAL,
                executor,
                new InFlightLimit(1_000),
                (item, here) -> new CompletableFuture<>(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1));
    }

    private static LocalItem item() {
        return new LocalItem(LocalKeys.SYSTEM_LOCAL, "{}".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A system list: a blocking take on it waits until {@link #arrive} (completing on the caller's
     * thread); every other take completes at once. {@code takes} records each take: {@code one}
     * (blocking), {@code several:<items found>}.
     */
    private static final class ListBus extends TakesOnlyBus {
        final Deque<LocalItem> waiting = new ArrayDeque<>();
        final List<String> takes = new ArrayList<>();
        private CompletableFuture<Optional<LocalItem>> blocked;

        /** {@code count} items are pushed; a pending blocking take gets the first. */
        void arrive(int count) {
            waiting.addAll(Collections.nCopies(count, item()));
            if (blocked != null) {
                CompletableFuture<Optional<LocalItem>> take = blocked;
                blocked = null;
                take.complete(Optional.of(waiting.poll()));
            }
        }

        @Override
        public CompletionStage<Optional<LocalItem>> take(String list, Duration timeout) {
            takes.add("one");
            if (waiting.isEmpty()) {
                blocked = new CompletableFuture<>();
                return blocked;
            }
            return CompletableFuture.completedFuture(Optional.of(waiting.poll()));
        }

        @Override
        public CompletionStage<List<LocalItem>> takeSome(String list, int max) {
            List<LocalItem> taken = new ArrayList<>();
            while (taken.size() < max && !waiting.isEmpty()) {
                taken.add(waiting.poll());
            }
            takes.add("several:" + taken.size());
            return CompletableFuture.completedFuture(taken);
        }
    }
}
