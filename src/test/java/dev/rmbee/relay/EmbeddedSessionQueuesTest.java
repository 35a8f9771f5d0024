package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rmbee.relay.budget.QueueBudget;
import dev.rmbee.relay.budget.QueueFullException;
import dev.rmbee.testing.MutableClock;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.SessionKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    @Test
    void aFullQueueRefusesTheNewestOfItsOnlySender() throws Exception {
        EmbeddedSessionQueues queues = new EmbeddedSessionQueues(3, Duration.ofHours(1), clock, counters);
        append(queues, TWIN, "a", "b", "c");

        ExecutionException refused = assertThrows(ExecutionException.class, () -> append(queues, TWIN, "d"));

        assertEquals("queue full for session '12'", refused.getCause().getMessage());
        assertInstanceOf(QueueFullException.class, refused.getCause());
        assertEquals(List.of("a", "b", "c"), all(queues, TWIN));
        assertEquals(new QueueTotals(3, 3, 1, true), totals(queues));
        assertEquals(3, counters.queued(), "the refused one is not counted as stored");
    }

    @Test
    void aFloodingSenderCannotPushOutAnotherSendersMessages() throws Exception {
        EmbeddedSessionQueues queues = new EmbeddedSessionQueues(10, Duration.ofHours(1), clock);
        appendFrom(queues, FRIEND, "friend-1", "friend-2");

        int refused = 0;
        for (int i = 0; i < 10_000; i++) {
            if (!tryAppendFrom(queues, FLOODER, "flood-" + i)) {
                refused++;
            }
        }

        List<String> kept = uidsOf(queues);
        assertEquals(10_000 - 8, refused, "the flooder gets what does not fit refused");
        assertEquals(List.of("friend-1", "friend-2"), kept.subList(0, 2), "the friend's messages stay");
        assertEquals(10, kept.size());
    }

    @Test
    void aSmallerSenderMakesRoomByDroppingTheOldestOfTheLargest() throws Exception {
        EmbeddedSessionQueues queues = new EmbeddedSessionQueues(4, Duration.ofHours(1), clock);
        appendFrom(queues, FLOODER, "flood-1", "flood-2", "flood-3");
        appendFrom(queues, FRIEND, "friend-1");

        appendFrom(queues, FRIEND, "friend-2");

        assertEquals(List.of("flood-2", "flood-3", "friend-1", "friend-2"), uidsOf(queues));
        assertEquals(new QueueTotals(4, bytesOf(queues), 1, true), totals(queues));
        assertFalse(tryAppendFrom(queues, FRIEND, "friend-3"), "now the friend holds as much: refused");
    }

    @Test
    void everyEnvelopeIsChargedToTheBudgetUntilItLeavesTheQueue() throws Exception {
        QueueBudget budget = new QueueBudget(QueueBudget.Limits.ofTotal(1 << 20));
        EmbeddedSessionQueues queues = new EmbeddedSessionQueues(10, Duration.ofSeconds(60), clock, counters, budget);
        appendFrom(queues, FLOODER, "one", "two");
        long charged = bytesOf(queues);
        assertEquals(charged, budget.usedFor(TWIN.twin()));
        assertEquals(charged, budget.usedFrom(FLOODER.twin()));

        List<QueuedMessage> messages = read(queues, TWIN, null, 10);
        queues.acknowledge(TWIN, messages.get(0).id());
        assertEquals(charged - messages.get(0).envelope().length, budget.used(), "acknowledged: released");

        clock.advance(Duration.ofSeconds(61));
        queues.sweepExpired();
        assertEquals(0, budget.used(), "expired: released");

        appendFrom(queues, FLOODER, "three");
        queues.purgeQueue(TWIN).toCompletableFuture().get();
        assertEquals(0, budget.used(), "purged: released");
    }

    @Test
    void anEnvelopeOverItsShareIsRefusedAndNotStored() throws Exception {
        byte[] big = envelopeFrom(FLOODER, "x".repeat(600));
        QueueBudget budget = new QueueBudget(new QueueBudget.Limits(10_000, 3_000, 10_000));
        EmbeddedSessionQueues queues = new EmbeddedSessionQueues(100, Duration.ofHours(1), clock, counters, budget);
        queues.append(TWIN, big).toCompletableFuture().get();

        ExecutionException refused = assertThrows(
                ExecutionException.class,
                () -> queues.append(TWIN_SID, big).toCompletableFuture().get());

        assertEquals(
                "queue full for twin 12: too much waiting from twin " + FLOODER.twin(),
                refused.getCause().getMessage());
        assertEquals(0, queues.size(TWIN_SID));
        assertEquals(big.length, budget.used());
        appendFrom(queues, FRIEND, "still room for others");
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
    void theBudgetMatchesWhatIsQueuedAfterConcurrentAppendsAcknowledgementsAndPurges() throws Exception {
        QueueBudget budget = new QueueBudget(new QueueBudget.Limits(200_000, 60_000, 60_000));
        EmbeddedSessionQueues queues = new EmbeddedSessionQueues(50, Duration.ofHours(1), clock, counters, budget);
        List<SessionKey> sessions = List.of(TWIN, TWIN_SID, SessionKey.parse("13:x"), SessionKey.parse("14"));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int seed = t;
                work.add(threads.submit(() -> appendAtRandom(queues, sessions, seed)));
            }
            work.add(threads.submit(() -> acknowledgeAtRandom(queues, sessions)));
            for (Future<?> done : work) {
                done.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertEquals(totals(queues).bytes(), budget.used(), "charged exactly what is queued");
        for (SessionKey session : sessions) {
            queues.purgeQueue(session).toCompletableFuture().get();
        }
        assertEquals(0, budget.used());
    }

    private static Void appendAtRandom(EmbeddedSessionQueues queues, List<SessionKey> sessions, int seed)
            throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            SessionKey sender = SessionKey.of(1 + random.nextInt(5));
            byte[] envelope = TestEnvelopes.request(sender, TWIN, "cmd")
                    .payload(new byte[random.nextInt(2_000)])
                    .build()
                    .toByteArray();
            try {
                queues.append(sessions.get(random.nextInt(sessions.size())), envelope)
                        .toCompletableFuture()
                        .get();
            } catch (ExecutionException refused) {
                assertInstanceOf(QueueFullException.class, refused.getCause());
            }
        }
        return null;
    }

    private static Void acknowledgeAtRandom(EmbeddedSessionQueues queues, List<SessionKey> sessions) throws Exception {
        Random random = new Random(99);
        for (int i = 0; i < 2_000; i++) {
            SessionKey session = sessions.get(random.nextInt(sessions.size()));
            for (QueuedMessage message : read(queues, session, null, 1 + random.nextInt(5))) {
                queues.acknowledge(session, message.id());
            }
        }
        return null;
    }

    private static void appendFrom(EmbeddedSessionQueues queues, SessionKey sender, String... texts) throws Exception {
        for (String text : texts) {
            queues.append(TWIN, envelopeFrom(sender, text))
                    .toCompletableFuture()
                    .get();
        }
    }

    private long bytesOf(EmbeddedSessionQueues queues) throws Exception {
        long bytes = 0;
        for (QueuedMessage message : read(queues, TWIN, null, 100_000)) {
            bytes += message.envelope().length;
        }
        return bytes;
    }

    @Test
    void closingEmptiesTheTotals() throws Exception {
        EmbeddedSessionQueues queues = new EmbeddedSessionQueues(10, Duration.ofSeconds(60), clock);
        append(queues, TWIN, "a");

        queues.close();

        assertEquals(QueueTotals.NONE, totals(queues));
    }
}
