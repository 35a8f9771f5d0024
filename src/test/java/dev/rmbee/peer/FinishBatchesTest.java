package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.peer.bus.FinishedItem;
import dev.rmbee.peer.bus.LocalItem;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.peer.bus.WrongTypeException;
import dev.rmbee.testing.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class FinishBatchesTest {

    /** The calls made, each completed by the test. */
    private final List<List<FinishedItem>> calls = new ArrayList<>();

    private final List<CompletableFuture<Void>> answers = new ArrayList<>();

    private final FinishBatches batches = new FinishBatches(items -> {
        calls.add(items);
        CompletableFuture<Void> answer = new CompletableFuture<>();
        answers.add(answer);
        return answer;
    });

    private static FinishedItem item(String json) {
        return FinishedItem.of(new LocalItem(LocalKeys.SYSTEM_LOCAL, json.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(List<FinishedItem> items) {
        return items.stream()
                .map(item -> new String(item.item().json(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void withALingerTheItemsOfItsTimeShareOneCall() {
        ManualScheduler scheduler = new ManualScheduler();
        FinishBatches lingering = new FinishBatches(
                items -> {
                    calls.add(items);
                    CompletableFuture<Void> answer = new CompletableFuture<>();
                    answers.add(answer);
                    return answer;
                },
                scheduler,
                Duration.ofMillis(2));
        CompletionStage<Void> first = lingering.finish(item("a"));
        lingering.finish(item("b"));
        scheduler.advance(Duration.ofMillis(1));
        assertEquals(0, calls.size(), "the first item waits for its linger");
        lingering.finish(item("c"));
        scheduler.advance(Duration.ofMillis(1));
        assertEquals(
                List.of(List.of("a", "b", "c")),
                calls.stream().map(FinishBatchesTest::texts).toList());

        lingering.finish(item("d"));
        scheduler.advance(Duration.ofMillis(5));
        assertEquals(1, calls.size(), "one call at a time");
        answers.get(0).complete(null);
        assertTrue(first.toCompletableFuture().isDone());
        assertEquals(1, calls.size(), "what finished during the call waits its linger too");
        scheduler.advance(Duration.ofMillis(2));
        assertEquals(List.of("d"), texts(calls.get(1)));
        answers.get(1).complete(null);
        scheduler.advance(Duration.ofMillis(10));
        assertEquals(2, calls.size(), "nothing waits: no call");
    }

    @Test
    void whatFinishesWhileACallIsOutGoesInTheNextOne() {
        CompletionStage<Void> first = batches.finish(item("a"));
        assertEquals(1, calls.size(), "an idle gateway does not wait");
        CompletionStage<Void> second = batches.finish(item("b"));
        CompletionStage<Void> third = batches.finish(item("c"));
        assertEquals(1, calls.size(), "one call at a time");

        answers.get(0).complete(null);
        assertTrue(first.toCompletableFuture().isDone());
        assertFalse(second.toCompletableFuture().isDone());
        assertEquals(2, calls.size());
        assertEquals(List.of("b", "c"), texts(calls.get(1)), "the two that waited, in one call");

        answers.get(1).complete(null);
        assertTrue(second.toCompletableFuture().isDone());
        assertTrue(third.toCompletableFuture().isDone());
        assertEquals(2, calls.size(), "nothing waits: no call");
        batches.finish(item("d"));
        assertEquals(List.of("d"), texts(calls.get(2)));
    }

    @Test
    void aFailedCallFailsItsItemsAndTheNextCallStillGoes() {
        CompletionStage<Void> first = batches.finish(item("a"));
        CompletionStage<Void> second = batches.finish(item("b"));
        answers.get(0).completeExceptionally(new IllegalStateException("redis away"));
        assertTrue(first.toCompletableFuture().isCompletedExceptionally());
        assertEquals(List.of("b"), texts(calls.get(1)));
        answers.get(1).complete(null);
        assertTrue(second.toCompletableFuture().isDone());
        assertFalse(second.toCompletableFuture().isCompletedExceptionally());
    }

    @Test
    void aPushCarriesTheItemsWaitingForTheirLingerAndTheLingerThenCallsNothing() {
        ManualScheduler scheduler = new ManualScheduler();
        FinishBatches lingering = new FinishBatches(
                items -> {
                    calls.add(items);
                    return new CompletableFuture<>();
                },
                scheduler,
                Duration.ofMillis(2));
        CompletionStage<Void> a = lingering.finish(item("a"));
        CompletionStage<Void> b = lingering.finish(item("b"));
        List<List<FinishedItem>> carried = new ArrayList<>();
        CompletableFuture<Boolean> push = new CompletableFuture<>();
        CompletionStage<Boolean> pushed = lingering.carry(riders -> {
            carried.add(riders);
            return push;
        });
        assertEquals(List.of("a", "b"), texts(carried.get(0)));
        assertFalse(a.toCompletableFuture().isDone(), "finished with the push's call");
        push.complete(true);
        assertTrue(pushed.toCompletableFuture().join());
        assertTrue(a.toCompletableFuture().isDone() && b.toCompletableFuture().isDone());
        scheduler.advance(Duration.ofMillis(5));
        assertEquals(List.of(), calls, "nothing was left for a finish call of its own");

        lingering.carry(riders -> {
            carried.add(riders);
            return CompletableFuture.completedFuture(true);
        });
        assertEquals(List.of(), carried.get(1), "nothing waits: the push carries nothing");
        lingering.finish(item("c"));
        scheduler.advance(Duration.ofMillis(2));
        assertEquals(List.of("c"), texts(calls.get(0)), "a finish with no push meanwhile has its own call");
    }

    @Test
    void theRidersOfAFailedPushFailUnlessThePushFoundTheWrongTypeOfKey() {
        batches.finish(item("a")); // in flight: b and c wait
        CompletionStage<Void> b = batches.finish(item("b"));
        CompletionStage<Boolean> failed =
                batches.carry(riders -> CompletableFuture.failedFuture(new IllegalStateException("redis away")));
        assertTrue(failed.toCompletableFuture().isCompletedExceptionally());
        assertTrue(b.toCompletableFuture().isCompletedExceptionally(), "stays in the taken list: reported");

        CompletionStage<Void> c = batches.finish(item("c"));
        CompletableFuture<Boolean> wrongType = new CompletableFuture<>();
        batches.carry(riders -> wrongType);
        wrongType.completeExceptionally(new CompletionException(new WrongTypeException()));
        assertTrue(c.toCompletableFuture().isDone());
        assertFalse(c.toCompletableFuture().isCompletedExceptionally(), "the call ran: its riders are finished");
        assertEquals(1, calls.size(), "both went with the pushes, none with a finish call");
    }
}
