package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PostThreadsTest {

    private final ExecutorService pool = PostThreads.create("post-threads-test-");

    @AfterEach
    void shutDown() {
        pool.shutdownNow();
    }

    @Test
    void postsOneAfterTheOtherRunOnOneThread() throws Exception {
        Thread first =
                CompletableFuture.supplyAsync(Thread::currentThread, pool).get(10, TimeUnit.SECONDS);
        awaitIdle(first);
        for (int i = 0; i < 5; i++) {
            Thread next =
                    CompletableFuture.supplyAsync(Thread::currentThread, pool).get(10, TimeUnit.SECONDS);
            assertSame(first, next, "a POST after the previous one ended takes its idle thread, not a new one");
            awaitIdle(next);
        }
    }

    @Test
    void theThreadIdleLastTakesTheNextPost() throws Exception {
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        CompletableFuture<Thread> first = blocking(releaseFirst);
        CompletableFuture<Thread> second = blocking(releaseSecond);
        releaseFirst.countDown();
        awaitIdle(first.get(10, TimeUnit.SECONDS));
        releaseSecond.countDown();
        Thread idleLast = second.get(10, TimeUnit.SECONDS);
        awaitIdle(idleLast);

        Thread next = CompletableFuture.supplyAsync(Thread::currentThread, pool).get(10, TimeUnit.SECONDS);

        assertSame(idleLast, next);
    }

    @Test
    void postsBeyondTheThreadBoundRunOnTheOverflowThreads() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        int posts = PostThreads.MAX_THREADS + 5;
        List<CompletableFuture<Thread>> all = new ArrayList<>();
        for (int i = 0; i < posts; i++) {
            all.add(blocking(release));
        }
        release.countDown();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        for (CompletableFuture<Thread> post : all) {
            threads.add(post.get(30, TimeUnit.SECONDS));
        }
        assertEquals(posts, all.stream().filter(CompletableFuture::isDone).count());
        assertTrue(threads.size() >= PostThreads.MAX_THREADS, "every thread of the bound was used: " + threads.size());
    }

    private CompletableFuture<Thread> blocking(CountDownLatch release) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Thread.currentThread();
                },
                pool);
    }

    /** Waits until {@code thread} waits for work in the pool again. */
    private static void awaitIdle(Thread thread) {
        Await.until(thread.getName() + " waiting for work", () -> thread.getState() == Thread.State.TIMED_WAITING);
    }
}
