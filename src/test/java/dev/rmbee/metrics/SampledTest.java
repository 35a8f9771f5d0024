package dev.rmbee.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SampledTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final List<CompletableFuture<Long>> computations = new ArrayList<>();
    private final Sampled<Long> figure = new Sampled<>(
            () -> {
                CompletableFuture<Long> computation = new CompletableFuture<>();
                computations.add(computation);
                return computation;
            },
            Duration.ofSeconds(10),
            -1L,
            nanos::get);

    @Test
    void theFirstReadStartsAComputationAndAnswersTheInitialValue() {
        assertEquals(-1L, figure.value());
        assertEquals(1, computations.size());

        computations.get(0).complete(7L);

        assertEquals(7L, figure.value());
    }

    @Test
    void oneComputationRunsAtATime() {
        figure.value();
        advance(Duration.ofSeconds(11));

        figure.value();
        figure.value();

        assertEquals(1, computations.size());
    }

    @Test
    void aValueIsComputedAgainOnlyOnceItIsOlderThanTheInterval() {
        figure.value();
        computations.get(0).complete(7L);

        advance(Duration.ofSeconds(9));
        assertEquals(7L, figure.value());
        assertEquals(1, computations.size());

        advance(Duration.ofSeconds(1));
        assertEquals(7L, figure.value());
        assertEquals(2, computations.size());
        computations.get(1).complete(8L);
        assertEquals(8L, figure.value());
    }

    @Test
    void aFailedComputationKeepsTheLastValueUntilTheNextInterval() {
        figure.value();
        computations.get(0).complete(7L);
        advance(Duration.ofSeconds(10));
        figure.value();

        computations.get(1).completeExceptionally(new IllegalStateException("Redis is away"));

        assertEquals(7L, figure.value());
        assertEquals(2, computations.size());
        advance(Duration.ofSeconds(10));
        figure.value();
        assertEquals(3, computations.size());
    }

    @Test
    void aSourceThatThrowsCountsAsAFailedComputation() {
        Sampled<Long> throwing = new Sampled<>(
                () -> {
                    throw new IllegalStateException("not connected");
                },
                Duration.ZERO,
                3L,
                nanos::get);

        assertEquals(3L, throwing.value());
        assertEquals(3L, throwing.value());
    }

    @Test
    void aCompletedSourceWithAZeroIntervalIsReadAfreshEachTime() {
        AtomicLong source = new AtomicLong(1);
        Sampled<Long> fresh =
                new Sampled<>(() -> CompletableFuture.completedFuture(source.get()), Duration.ZERO, 0L, nanos::get);

        assertEquals(1L, fresh.value());
        source.set(2);
        assertEquals(2L, fresh.value());
    }

    private void advance(Duration time) {
        nanos.addAndGet(time.toNanos());
    }
}
