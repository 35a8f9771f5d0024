package dev.rmbee.redis.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PendingRepliesTest {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(3);

    private final AtomicLong now = new AtomicLong(1_000);
    private final PendingReplies pending = new PendingReplies(now::get);

    @Test
    void aCommandFailsWithATimeoutOnceItHasWaitedTheTimeoutAndTheYoungerOnesWait() {
        CompletableFuture<Object> oldest = add();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        CompletableFuture<Object> younger = add();

        now.addAndGet(TimeUnit.SECONDS.toNanos(2) - 1);
        assertEquals(0, pending.expire(TIMEOUT));
        assertFalse(oldest.isDone(), "just within its time");

        now.incrementAndGet();
        assertEquals(1, pending.expire(TIMEOUT));

        CompletionException failure = assertThrows(CompletionException.class, oldest::join);
        assertInstanceOf(TimeoutException.class, failure.getCause(), "what orTimeout fails a command with");
        assertFalse(younger.isDone(), "its own time is not up");
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertEquals(1, pending.expire(TIMEOUT));
        assertInstanceOf(
                TimeoutException.class,
                assertThrows(CompletionException.class, younger::join).getCause());
    }

    @Test
    void anOverdueCommandKeepsItsPlaceSoThatItsLateReplyAndTheNextOnesGoWhereTheyBelong() {
        CompletableFuture<Object> late = add();
        now.addAndGet(TIMEOUT);
        CompletableFuture<Object> next = add();
        pending.expire(TIMEOUT);

        assertSame(late, pending.poll(), "the late reply is matched to the command that timed out");
        late.complete("ignored");
        assertInstanceOf(
                TimeoutException.class,
                assertThrows(CompletionException.class, late::join).getCause());
        assertSame(next, pending.poll());
        next.complete("PONG");
        assertEquals("PONG", next.join());
        assertNull(pending.poll());
    }

    @Test
    void anAnsweredCommandIsNotFailedAndACheckAfterItCountsNothing() {
        CompletableFuture<Object> answered = add();
        pending.poll().complete("OK");
        now.addAndGet(2 * TIMEOUT);

        assertEquals(0, pending.expire(TIMEOUT));
        assertEquals("OK", answered.join());
    }

    @Test
    void aBrokenConnectionFailsEveryPendingCommandWithItsFailure() {
        CompletableFuture<Object> first = add();
        CompletableFuture<Object> second = add();
        IOException lost = new IOException("lost");

        pending.failAll(lost);

        assertSame(lost, assertThrows(CompletionException.class, first::join).getCause());
        assertSame(lost, assertThrows(CompletionException.class, second::join).getCause());
        assertNull(pending.poll());
    }

    private CompletableFuture<Object> add() {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        pending.add(reply);
        return reply;
    }
}
