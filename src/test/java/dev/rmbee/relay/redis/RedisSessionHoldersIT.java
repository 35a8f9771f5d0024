package dev.rmbee.relay.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.relay.QueuedMessage;
import dev.rmbee.testing.RedisMonitor;
import dev.rmbee.testing.RedisServerExtension;
import dev.rmbee.testing.TestRedisson;
import dev.rmbee.wire.SessionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

/**
 * Wake-ups addressed to the instance that holds a session ({@link SessionHolders}): three instances
 * (three clients) on one redis-server, MONITOR to see which channel each append publishes on, and a
 * later append to a session nobody holds (announced to every instance) as the marker that shows an
 * instance was not woken before it.
 */
class RedisSessionHoldersIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final SessionKey HELD = SessionKey.parse("12:abc");
    private static final SessionKey MARKER = SessionKey.parse("77:marker");
    private static final String HOLDER_KEY = "rmb.relay.holder:{stream:12:abc}";
    private static final Duration EXPIRY = Duration.ofHours(1);

    private static final List<RedissonClient> clients = new ArrayList<>();
    private static ScheduledThreadPoolExecutor executor;
    private final List<RedisSessionQueues> opened = new ArrayList<>();

    @BeforeAll
    static void connect() {
        for (int i = 0; i < 3; i++) {
            clients.add(TestRedisson.connect(REDIS.address(), 4));
        }
        executor = new ScheduledThreadPoolExecutor(2);
    }

    @AfterAll
    static void disconnect() {
        clients.forEach(client -> client.shutdown(0, 5, TimeUnit.SECONDS));
        executor.shutdownNow();
    }

    @BeforeEach
    void emptyRedis() throws Exception {
        REDIS.command("FLUSHALL");
    }

    @AfterEach
    void close() {
        opened.forEach(RedisSessionQueues::close);
    }

    /** Instance {@code i} (its own client), publishing in its append script or, like on a cluster, after it. */
    private RedisSessionQueues instance(int i, boolean publishInBatch) {
        RedisSessionQueues queues =
                new RedisSessionQueues(clients.get(i), executor, 10_000, EXPIRY, publishInBatch, new RelayCounters());
        opened.add(queues);
        return queues;
    }

    private static BlockingQueue<SessionKey> listen(RedisSessionQueues queues) throws Exception {
        BlockingQueue<SessionKey> woken = new LinkedBlockingQueue<>();
        queues.subscribe(woken::add);
        queues.listening().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return woken;
    }

    private static void append(RedisSessionQueues queues, SessionKey session, String text) throws Exception {
        queues.append(session, text.getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    private static List<QueuedMessage> claim(RedisSessionQueues queues, SessionKey session) throws Exception {
        return queues.readForNewConnection(session, 10).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void anAppendToASessionHeldByTheAppendingInstancePublishesNothing() throws Exception {
        RedisSessionQueues here = instance(0, true);
        BlockingQueue<SessionKey> woken = listen(here);
        claim(here, HELD);
        assertEquals(here.instanceId(), REDIS.command("GET", HOLDER_KEY));

        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            append(here, HELD, "to a session held here");
            append(here, MARKER, "to a session nobody holds");

            assertEquals(
                    "\"PUBLISH\" \"rmb.relay.wake\" \"77:marker\"",
                    RedisMonitor.command(monitor.next("\"PUBLISH\"")),
                    "the first PUBLISH is the marker's: none for the session held here");
        }
        assertEquals(HELD, woken.poll(30, TimeUnit.SECONDS), "woken here, without Redis");
    }

    @Test
    void anAppendWakesOnlyTheInstanceHoldingTheSession() throws Exception {
        RedisSessionQueues sender = instance(0, true);
        RedisSessionQueues holder = instance(1, true);
        RedisSessionQueues bystander = instance(2, true);
        BlockingQueue<SessionKey> holderWoken = listen(holder);
        BlockingQueue<SessionKey> bystanderWoken = listen(bystander);
        claim(holder, HELD);

        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            append(sender, HELD, "for the holder");
            assertEquals(
                    "\"PUBLISH\" \"rmb.relay.wake:" + holder.instanceId() + "\" \"12:abc\"",
                    RedisMonitor.command(monitor.next("\"PUBLISH\"")));
        }
        assertEquals(HELD, holderWoken.poll(30, TimeUnit.SECONDS));
        append(sender, MARKER, "for everyone");
        assertEquals(MARKER, bystanderWoken.poll(30, TimeUnit.SECONDS), "the bystander heard the marker only");
        assertEquals(List.of("for the holder"), texts(holder.read(HELD, null, 10)));
    }

    @Test
    void onAClusterTheWakeUpIsPublishedToTheHolderAfterTheScript() throws Exception {
        RedisSessionQueues sender = instance(0, false);
        RedisSessionQueues holder = instance(1, false);
        RedisSessionQueues bystander = instance(2, false);
        BlockingQueue<SessionKey> holderWoken = listen(holder);
        BlockingQueue<SessionKey> bystanderWoken = listen(bystander);
        claim(holder, HELD);

        append(sender, HELD, "for the holder");
        assertEquals(HELD, holderWoken.poll(30, TimeUnit.SECONDS));
        append(sender, MARKER, "for everyone");
        assertEquals(MARKER, bystanderWoken.poll(30, TimeUnit.SECONDS));
    }

    @Test
    void aNewConnectionOnAnotherInstanceTakesTheSessionOverAndLaterReadsOfTheOldOneDoNotTakeItBack() throws Exception {
        RedisSessionQueues sender = instance(0, true);
        RedisSessionQueues old = instance(1, true);
        RedisSessionQueues newer = instance(2, true);
        BlockingQueue<SessionKey> oldWoken = listen(old);
        BlockingQueue<SessionKey> newerWoken = listen(newer);
        claim(old, HELD);
        claim(newer, HELD);
        old.read(HELD, null, 10).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(newer.instanceId(), REDIS.command("GET", HOLDER_KEY));

        append(sender, HELD, "for the newer connection");
        assertEquals(HELD, newerWoken.poll(30, TimeUnit.SECONDS));
        append(sender, MARKER, "for everyone");
        assertEquals(MARKER, oldWoken.poll(30, TimeUnit.SECONDS), "the old holder is not woken any more");
    }

    @Test
    void theHolderExpiresWithTheQueueAndWithoutItEveryInstanceIsWokenUntilTheHolderReadsAgain() throws Exception {
        RedisSessionQueues sender = instance(0, true);
        RedisSessionQueues holder = instance(1, true);
        BlockingQueue<SessionKey> holderWoken = listen(holder);
        claim(holder, HELD);
        long ttl = Long.parseLong(REDIS.command("PTTL", HOLDER_KEY));
        assertTrue(ttl > EXPIRY.toMillis() - 10_000 && ttl <= EXPIRY.toMillis(), "PTTL " + ttl);

        REDIS.command("DEL", HOLDER_KEY); // what expiry does, e.g. to the holder of an instance that died
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            append(sender, HELD, "a");
            assertEquals(
                    "\"PUBLISH\" \"rmb.relay.wake\" \"12:abc\"",
                    RedisMonitor.command(monitor.next("\"PUBLISH\"")),
                    "no holder: every instance hears it");
        }
        assertEquals(HELD, holderWoken.poll(30, TimeUnit.SECONDS));

        List<QueuedMessage> read =
                holder.read(HELD, null, 10).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(List.of("a"), texts(read));
        assertEquals(holder.instanceId(), REDIS.command("GET", HOLDER_KEY), "a later read takes it again");
    }

    @Test
    void instancesHaveDistinctIds() {
        assertNotEquals(instance(0, true).instanceId(), instance(1, true).instanceId());
    }

    private static List<String> texts(java.util.concurrent.CompletionStage<List<QueuedMessage>> read) throws Exception {
        return texts(read.toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    private static List<String> texts(List<QueuedMessage> messages) {
        return messages.stream()
                .map(message -> new String(message.envelope(), StandardCharsets.UTF_8))
                .toList();
    }
}
