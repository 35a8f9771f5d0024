package dev.rmbee.peer;

import dev.rmbee.peer.bus.FinishedItem;
import dev.rmbee.peer.bus.LocalBus;
import dev.rmbee.peer.bus.LocalItem;
import dev.rmbee.testing.Await;
import dev.rmbee.wire.proto.PeerTypes.Backlog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What the gateways of a test have in progress: tasks of their executor (queued, scheduled or
 * running), Redis commands of their local buses not yet answered, and envelopes the test relay is
 * still handing to a gateway. Each of these is counted from before it starts until after
 * everything it set off is counted, so when the count is zero nothing is in progress and nothing
 * can start again by itself: a gateway is then idle, waiting for the test (a held send, a push).
 * That is how a test shows that something did <em>not</em> happen: it waits until the gateways
 * are idle (a gateway whose loop still popped would always have a BRPOP out, and never be), then
 * looks.
 */
final class PeerActivity {

    private final AtomicInteger inProgress = new AtomicInteger();

    void begin() {
        inProgress.incrementAndGet();
    }

    void end() {
        if (inProgress.decrementAndGet() < 0) {
            throw new IllegalStateException("more work ended than began");
        }
    }

    /** Waits until nothing is in progress; fails naming {@code what} if that does not happen. */
    void awaitIdle(String what) {
        Await.until(what, () -> inProgress.get() == 0);
    }

    /** An executor whose tasks count as in progress from their submission until they ran. */
    ScheduledThreadPoolExecutor executor(int threads, String name) {
        return new ScheduledThreadPoolExecutor(threads, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        }) {
            // execute() and submit() come here too
            @Override
            public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
                begin();
                try {
                    return super.schedule(
                            () -> {
                                try {
                                    command.run();
                                } finally {
                                    end();
                                }
                            },
                            delay,
                            unit);
                } catch (RuntimeException e) {
                    end();
                    throw e;
                }
            }

            @Override
            public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
                begin();
                try {
                    return super.schedule(
                            () -> {
                                try {
                                    return callable.call();
                                } finally {
                                    end();
                                }
                            },
                            delay,
                            unit);
                } catch (RuntimeException e) {
                    end();
                    throw e;
                }
            }
        };
    }

    /**
     * {@code bus} with each command counted until its stage completed and the callbacks that run
     * with the completion ran (a RedisLocalBus completes most stages on the executor, whose task
     * is counted itself until the callbacks ran; a finish may complete on the RESP reader thread).
     */
    LocalBus track(LocalBus bus) {
        return new LocalBus() {
            @Override
            public CompletionStage<Optional<LocalItem>> take(String list, Duration timeout) {
                return tracked(() -> bus.take(list, timeout));
            }

            @Override
            public CompletionStage<List<LocalItem>> takeSome(String list, int max) {
                return tracked(() -> bus.takeSome(list, max));
            }

            @Override
            public CompletionStage<Void> finish(List<FinishedItem> items) {
                return tracked(() -> bus.finish(items));
            }

            @Override
            public CompletionStage<Long> requeueTaken() {
                return tracked(bus::requeueTaken);
            }

            @Override
            public CompletionStage<Boolean> pushOnce(
                    String list, byte[] json, String seen, Duration ttl, List<FinishedItem> finished) {
                return tracked(() -> bus.pushOnce(list, json, seen, ttl, finished));
            }

            @Override
            public CompletionStage<Void> push(String list, byte[] json) {
                return tracked(() -> bus.push(list, json));
            }

            @Override
            public CompletionStage<Optional<Backlog>> backlog(String uid) {
                return tracked(() -> bus.backlog(uid));
            }
        };
    }

    private <T> CompletionStage<T> tracked(Supplier<CompletionStage<T>> command) {
        begin();
        CompletionStage<T> stage;
        try {
            stage = command.get();
        } catch (RuntimeException e) {
            end();
            throw e;
        }
        CompletableFuture<T> counted = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            try {
                if (error == null) {
                    counted.complete(value);
                } else {
                    counted.completeExceptionally(error);
                }
            } finally {
                end();
            }
        });
        return counted;
    }
}
