package dev.rmbee.relay.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.relay.QueueDepth;
import dev.rmbee.relay.QueueTotals;
import dev.rmbee.relay.QueuedMessage;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.relay.SessionQueuesContract;
import dev.rmbee.relay.budget.QueueFullException;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.RedisMonitor;
import dev.rmbee.testing.RedisServerExtension;
import dev.rmbee.testing.TestRedisson;
import dev.rmbee.wire.SessionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

/** The contract against a real redis-server, plus what is particular to Redis. */
class RedisSessionQueuesIT extends SessionQueuesContract {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final String EXECUTOR_THREAD = "queues-test-";

    private static RedissonClient client;
    private static RedissonClient otherClient;
    private static ScheduledThreadPoolExecutor executor;

    @BeforeAll
    static void connect() {
        client = newClient();
        otherClient = newClient();
        AtomicInteger threads = new AtomicInteger();
        executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, EXECUTOR_THREAD + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @AfterAll
    static void disconnect() {
        // no quiet period: nothing is in flight any more
        client.shutdown(0, 5, TimeUnit.SECONDS);
        otherClient.shutdown(0, 5, TimeUnit.SECONDS);
        executor.shutdownNow();
    }

    private static RedissonClient newClient() {
        return TestRedisson.connect(REDIS.address(), 4);
    }

    @BeforeEach
    void emptyRedis() throws Exception {
        REDIS.command("FLUSHALL");
    }

    @Override
    protected SessionQueues newQueues(int maxLength, Duration expiry) {
        return new RedisSessionQueues(
                client, executor, maxLength, expiry, counters, RedisQueueLimits.DEFAULTS, hotClient(REDIS.address()));
    }

    /** The RESP client of the appends ({@code rmb.redis.hot-client=resp}); null: Redisson, as by default. */
    RespCommands hotClient(String url) {
        return null;
    }

    /**
     * Redis keeps its own time. What time does to the queues is to shorten the time each key has
     * left to live, so that is what this does: {@code PEXPIRE} with what is left after {@code
     * time}, which deletes a key with no time left (as expiring it would).
     */
    @Override
    protected void elapse(Duration time) throws Exception {
        for (String key : REDIS.command("KEYS", "*").split("\n")) {
            long left = key.isEmpty() ? -2 : Long.parseLong(REDIS.command("PTTL", key));
            if (left >= 0) {
                REDIS.command("PEXPIRE", key, Long.toString(left - time.toMillis()));
            }
        }
    }

    @Override
    protected void awaitListening(SessionQueues queues) throws Exception {
        ((RedisSessionQueues) queues).listening().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Queues of 10,000 envelopes kept an hour, through the hot client if the class has one. */
    private RedisSessionQueues queues(
            RedissonClient redisson, ScheduledExecutorService timers, boolean publishInBatch) {
        return new RedisSessionQueues(
                redisson,
                timers,
                10_000,
                Duration.ofHours(1),
                publishInBatch,
                new RelayCounters(),
                RedisQueueLimits.DEFAULTS,
                hotClient(REDIS.address()));
    }

    private RedisSessionQueues openRedis() throws Exception {
        return (RedisSessionQueues) open();
    }

    @Test
    void theTotalsScanStopsAtItsLimitAndSaysSo() throws Exception {
        SessionQueues queues = open();
        append(queues, TWIN, "a");
        append(queues, TWIN_SID, "b");
        append(queues, TWIN_EMPTY_SID, "c");
        REDIS.command("SET", "stream:not-a-stream", "x"); // another program's key under the prefix: skipped

        QueueTotals partial = queues.queuedTotals(2).toCompletableFuture().get(30, TimeUnit.SECONDS);
        QueueTotals whole = queues.queuedTotals(3).toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertEquals(2, partial.sessions());
        assertFalse(partial.complete());
        assertEquals(new QueueTotals(3, whole.bytes(), 3, true), whole);
    }

    @Test
    void keysEntriesAndExpiryAreTheReferences() throws Exception {
        SessionQueues queues = open(10_000, Duration.ofSeconds(3600));
        append(queues, TWIN_SID, "hello");

        assertEquals("stream", REDIS.command("TYPE", "stream:12:abc"));
        String id = read(queues, TWIN_SID, null, 1).get(0).id();
        assertEquals(id + "\n_\nhello", REDIS.command("XRANGE", "stream:12:abc", "-", "+"));
        long ttl = Long.parseLong(REDIS.command("PTTL", "stream:12:abc"));
        assertTrue(ttl > 3_590_000 && ttl <= 3_600_000, "PTTL " + ttl);
        assertTrue(id.matches("\\d+-\\d+"), id);
    }

    @Test
    void theEntriesAreTheReferencesAndEachCommandTouchesOneSlot() throws Exception {
        SessionQueues queues = open(10_000, Duration.ofSeconds(3600));
        append(queues, TWIN, "warm-up"); // Redisson's first commands (script checks) are not ours
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            append(queues, TWIN_SID, "a");
            String script = RedisMonitor.command(monitor.next("\"EVALSHA\""));
            assertTrue(
                    script.endsWith("\"3\" \"stream:12:abc\" \"rmb.relay.senders:{stream:12:abc}\" "
                            + "\"rmb.relay.holder:{stream:12:abc}\" \"10000\" \"5000\" "
                            + "\"3600000\" \"rmb.relay.wake\" \"12:abc\" \""
                            + ((RedisSessionQueues) queues).instanceId()
                            + "\" \"0\" \"a\""),
                    "one script call (one round trip) on the stream and its companion: " + script);
            assertEquals(
                    "\"XADD\" \"stream:12:abc\" \"*\" \"_\" \"a\"",
                    RedisMonitor.command(monitor.next("\"XADD\"")),
                    "the reference's entry, never trimmed");
            assertEquals(
                    "\"PEXPIRE\" \"stream:12:abc\" \"3600000\"", RedisMonitor.command(monitor.next("\"PEXPIRE\"")));
            assertEquals(
                    "\"PUBLISH\" \"rmb.relay.wake\" \"12:abc\"", RedisMonitor.command(monitor.next("\"PUBLISH\"")));

            append(queues, TWIN_SID, "b");
            List<QueuedMessage> messages = read(queues, TWIN_SID, null, 10);
            assertEquals(
                    "\"XRANGE\" \"stream:12:abc\" \"-\" \"+\" \"COUNT\" \"10\"",
                    RedisMonitor.command(monitor.next("\"XRANGE\"")),
                    "the read script's XRANGE, beside the holder key in the stream's slot");
            read(queues, TWIN_SID, messages.get(0).id(), 5);
            assertEquals(
                    "\"XRANGE\" \"stream:12:abc\" \"(" + messages.get(0).id() + "\" \"+\" \"COUNT\" \"5\"",
                    RedisMonitor.command(monitor.next("\"XRANGE\"")));

            queues.acknowledge(TWIN_SID, messages.get(0).id());
            queues.acknowledge(TWIN_SID, messages.get(1).id());
            assertEquals(
                    "\"XDEL\" \"stream:12:abc\" \"" + messages.get(0).id() + "\" \""
                            + messages.get(1).id() + "\"",
                    RedisMonitor.command(monitor.next("\"XDEL\"")));
            assertEquals("0", REDIS.command("HEXISTS", "rmb.relay.senders:{stream:12:abc}", "c:0"), "counts follow");
        }
    }

    @Test
    void theOperatorsCommandsScanStreamsOnlyAndPurgeInOneMultiExec() throws Exception {
        SessionQueues queues = open();
        append(queues, TWIN_SID, "a", "b");
        REDIS.command("SET", "stream:12:not-a-stream", "x");
        REDIS.command("XADD", "relay.federation.stream", "*", "msg", "x");
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            List<QueueDepth> listed = queues.inspectQueues(OptionalInt.empty(), 100)
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertEquals(
                    List.of(TWIN_SID), listed.stream().map(QueueDepth::session).toList());
            String scan = RedisMonitor.command(monitor.next("\"SCAN\""));
            assertEquals("\"SCAN\" \"0\" \"MATCH\" \"stream:*\" \"COUNT\" \"1000\" \"TYPE\" \"stream\"", scan);

            assertEquals(2L, queues.purgeQueue(TWIN_SID).toCompletableFuture().get(30, TimeUnit.SECONDS));
            String multi = monitor.next("\"MULTI\"");
            String client = multi.substring(multi.indexOf('['), multi.indexOf(']') + 1);
            assertEquals("\"XLEN\" \"stream:12:abc\"", RedisMonitor.command(monitor.next(client)));
            assertEquals("\"DEL\" \"stream:12:abc\"", RedisMonitor.command(monitor.next(client)));
            assertEquals("\"DEL\" \"rmb.relay.senders:{stream:12:abc}\"", RedisMonitor.command(monitor.next(client)));
            assertTrue(monitor.next(client).contains("\"EXEC\""));
        }
        assertEquals("0", REDIS.command("EXISTS", "stream:12:abc", "rmb.relay.senders:{stream:12:abc}"));
    }

    @Test
    void entriesWithoutExactlyTheEnvelopeFieldAreSkipped() throws Exception {
        SessionQueues queues = open();
        REDIS.command("XADD", "stream:7", "*", "other", "x");
        REDIS.command("XADD", "stream:7", "*", "_", "a", "extra", "b");
        REDIS.command("XADD", "stream:7", "*", "_", "good");

        assertEquals(List.of("good"), all(queues, SessionKey.of(7)));
    }

    @Test
    void acknowledgementsAreDeletedInBatches() throws Exception {
        ManualTimers timers = new ManualTimers();
        RedisSessionQueues queues = queues(client, timers, true);
        try {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                texts.add("m" + i);
            }
            append(queues, TWIN, texts.toArray(new String[0]));
            List<QueuedMessage> messages = read(queues, TWIN, null, 1000);

            try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
                for (int i = 0; i < RedisSessionQueues.ACK_BATCH - 1; i++) {
                    queues.acknowledge(TWIN, messages.get(i).id());
                }
                assertEquals("200", REDIS.command("XLEN", "stream:12"), "127 pending ids wait for their timer");

                queues.acknowledge(TWIN, messages.get(127).id());
                // the first XDEL Redis runs is the whole batch, sent with the 128th: none went before
                assertEquals(
                        xdel("stream:12", messages.subList(0, 128)),
                        RedisMonitor.command(monitor.next("\"XDEL\"")),
                        "the 128th sends the batch at once");
                awaitLength("stream:12", 72);

                queues.acknowledge(TWIN, messages.get(128).id());
                queues.acknowledge(TWIN, messages.get(129).id());
                assertEquals("72", REDIS.command("XLEN", "stream:12"));
                assertEquals(1, timers.runAll(), "one timer for the batch, started by its first id");
                assertEquals(
                        xdel("stream:12", messages.subList(128, 130)),
                        RedisMonitor.command(monitor.next("\"XDEL\"")),
                        "the next XDEL is the timer's, with both ids: neither went alone");
                awaitLength("stream:12", 70);

                queues.acknowledge(TWIN, messages.get(130).id());
                queues.close(); // flushes what is pending
                assertEquals(
                        xdel("stream:12", messages.subList(130, 131)), RedisMonitor.command(monitor.next("\"XDEL\"")));
                assertEquals("69", REDIS.command("XLEN", "stream:12"));
            }
        } finally {
            queues.close();
            timers.shutdownNow();
        }
    }

    @Test
    void oneTimerFlushesThePendingAcknowledgementsOfEverySession() throws Exception {
        ManualTimers timers = new ManualTimers();
        RedisSessionQueues queues = queues(client, timers, true);
        try {
            append(queues, TWIN, "a", "b");
            append(queues, TWIN_SID, "c");
            List<QueuedMessage> twins = read(queues, TWIN, null, 10);
            List<QueuedMessage> sids = read(queues, TWIN_SID, null, 10);

            queues.acknowledge(TWIN, twins.get(0).id());
            queues.acknowledge(TWIN_SID, sids.get(0).id());
            queues.acknowledge(TWIN, twins.get(1).id());
            assertEquals("2", REDIS.command("XLEN", "stream:12"), "pending until the timer runs");

            assertEquals(1, timers.runAll(), "one timer for both sessions' batches");
            awaitLength("stream:12", 0);
            awaitLength("stream:12:abc", 0);
            assertEquals(0, timers.runAll(), "nothing pending: no timer");
        } finally {
            queues.close();
            timers.shutdownNow();
        }
    }

    @Test
    void anotherInstanceIsWokenAndReadsTheMessage() throws Exception {
        RedisSessionQueues sender = openRedis();
        RedisSessionQueues receiver = queues(otherClient, executor, true);
        try {
            BlockingQueue<SessionKey> woken = new LinkedBlockingQueue<>();
            receiver.subscribe(woken::add);
            receiver.listening().toCompletableFuture().get(30, TimeUnit.SECONDS);

            append(sender, TWIN_SID, "for the other instance");

            assertEquals(TWIN_SID, woken.poll(30, TimeUnit.SECONDS));
            List<QueuedMessage> messages = read(receiver, TWIN_SID, null, 10);
            assertEquals(List.of("for the other instance"), texts(messages));
            receiver.acknowledge(TWIN_SID, messages.get(0).id());
            awaitContents(sender, TWIN_SID, List.of());
        } finally {
            receiver.close();
        }
    }

    @Test
    void aLostSubscriptionIsFollowedByAResync() throws Exception {
        RedisSessionQueues queues = openRedis();
        Semaphore resyncs = new Semaphore(0);
        BlockingQueue<SessionKey> woken = new LinkedBlockingQueue<>();
        queues.onResync(resyncs::release);
        queues.subscribe(woken::add);
        queues.listening().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertTrue(resyncs.tryAcquire(30, TimeUnit.SECONDS), "the first subscription resyncs");
        // The first subscription may resync twice: also when Redisson hands on the confirmation of
        // its SUBSCRIBE. Redisson hands on what comes on one channel in order, so once a wake-up
        // published now has been heard, that confirmation (if any) has been handed on too.
        SessionKey marker = SessionKey.parse("4242:after-the-subscription");
        REDIS.command("PUBLISH", RedisSessionQueues.WAKE_CHANNEL, marker.toString());
        assertEquals(marker, woken.poll(30, TimeUnit.SECONDS));
        resyncs.drainPermits();

        // the server drops the subscriber connection; Redisson reconnects and subscribes again
        REDIS.command("CLIENT", "KILL", "TYPE", "pubsub");

        assertTrue(resyncs.tryAcquire(30, TimeUnit.SECONDS), "resync after the re-subscription");
        append(queues, TWIN, "after the reconnect");
        assertEquals(TWIN, woken.poll(30, TimeUnit.SECONDS));
    }

    @Test
    void publishingAfterTheBatchAlsoWakes() throws Exception {
        // what a Redis Cluster gets: PUBLISH only once the XADD is done
        RedisSessionQueues queues = queues(client, executor, false);
        try {
            BlockingQueue<SessionKey> woken = new LinkedBlockingQueue<>();
            queues.subscribe(woken::add);
            queues.listening().toCompletableFuture().get(30, TimeUnit.SECONDS);

            append(queues, TWIN_EMPTY_SID, "a");

            assertEquals(TWIN_EMPTY_SID, woken.poll(30, TimeUnit.SECONDS));
            assertEquals(List.of("a"), all(queues, TWIN_EMPTY_SID));
        } finally {
            queues.close();
        }
    }

    @Test
    void redisFailuresFailTheStages() throws Exception {
        SessionQueues queues = open();
        REDIS.command("SET", "stream:99", "not a stream");
        SessionKey session = SessionKey.of(99);

        ExecutionException append = assertThrows(
                ExecutionException.class,
                () -> queues.append(session, bytes("x")).toCompletableFuture().get(5, TimeUnit.SECONDS));
        ExecutionException read = assertThrows(
                ExecutionException.class,
                () -> queues.read(session, null, 10).toCompletableFuture().get(5, TimeUnit.SECONDS));

        for (ExecutionException failure : List.of(append, read)) {
            RedisQueueException cause = assertInstanceOf(RedisQueueException.class, failure.getCause());
            assertTrue(cause.getMessage().startsWith("redis error: "), cause.getMessage());
            assertTrue(cause.getMessage().contains("WRONGTYPE"), cause.getMessage());
        }
    }

    @Test
    void stagesCompleteOnTheExecutor() throws Exception {
        SessionQueues queues = open();
        AtomicReference<String> thread = new AtomicReference<>();

        queues.append(TWIN, bytes("a"))
                .whenComplete((ok, error) -> thread.set(Thread.currentThread().getName()))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        String name = thread.get();
        assertTrue(
                name.startsWith(EXECUTOR_THREAD)
                        || name.equals(Thread.currentThread().getName()),
                name);
    }

    @Test
    void malformedIdsAreRejected() throws Exception {
        SessionQueues queues = open();

        assertThrows(IllegalArgumentException.class, () -> queues.acknowledge(TWIN, "12"));
        ExecutionException read = assertThrows(
                ExecutionException.class,
                () -> queues.read(TWIN, "x-1", 10).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, read.getCause());
    }

    @Test
    void aSenderMayHoldHalfTheQueueAndTheCompanionHashCountsItWithTheStreamsExpiry() throws Exception {
        SessionQueues queues = open(10, Duration.ofSeconds(3600));
        for (int i = 0; i < 5; i++) {
            assertTrue(tryAppendFrom(queues, FLOODER, "flood-" + i));
        }
        assertFalse(tryAppendFrom(queues, FLOODER, "flood-5"), "half of 10 held");
        assertTrue(tryAppendFrom(queues, FRIEND, "friend"));

        String counts = "rmb.relay.senders:{stream:12}";
        assertEquals("5", REDIS.command("HGET", counts, "c:66"));
        assertEquals("1", REDIS.command("HGET", counts, "c:7"));
        String friendsId = read(queues, TWIN, null, 10).get(5).id();
        assertEquals("7", REDIS.command("HGET", counts, "i:" + friendsId));
        long ttl = Long.parseLong(REDIS.command("PTTL", counts));
        assertTrue(ttl > 3_590_000 && ttl <= 3_600_000, "PTTL " + ttl);
        assertEquals(8, Integer.parseInt(REDIS.command("HLEN", counts)), "two counts, five plus one entries");

        queues.acknowledge(TWIN, friendsId);
        Await.until(
                "the friend's count to go",
                () -> REDIS.command("HEXISTS", counts, "c:7").equals("0"));
        assertEquals("0", REDIS.command("HEXISTS", counts, "i:" + friendsId));
        assertEquals(6, counters.queued(), "five from the flooder and one from the friend");
    }

    @Test
    void entriesFromBeforeCountForNobodyButTheStreamsBound() throws Exception {
        SessionQueues queues = open(4, Duration.ofSeconds(3600));
        REDIS.command("XADD", "stream:12", "*", "_", "written by a reference relay");
        REDIS.command("XADD", "stream:12", "*", "_", "written by a reference relay");

        assertTrue(tryAppendFrom(queues, FLOODER, "one"));
        assertTrue(tryAppendFrom(queues, FRIEND, "two"));
        assertFalse(tryAppendFrom(queues, FRIEND, "three"), "the stream holds 4: full, never trimmed");

        assertEquals("4", REDIS.command("XLEN", "stream:12"));
        List<QueuedMessage> messages = read(queues, TWIN, null, 10);
        queues.acknowledge(TWIN, messages.get(0).id()); // an entry nobody counts
        awaitLength("stream:12", 3);
        assertEquals("1", REDIS.command("HGET", "rmb.relay.senders:{stream:12}", "c:66"));
    }

    @Test
    void aSessionIdWithBracesKeepsItsStreamAndItsCompanionInOneSlot() throws Exception {
        SessionQueues queues = open(4, Duration.ofSeconds(3600));
        SessionKey tagged = SessionKey.parse("12:x{y}z");
        SessionKey unpairable = SessionKey.parse("12:a}b");

        append(queues, tagged, "a");
        append(queues, unpairable, "a", "b", "c", "d");

        assertEquals("1", REDIS.command("HGET", "rmb.relay.senders:{y}stream:12:x{y}z", "c:0"));
        ExecutionException full = assertThrows(ExecutionException.class, () -> append(queues, unpairable, "e"));
        assertInstanceOf(QueueFullException.class, full.getCause());
        assertEquals(List.of("a", "b", "c", "d"), all(queues, unpairable), "no share without a companion: the bound");
        assertEquals("stream:12:a}b\nstream:12:x{y}z\nrmb.relay.senders:{y}stream:12:x{y}z", keys());
    }

    private static String keys() throws Exception {
        List<String> keys = new ArrayList<>(List.of(REDIS.command("KEYS", "*").split("\n")));
        keys.sort((a, b) ->
                a.startsWith("stream") == b.startsWith("stream") ? a.compareTo(b) : a.startsWith("stream") ? -1 : 1);
        return String.join("\n", keys);
    }

    private static void awaitLength(String key, int expected) {
        Await.until(
                "XLEN " + key + " = " + expected,
                () -> REDIS.command("XLEN", key).equals(Integer.toString(expected)));
    }

    /** The XDEL of {@code messages} as MONITOR shows it. */
    private static String xdel(String key, List<QueuedMessage> messages) {
        StringBuilder command = new StringBuilder("\"XDEL\" \"" + key + "\"");
        for (QueuedMessage message : messages) {
            command.append(" \"").append(message.id()).append('"');
        }
        return command.toString();
    }

    /** Runs plain tasks at once but holds scheduled ones until {@link #runAll()}. */
    private static final class ManualTimers extends ScheduledThreadPoolExecutor {

        private final List<ScheduledFuture<?>> held = new ArrayList<>();
        private final List<Runnable> tasks = new ArrayList<>();

        ManualTimers() {
            super(1);
        }

        @Override
        public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            if (delay <= 0) {
                return super.schedule(command, delay, unit); // execute() comes here
            }
            ScheduledFuture<?> future = super.schedule(command, 1, TimeUnit.DAYS);
            held.add(future);
            tasks.add(command);
            return future;
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException("the queues schedule Runnables");
        }

        /** Runs the held tasks that were not cancelled; returns how many ran. */
        synchronized int runAll() {
            int ran = 0;
            for (int i = 0; i < tasks.size(); i++) {
                if (!held.get(i).isCancelled()) {
                    held.get(i).cancel(false);
                    tasks.get(i).run();
                    ran++;
                }
            }
            held.clear();
            tasks.clear();
            return ran;
        }
    }
}
