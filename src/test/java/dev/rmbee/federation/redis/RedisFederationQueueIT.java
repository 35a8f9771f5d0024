package dev.rmbee.federation.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.federation.FederationEntry;
import dev.rmbee.federation.FederationQueue;
import dev.rmbee.federation.FederationQueueContract;
import dev.rmbee.federation.FederationQueueException;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.RedisMonitor;
import dev.rmbee.testing.RedisServerExtension;
import dev.rmbee.testing.TestRedisson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

/**
 * The contract against a real redis-server, plus the Redis particulars: keys, claims, deletion.
 * Waits happen in Redis, in real time: where a test needs to know that a take waits, it sees the
 * take's {@code XREADGROUP … BLOCK} in Redis's {@code MONITOR} output.
 */
class RedisFederationQueueIT extends FederationQueueContract {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration SHORT_CLAIM_IDLE = Duration.ofMillis(300);
    private static final Duration FAST_SCAN = Duration.ofMillis(50);

    private static RedissonClient client;
    private static ScheduledThreadPoolExecutor executor;

    @BeforeAll
    static void connect() {
        client = newClient();
        executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "federation-redis-test");
            thread.setDaemon(true);
            return thread;
        });
    }

    @AfterAll
    static void disconnect() throws Exception {
        awaitNoBlockedReads();
        client.shutdown(0, 5, TimeUnit.SECONDS);
        executor.shutdownNow();
    }

    static RedissonClient newClient() {
        return TestRedisson.connect(REDIS.address(), 16);
    }

    /**
     * Waits until no XREADGROUP of an earlier test still waits in Redis (it could take an entry of
     * this test for a consumer nobody runs any more), then empties Redis.
     */
    @BeforeEach
    void emptyRedis() throws Exception {
        awaitNoBlockedReads();
        REDIS.command("FLUSHALL");
    }

    private static void awaitNoBlockedReads() {
        Await.until(
                "no read of an earlier test waiting in Redis",
                () -> REDIS.command("INFO", "clients").contains("blocked_clients:0"));
    }

    /** A queue of the contract: another instance id each time; no other instance's entries to take over. */
    @Override
    protected FederationQueue newQueue() {
        return queue(
                "relay" + INSTANCES.incrementAndGet(),
                RedisFederationQueue.DEFAULT_CLAIM_IDLE,
                RedisFederationQueue.DEFAULT_SCAN_INTERVAL);
    }

    private RedisFederationQueue open(String instance, Duration claimIdle) {
        return queue(instance, claimIdle, FAST_SCAN);
    }

    /** Every command through Redisson ({@link RedisFederationQueueRespIT}: the writes on the RESP client). */
    RedisFederationQueue queue(String instance, Duration claimIdle, Duration scanInterval) {
        return new RedisFederationQueue(client, executor, instance, claimIdle, scanInterval);
    }

    static ScheduledThreadPoolExecutor executor() {
        return executor;
    }

    static RedissonClient client() {
        return client;
    }

    /** Redis's time is real: the result is awaited, {@code time} plus a bound on a hang. */
    @Override
    protected <T> T result(CompletionStage<T> stage, Duration time) throws Exception {
        return stage.toCompletableFuture().get(time.plus(Await.DEFAULT_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The take, once Redis saw its worker's XREADGROUP with a BLOCK: it waits in Redis. */
    @Override
    protected CompletableFuture<List<FederationEntry>> waitingTake(
            FederationQueue queue, int worker, int max, Duration wait) throws Exception {
        String consumer = ((RedisFederationQueue) queue).consumer(worker);
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            CompletableFuture<List<FederationEntry>> take =
                    queue.take(worker, max, wait).toCompletableFuture();
            String read = RedisMonitor.command(monitor.next("\"BLOCK\""));
            assertTrue(read.startsWith("\"XREADGROUP\" \"GROUP\" \"federation\" \"" + consumer + "\""), read);
            return take;
        }
    }

    @Test
    void streamGroupAndConsumersAreTheReferencesWithOneConsumerPerInstanceAndWorker() throws Exception {
        RedisFederationQueue queue = open("relay-a", SHORT_CLAIM_IDLE);
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            add(queue, "hello");
            assertEquals(
                    "\"XADD\" \"relay.federation.stream\" \"*\" \"msg\" \"hello\"",
                    RedisMonitor.command(monitor.next("\"XADD\"")));

            FederationEntry entry = take(queue, 2, 4, Duration.ofMillis(100)).get(0);

            assertEquals(
                    "\"XGROUP\" \"CREATE\" \"relay.federation.stream\" \"federation\" \"0\" \"MKSTREAM\"",
                    RedisMonitor.command(monitor.next("\"XGROUP\"")).replace("\"0-0\"", "\"0\""));
            assertTrue(RedisMonitor.command(monitor.next("\"XREADGROUP\""))
                    .startsWith("\"XREADGROUP\" \"GROUP\" \"federation\" \"relay-a-2\" \"COUNT\" \"4\""));
            assertEquals(entry.id() + "\nmsg\nhello", REDIS.command("XRANGE", "relay.federation.stream", "-", "+"));
            assertTrue(REDIS.command("XINFO", "CONSUMERS", "relay.federation.stream", "federation")
                    .contains("relay-a-2"));
            assertEquals("relay-a-2", queue.consumer(2));
        } finally {
            queue.close();
        }
    }

    @Test
    void entriesAddedBeforeAnyRelayReadTheStreamAreTaken() throws Exception {
        REDIS.command("XADD", "relay.federation.stream", "*", "msg", "written by a reference relay");
        FederationQueue queue = open();

        assertEquals(List.of("written by a reference relay"), texts(take(queue, 0, 4, Duration.ZERO)));
    }

    @Test
    void acknowledgedEntriesAreDeletedFromTheStream() throws Exception {
        FederationQueue queue = open();
        add(queue, "a", "b");
        List<FederationEntry> entries = take(queue, 0, 4, Duration.ZERO);
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            ack(queue, entries.get(0));

            assertEquals(
                    "\"XACK\" \"relay.federation.stream\" \"federation\" \""
                            + entries.get(0).id() + "\"",
                    RedisMonitor.command(monitor.next("\"XACK\"")));
            assertEquals(
                    "\"XDEL\" \"relay.federation.stream\" \"" + entries.get(0).id() + "\"",
                    RedisMonitor.command(monitor.next()));
        }
        ack(queue, entries.get(1));

        assertEquals("0", REDIS.command("XLEN", "relay.federation.stream"));
        assertTrue(REDIS.command("XPENDING", "relay.federation.stream", "federation")
                .startsWith("0\n"));
    }

    @Test
    void entriesOfACrashedInstanceAreTakenOverByAnotherOnceIdle() throws Exception {
        RedisFederationQueue crashed = open("relay-crashed", SHORT_CLAIM_IDLE);
        add(crashed, "a", "b", "c");
        assertEquals(3, take(crashed, 0, 4, Duration.ZERO).size());
        crashed.close(); // gone without acknowledging anything, never to come back

        // an instance that takes over only after an hour: the entries are not idle that long
        RedisFederationQueue patient = open("relay-patient", Duration.ofHours(1));
        try {
            assertEquals(List.of(), take(patient, 1, 4, Duration.ZERO), "not before the claim idle time");
        } finally {
            patient.close();
        }

        RedisFederationQueue survivor = open("relay-survivor", SHORT_CLAIM_IDLE);
        try {
            List<FederationEntry> taken = takeAll(survivor, 1, 3);

            assertEquals(List.of("a", "b", "c"), texts(taken));
            taken.forEach(entry -> assertEquals(2, entry.deliveries(), "a second delivery"));
            taken.forEach(entry -> assertEquals(1, entry.worker()));
            String pending = REDIS.command("XPENDING", "relay.federation.stream", "federation", "-", "+", "10");
            assertTrue(
                    pending.contains("relay-survivor-1")
                            && !pending.contains("relay-crashed")
                            && !pending.contains("relay-patient"),
                    pending);
            for (FederationEntry entry : taken) {
                ack(survivor, entry);
            }
            assertEquals("0", REDIS.command("XLEN", "relay.federation.stream"));
        } finally {
            survivor.close();
        }
    }

    /**
     * An undeployed relay's read must not stay waiting in Redis: Redis would hand the next new
     * entry to it, not to the next deployment's reads, and the entry would wait for the claim idle
     * time. So close() returns only once its reads ended.
     */
    @Test
    void closeReturnsOnceNoReadOfTheQueueWaitsInRedis() throws Exception {
        RedisFederationQueue closing =
                queue("relay-undeployed", RedisFederationQueue.DEFAULT_CLAIM_IDLE, Duration.ofSeconds(1));
        CompletableFuture<List<FederationEntry>> waiting = waitingTake(closing, 0, 4, Duration.ofSeconds(1));

        closing.close();

        assertTrue(REDIS.command("INFO", "clients").contains("blocked_clients:0"), "a read still waits in Redis");
        assertEquals(List.of(), result(waiting, Duration.ZERO));
    }

    @Test
    void aRestartedInstanceRetriesItsPendingEntriesAtOnce() throws Exception {
        RedisFederationQueue before = open("relay-restarting", RedisFederationQueue.DEFAULT_CLAIM_IDLE);
        add(before, "a", "b");
        assertEquals(2, take(before, 0, 4, Duration.ZERO).size());
        before.close();

        RedisFederationQueue after = open("relay-restarting", RedisFederationQueue.DEFAULT_CLAIM_IDLE);
        try {
            List<FederationEntry> again = take(after, 0, 4, Duration.ZERO);

            assertEquals(List.of("a", "b"), texts(again));
            again.forEach(entry -> assertEquals(2, entry.deliveries()));
        } finally {
            after.close();
        }
    }

    /**
     * An entry handed back for a retry is not taken over by another instance (its claim idle time,
     * an hour, is far away) even while the other one waits past the retry's delay; its owner takes
     * it back after that delay, claim idle time or not.
     */
    @Test
    void entriesALiveInstanceHoldsAreNotTakenOverBeforeTheClaimIdleTime() throws Exception {
        RedisFederationQueue owner = open("relay-owner", Duration.ofHours(1));
        RedisFederationQueue other = open("relay-other", Duration.ofHours(1));
        try {
            add(owner, "mine");
            FederationEntry entry = take(owner, 0, 1, Duration.ZERO).get(0);
            owner.retryLater(entry, Duration.ofMillis(300));

            assertEquals(List.of(), take(other, 0, 4, Duration.ofMillis(500)));
            List<FederationEntry> again = takeAll(owner, 0, 1);
            assertEquals(List.of("mine"), texts(again));
            assertEquals(2, again.get(0).deliveries());
        } finally {
            owner.close();
            other.close();
        }
    }

    @Test
    void entriesWithoutTheMsgFieldAreDropped() throws Exception {
        REDIS.command("XADD", "relay.federation.stream", "*", "other", "x");
        FederationQueue queue = open();
        add(queue, "good");

        assertEquals(List.of("good"), texts(takeAll(queue, 0, 1)));
        Await.until(
                "only the good entry left in the stream",
                () -> REDIS.command("XLEN", "relay.federation.stream").equals("1"));
        assertEquals(
                "good",
                REDIS.command("XRANGE", "relay.federation.stream", "-", "+").split("\n")[2]);
    }

    /**
     * A worker whose entry waits for its retry asks Redis to wait no longer than until the retry
     * falls due (however long its take may wait), then claims the entry back: every read it sends
     * meanwhile blocks for 300 ms at most (the scan interval, the only other bound, is 2 s).
     */
    @Test
    void aWaitingWorkersReadInRedisEndsWhenItsRetryFallsDue() throws Exception {
        FederationQueue queue = open();
        add(queue, "retry me");
        FederationEntry first = take(queue, 0, 1, NO_WAIT).get(0);
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            queue.retryLater(first, Duration.ofMillis(300));
            CompletableFuture<List<FederationEntry>> waiting =
                    queue.take(0, 1, ENDLESS).toCompletableFuture();

            List<Long> blocks = new ArrayList<>();
            Pattern block = Pattern.compile("\"BLOCK\" \"(\\d+)\"");
            String command = RedisMonitor.command(monitor.next());
            while (!command.startsWith("\"XCLAIM\"")) {
                Matcher read = block.matcher(command);
                if (command.startsWith("\"XREADGROUP\"") && read.find()) {
                    blocks.add(Long.parseLong(read.group(1)));
                }
                command = RedisMonitor.command(monitor.next());
            }
            assertTrue(command.contains("\"" + first.id() + "\""), command);
            assertTrue(blocks.stream().allMatch(ms -> ms <= 300), "reads waited in Redis until the retry: " + blocks);
            assertEquals(List.of("retry me"), texts(result(waiting, Duration.ofMillis(300))));
        }
    }

    @Test
    void redisFailuresAreRedisErrors() {
        RedissonClient gone = newClient();
        gone.shutdown(0, 1, TimeUnit.SECONDS);
        RedisFederationQueue queue = new RedisFederationQueue(gone, executor, "relay-gone");

        ExecutionException failure = assertThrows(
                ExecutionException.class,
                () -> queue.add(bytes("x")).toCompletableFuture().get(5, TimeUnit.SECONDS));

        assertInstanceOf(FederationQueueException.class, failure.getCause());
        assertTrue(
                failure.getCause().getMessage().startsWith("redis error: XADD relay.federation.stream failed: "),
                failure.getCause().getMessage());
    }

    @Test
    void instanceIdsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new RedisFederationQueue(client, executor, "has space"));
        assertThrows(IllegalArgumentException.class, () -> new RedisFederationQueue(client, executor, ""));
    }
}
