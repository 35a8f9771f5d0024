package dev.rmbee.federation;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads federation POSTs block on ({@link HttpRemoteRelayClient}): one per POST in flight,
 * started when needed up to {@value #MAX_THREADS} (more POSTs wait for one), each ended after
 * {@value #IDLE_SECONDS} s without work. Daemon threads of their own rather than the container's
 * managed executor: that one captures and restores the thread context for each task and grows its
 * pool only slowly, so POSTs waited in its queue behind each other (docs/benchmarks.md).
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
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                MAX_THREADS, MAX_THREADS, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
