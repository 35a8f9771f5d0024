package dev.rmbee.federation;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads federation POSTs block on ({@link HttpRemoteRelayClient}): one per POST in flight,
 * started when needed up to {@value #MAX_THREADS}, each ended after {@value #IDLE_SECONDS} s
 * without work; POSTs beyond that (more than the egress's window keeps in flight) go to an overflow
 * pool of as many threads, behind which they wait in a queue. Daemon threads of their own rather than the
 * container's managed executor: that one captures and restores the thread context for each task and
 * grows its pool only slowly, so POSTs waited in its queue behind each other (docs/benchmarks.md).
 *
 * <p>A POST goes to the thread that became idle last (a {@link SynchronousQueue}'s waiting takers
 * are a stack), and a new thread starts only when none is idle: the relay runs on as few threads as
 * its POSTs in flight need, with warm caches. A pool whose idle threads wait in one queue in turn
 * (what a fixed pool does) hands each POST to the thread idle the longest, and starts a thread for
 * each of its first {@value #MAX_THREADS} POSTs even when others are idle.
 */
final class PostThreads {

    /** POSTs that block a thread at once; above what the federation egress keeps in flight. */
    static final int MAX_THREADS = 128;

    static final long IDLE_SECONDS = 30;

    private static final ExecutorService SHARED = create("rmb-federation-post-");

    private PostThreads() {}

    /** The pool of the relay's federation clients. */
    static ExecutorService shared() {
        return SHARED;
    }

    static ExecutorService create(String namePrefix) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, namePrefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor overflow = new ThreadPoolExecutor(
                MAX_THREADS, MAX_THREADS, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        overflow.allowCoreThreadTimeOut(true);
        RejectedExecutionHandler whenAllBusy = (task, pool) -> overflow.execute(task);
        return new ThreadPoolExecutor(
                0, MAX_THREADS, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), factory, whenAllBusy);
    }
}
