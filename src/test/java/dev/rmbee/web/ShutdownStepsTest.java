package dev.rmbee.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ShutdownStepsTest {

    private final ShutdownSteps steps = new ShutdownSteps(Logger.getLogger(ShutdownStepsTest.class.getName()), "test");

    @Test
    void aStepThatFailsDoesNotStopTheStepsAfterIt() {
        List<String> ran = new ArrayList<>();

        steps.run("closing the workers", () -> {
            ran.add("workers");
            throw new ClassFormatError("Could not read class as resource: the WAR is gone");
        });
        steps.run("closing the queue", () -> {
            ran.add("queue");
            throw new IllegalStateException("already closed");
        });
        steps.run("releasing the Redis client", () -> ran.add("redis"));

        assertEquals(List.of("workers", "queue", "redis"), ran);
    }

    @Test
    void theStepsBeginOnceOnly() {
        assertTrue(steps.begin());
        assertFalse(steps.begin());
        assertFalse(steps.begin());
    }
}
