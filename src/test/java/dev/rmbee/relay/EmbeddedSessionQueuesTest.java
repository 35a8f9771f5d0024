package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedSessionQueuesTest extends SessionQueuesContract {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    protected SessionQueues newQueues(int maxLength, Duration expiry) {
        return new EmbeddedSessionQueues(maxLength, expiry, clock, counters);
    }

    @Override
    protected void elapse(Duration time) {
        clock.advance(time);
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected int boundSlack() {
        return 0;
    }

    @Test
    void theBoundIsExact() throws Exception {
        EmbeddedSessionQueues queues = new EmbeddedSessionQueues(3, Duration.ofHours(1), clock);
        append(queues, TWIN, "a", "b", "c", "d");

        assertEquals(List.of("b", "c", "d"), all(queues, TWIN));
        assertEquals(3, queues.size(TWIN));
        assertEquals(new QueueTotals(3, 3, 1, true), totals(queues));
    }

    @Test
    void sweepingDropsExpiredQueuesOnly() throws Exception {
        EmbeddedSessionQueues queues = new EmbeddedSessionQueues(10, Duration.ofSeconds(60), clock);
        append(queues, TWIN, "old");
        clock.advance(Duration.ofSeconds(30));
        append(queues, TWIN_SID, "new");
        clock.advance(Duration.ofSeconds(31));

        assertEquals(1, queues.sweepExpired());
        assertEquals(0, queues.size(TWIN));
        assertEquals(1, queues.size(TWIN_SID));
        assertEquals(new QueueTotals(1, 3, 1, true), totals(queues));
    }

    @Test
    void anExpiredQueueLeavesTheTotalsWhenItIsUsedAgain() throws Exception {
        EmbeddedSessionQueues queues = new EmbeddedSessionQueues(10, Duration.ofSeconds(60), clock);
        append(queues, TWIN, "old", "older");
        clock.advance(Duration.ofSeconds(61));

        append(queues, TWIN, "new");

        assertEquals(new QueueTotals(1, 3, 1, true), totals(queues));
    }

    @Test
    void closingEmptiesTheTotals() throws Exception {
        EmbeddedSessionQueues queues = new EmbeddedSessionQueues(10, Duration.ofSeconds(60), clock);
        append(queues, TWIN, "a");

        queues.close();

        assertEquals(QueueTotals.NONE, totals(queues));
    }
}
