package dev.rmbee.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        Await.until("three polls", () -> polls.incrementAndGet() == 3);
        assertEquals(3, polls.get());
    }

    @Test
    void returnsTheFirstValueTheProbeGives() {
        AtomicInteger polls = new AtomicInteger();
        int value = Await.value("a value", () -> polls.incrementAndGet() < 2 ? Optional.empty() : Optional.of(42));
        assertEquals(42, value);
    }

    @Test
    void failsNamingWhatItWaitedForAndTheLastFailure() {
        IOException cause = new IOException("connection refused");
        AssertionError failure = assertThrows(
                AssertionError.class,
                () -> Await.until(
                        "redis to answer",
                        () -> {
                            throw cause;
                        },
                        Duration.ZERO));
        assertTrue(failure.getMessage().contains("redis to answer"), failure.getMessage());
        assertSame(cause, failure.getCause());
    }
}
