package dev.rmbee.peer.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.RedisMonitor;
import dev.rmbee.testing.RedisServerExtension;
import dev.rmbee.testing.TestRedisson;
import dev.rmbee.wire.proto.PeerTypes.Backlog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

/**
 * The local API's Redis commands and the bytes other clients see, checked with MONITOR and raw
 * commands; everything through Redisson here, through the RESP client but the takes in
 * {@link RespLocalBusIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisLocalBusIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    /** The name of the threads that complete the bus's stages. */
    static final String EXECUTOR = "local-bus-it";

    private RedissonClient redisson;
    private ExecutorService executor;
    LocalBus bus;

    @BeforeAll
    void connect() {
        redisson = TestRedisson.connect(REDIS.address(), 8);
        executor = Executors.newFixedThreadPool(2, runnable -> new Thread(runnable, EXECUTOR));
        bus = newBus(redisson, executor);
    }

    /** The bus under test, on {@code redisson} (and whatever else it needs). */
    LocalBus newBus(RedissonClient client, Executor completions) {
        return new RedisLocalBus(client, completions, TWIN);
    }

    @AfterAll
    void disconnect() {
        redisson.shutdown(0, 5, TimeUnit.SECONDS);
        executor.shutdownNow();
    }

    @BeforeEach
    void emptyRedis() throws Exception {
        REDIS.command("FLUSHALL");
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static final int TWIN = 7;
    private static final String TAKEN_LOCAL = "rmb-ee.peer.7.taken.msgbus.system.local";
    private static final String TAKEN_REPLY = "rmb-ee.peer.7.taken.msgbus.system.reply";

    private LocalItem take(String list) throws Exception {
        return await(bus.take(list, Duration.ofSeconds(1))).orElseThrow();
    }

    @Test
    void takeMovesTheOldestItemIntoTheTakenList() throws Exception {
        REDIS.command("LPUSH", LocalKeys.SYSTEM_LOCAL, "local-1");
        REDIS.command("LPUSH", LocalKeys.SYSTEM_LOCAL, "local-2");
        REDIS.command("LPUSH", LocalKeys.SYSTEM_REPLY, "reply-1");
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            LocalItem first = take(LocalKeys.SYSTEM_LOCAL);
            assertEquals(
                    "\"BRPOPLPUSH\" \"msgbus.system.local\" \"" + TAKEN_LOCAL + "\" \"1\"",
                    RedisMonitor.command(monitor.next("BRPOPLPUSH")));
            assertEquals(LocalKeys.SYSTEM_LOCAL, first.list());
            assertTrue(first.isRequest());
            assertEquals("local-1", text(first.json()));
        }
        assertEquals("local-1", REDIS.command("LRANGE", TAKEN_LOCAL, "0", "-1"), "kept until finished");
        assertEquals("local-2", text(take(LocalKeys.SYSTEM_LOCAL).json()));
        LocalItem reply = take(LocalKeys.SYSTEM_REPLY);
        assertEquals(LocalKeys.SYSTEM_REPLY, reply.list());
        assertEquals("reply-1", text(reply.json()));
        assertEquals("reply-1", REDIS.command("LRANGE", TAKEN_REPLY, "0", "-1"));
    }

    /** The thread a finish's stage completes on (its name's start): Redisson's replies are handed to the executor. */
    String finishCompletesOn() {
        return EXECUTOR;
    }

    @Test
    void takesCompleteOnTheExecutorAndFinishesWhereTheirClientSays() throws Exception {
        REDIS.command("LPUSH", LocalKeys.SYSTEM_LOCAL, "job-1", "job-2");
        // Redis answers nothing for 200 ms: the callbacks are in place before the replies come
        REDIS.command("CLIENT", "PAUSE", "200", "ALL");
        CompletionStage<String> tookOn = bus.takeSome(LocalKeys.SYSTEM_LOCAL, 1)
                .thenApply(items -> Thread.currentThread().getName());
        assertEquals(EXECUTOR, await(tookOn));
        LocalItem item = take(LocalKeys.SYSTEM_LOCAL);
        REDIS.command("CLIENT", "PAUSE", "200", "ALL");
        CompletionStage<String> finishedOn = bus.finish(List.of(FinishedItem.of(item)))
                .thenApply(done -> Thread.currentThread().getName());
        String thread = await(finishedOn);
        assertTrue(thread.startsWith(finishCompletesOn()), thread);
    }

    @Test
    void finishRemovesOneCopyFromTheTakenList() throws Exception {
        REDIS.command("LPUSH", LocalKeys.SYSTEM_LOCAL, "same", "same", "other");
        LocalItem first = take(LocalKeys.SYSTEM_LOCAL);
        take(LocalKeys.SYSTEM_LOCAL);
        take(LocalKeys.SYSTEM_LOCAL);
        await(bus.finish(List.of(FinishedItem.of(first))));
        assertEquals("2", REDIS.command("LLEN", TAKEN_LOCAL), "one of the two equal items is done");
    }

    @Test
    void takeSomeMovesUpToMaxItemsOldestFirstInOneCall() throws Exception {
        REDIS.command("LPUSH", LocalKeys.SYSTEM_LOCAL, "job-1", "job-2", "job-3", "job-4");
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            List<LocalItem> some = await(bus.takeSome(LocalKeys.SYSTEM_LOCAL, 3));
            assertScriptCall(monitor);
            assertEquals(List.of("job-1", "job-2", "job-3"), texts(some));
            assertTrue(some.stream().allMatch(LocalItem::isRequest));
        }
        assertEquals(
                "job-3 job-2 job-1",
                REDIS.command("LRANGE", TAKEN_LOCAL, "0", "-1").replace("\n", " "));
        assertEquals(List.of("job-4"), texts(await(bus.takeSome(LocalKeys.SYSTEM_LOCAL, 3))), "what was left");
        assertEquals(List.of(), await(bus.takeSome(LocalKeys.SYSTEM_LOCAL, 3)), "nothing waits");
        assertEquals("4", REDIS.command("LLEN", TAKEN_LOCAL), "all kept until finished");
        assertThrows(IllegalArgumentException.class, () -> bus.takeSome(LocalKeys.SYSTEM_LOCAL, 0));
    }

    @Test
    void finishRemovesItemsAndStoresTheirBacklogsInOneCall() throws Exception {
        REDIS.command("LPUSH", LocalKeys.SYSTEM_LOCAL, "job-1", "job-2");
        REDIS.command("LPUSH", LocalKeys.SYSTEM_REPLY, "reply-1");
        List<LocalItem> jobs = await(bus.takeSome(LocalKeys.SYSTEM_LOCAL, 2));
        LocalItem reply = take(LocalKeys.SYSTEM_REPLY);
        Backlog backlog = Backlog.newBuilder()
                .setUid("u-1")
                .setReference("job-1")
                .setReplyTo("ret-1")
                .setTtl(60)
                .build();
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            await(bus.finish(List.of(
                    new FinishedItem(jobs.get(0), Optional.of(backlog), Duration.ofSeconds(60)),
                    FinishedItem.of(reply))));
            assertScriptCall(monitor);
            // the script's own commands, as MONITOR shows them
            assertTrue(scripted(monitor, "SET").startsWith("\"SET\" \"msgbus.backlog.u-1\""));
            assertEquals("\"LREM\" \"" + TAKEN_LOCAL + "\" \"1\" \"job-1\"", scripted(monitor, "LREM"));
            assertEquals("\"LREM\" \"" + TAKEN_REPLY + "\" \"1\" \"reply-1\"", scripted(monitor, "LREM"));
        }
        assertEquals("job-2", REDIS.command("LRANGE", TAKEN_LOCAL, "0", "-1"), "the unfinished one stays");
        assertEquals("0", REDIS.command("LLEN", TAKEN_REPLY));
        String key = "msgbus.backlog.u-1";
        assertEquals(text(backlog.toByteArray()), REDIS.command("GET", key), "the protobuf, as a Rust peer writes it");
        int ttl = Integer.parseInt(REDIS.command("TTL", key));
        assertTrue(ttl > 55 && ttl <= 60, "TTL " + ttl);
        assertEquals(Optional.of(backlog), await(bus.backlog("u-1")));
        await(bus.finish(List.of()));
    }

    /** A script call comes (EVAL or EVALSHA, as the client chooses; perhaps after a SCRIPT LOAD). */
    private static void assertScriptCall(RedisMonitor monitor) throws InterruptedException {
        assertTrue(RedisMonitor.command(monitor.next("\"EVAL")).startsWith("\"EVAL"));
    }

    /** The next command {@code name} a script ran. */
    private static String scripted(RedisMonitor monitor, String name) throws InterruptedException {
        return RedisMonitor.command(monitor.next("lua] \"" + name + "\""));
    }

    private static List<String> texts(List<LocalItem> items) {
        return items.stream().map(item -> text(item.json())).toList();
    }

    @Test
    void requeueTakenPutsUnfinishedItemsBackOldestFirst() throws Exception {
        REDIS.command("LPUSH", LocalKeys.SYSTEM_LOCAL, "job-1", "job-2", "job-3");
        REDIS.command("LPUSH", LocalKeys.SYSTEM_REPLY, "reply-1");
        take(LocalKeys.SYSTEM_LOCAL);
        take(LocalKeys.SYSTEM_LOCAL);
        take(LocalKeys.SYSTEM_REPLY);
        // a crash here: job-1, job-2 and reply-1 taken and not finished; a program pushes job-4
        REDIS.command("LPUSH", LocalKeys.SYSTEM_LOCAL, "job-4");
        assertEquals(3L, await(bus.requeueTaken()));
        assertEquals("0", REDIS.command("LLEN", TAKEN_LOCAL));
        assertEquals("0", REDIS.command("LLEN", TAKEN_REPLY));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.add(text(take(LocalKeys.SYSTEM_LOCAL).json()));
        }
        assertEquals(List.of("job-1", "job-2", "job-3", "job-4"), order);
        assertEquals("reply-1", text(take(LocalKeys.SYSTEM_REPLY).json()));
    }

    @Test
    void pushOnceSkipsWhatWasPushedBeforeUntilTheMarkerExpires() throws Exception {
        byte[] json = "{\"ver\":1}".getBytes(StandardCharsets.UTF_8);
        assertTrue(await(bus.pushOnce("msgbus.cmd", json, "d1", Duration.ofSeconds(60))));
        assertEquals(false, await(bus.pushOnce("msgbus.cmd", json, "d1", Duration.ofSeconds(60))));
        assertTrue(await(bus.pushOnce("msgbus.cmd", json, "d2", Duration.ofMillis(50))));
        assertEquals("2", REDIS.command("LLEN", "msgbus.cmd"));
        int ttl = Integer.parseInt(REDIS.command("TTL", "rmb-ee.peer.7.seen.d1"));
        assertTrue(ttl > 55 && ttl <= 60, "TTL " + ttl);
        dev.rmbee.testing.Await.until(
                "the marker of d2 expires",
                () -> REDIS.command("EXISTS", "rmb-ee.peer.7.seen.d2").equals("0"));
        assertTrue(await(bus.pushOnce("msgbus.cmd", json, "d2", Duration.ofSeconds(60))));
        assertEquals("3", REDIS.command("LLEN", "msgbus.cmd"));
    }

    @Test
    void finishedItemsRideAlongWithAPushInItsOneCall() throws Exception {
        REDIS.command("LPUSH", LocalKeys.SYSTEM_LOCAL, "job-1", "job-2");
        List<LocalItem> jobs = await(bus.takeSome(LocalKeys.SYSTEM_LOCAL, 2));
        Backlog backlog = Backlog.newBuilder()
                .setUid("u-2")
                .setReplyTo("ret-2")
                .setTtl(60)
                .build();
        byte[] json = "{\"ver\":1}".getBytes(StandardCharsets.UTF_8);
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            assertTrue(await(bus.pushOnce(
                    "msgbus.cmd",
                    json,
                    "d5",
                    Duration.ofSeconds(60),
                    List.of(new FinishedItem(jobs.get(0), Optional.of(backlog), Duration.ofSeconds(60))))));
            assertScriptCall(monitor);
            assertTrue(scripted(monitor, "SET").startsWith("\"SET\" \"msgbus.backlog.u-2\""));
            assertEquals("\"LREM\" \"" + TAKEN_LOCAL + "\" \"1\" \"job-1\"", scripted(monitor, "LREM"));
            assertEquals("\"LPUSH\" \"msgbus.cmd\" \"{\\\"ver\\\":1}\"", scripted(monitor, "LPUSH"));
        }
        assertEquals("job-2", REDIS.command("LRANGE", TAKEN_LOCAL, "0", "-1"), "the one not carried stays");
        assertEquals(Optional.of(backlog), await(bus.backlog("u-2")));
        assertEquals("{\"ver\":1}", REDIS.command("LRANGE", "msgbus.cmd", "0", "-1"));

        LocalItem second = jobs.get(1);
        assertEquals(
                false,
                await(bus.pushOnce("msgbus.cmd", json, "d5", Duration.ofSeconds(60), List.of(FinishedItem.of(second)))),
                "a repeated push");
        assertEquals("0", REDIS.command("LLEN", TAKEN_LOCAL), "still finishes what rides along");
        REDIS.command("SET", "not-a-list", "x");
        REDIS.command("LPUSH", TAKEN_LOCAL, "job-3");
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> await(bus.pushOnce(
                        "not-a-list",
                        json,
                        "d6",
                        Duration.ofSeconds(60),
                        List.of(FinishedItem.of(
                                new LocalItem(LocalKeys.SYSTEM_LOCAL, "job-3".getBytes(StandardCharsets.UTF_8)))))));
        assertTrue(WrongTypeException.isIn(e), "the call ran: " + e);
        assertEquals("0", REDIS.command("LLEN", TAKEN_LOCAL), "a push to the wrong type still finishes its riders");
    }

    @Test
    void pushOnceToAKeyOfAnotherTypeFailsAndSetsNoMarker() throws Exception {
        REDIS.command("SET", "not-a-list", "x");
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> await(bus.pushOnce("not-a-list", new byte[] {'x'}, "d3", Duration.ofSeconds(60))));
        assertEquals(
                "redis error: LPUSH not-a-list: WRONGTYPE Operation against a key holding the wrong kind of value",
                assertInstanceOf(LocalBusException.class, e.getCause()).getMessage());
        assertEquals("0", REDIS.command("EXISTS", "rmb-ee.peer.7.seen.d3"), "a later delivery is pushed");
    }

    @Test
    void takeGivesNothingAfterItsTimeout() throws Exception {
        assertEquals(Optional.empty(), await(bus.take(LocalKeys.SYSTEM_LOCAL, Duration.ofSeconds(1))));
        assertThrows(IllegalArgumentException.class, () -> bus.take(LocalKeys.SYSTEM_LOCAL, Duration.ofMillis(500)));
    }

    @Test
    void takeKeepsTheBytesAsPushed() throws Exception {
        String json = "{\"cmd\":\"é😀\"}";
        REDIS.command("LPUSH", LocalKeys.SYSTEM_LOCAL, json);
        assertEquals(json, text(take(LocalKeys.SYSTEM_LOCAL).json()));
    }

    @Test
    void pushIsOneScriptCallThatTrimsOnlyBeyondTheBound() throws Exception {
        String json = "{\"ver\":1,\"ref\":\"é\"}";
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            await(bus.push("reply-queue", json.getBytes(StandardCharsets.UTF_8)));
            REDIS.command("EVAL", "return redis.call('PING')", "0"); // a marker after it
            assertScriptCall(monitor);
            assertEquals(
                    "\"LPUSH\" \"reply-queue\" \"{\\\"ver\\\":1,\\\"ref\\\":\\\"\\xc3\\xa9\\\"}\"",
                    scripted(monitor, "LPUSH"));
            // no LTRIM while the list is within its bound: pushKeepsTheNewestTenThousand trims
            assertEquals("\"PING\"", RedisMonitor.command(monitor.next("lua]")), "the next command of a script");
        }
        assertEquals(json, REDIS.command("LRANGE", "reply-queue", "0", "-1"));
    }

    @Test
    void scriptsAreCalledByDigestAndSentWholeWhenRedisForgotThem() throws Exception {
        await(bus.push("reply-queue", "first".getBytes(StandardCharsets.UTF_8)));
        REDIS.command("SCRIPT", "FLUSH");
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            await(bus.push("reply-queue", "second".getBytes(StandardCharsets.UTF_8)));
            assertTrue(RedisMonitor.command(monitor.next("\"EVAL")).startsWith("\"EVALSHA\""), "by digest first");
            // whole: EVAL, or SCRIPT LOAD and EVALSHA, as Redisson's own script call chooses
            String whole = RedisMonitor.command(monitor.next("local length = redis.call"));
            assertTrue(whole.startsWith("\"EVAL\"") || whole.startsWith("\"SCRIPT\" \"LOAD\""), whole);
            await(bus.push("reply-queue", "third".getBytes(StandardCharsets.UTF_8)));
            String third = RedisMonitor.command(monitor.next("\"third\""));
            assertTrue(third.startsWith("\"EVALSHA\""), third);
            assertEquals(
                    "\"LPUSH\" \"reply-queue\" \"third\"",
                    RedisMonitor.command(monitor.next("\"third\"")),
                    "it ran at once: Redis kept the script");
        }
        assertEquals(
                "third second first",
                REDIS.command("LRANGE", "reply-queue", "0", "-1").replace("\n", " "));
    }

    @Test
    void pushKeepsTheNewestTenThousand() throws Exception {
        List<String> args = new ArrayList<>(List.of("RPUSH", "msgbus.cmd"));
        for (int i = 0; i < LocalKeys.MAX_LIST_LENGTH; i++) {
            args.add("old-" + i); // old-0 is the newest (left end), old-9999 the oldest
        }
        REDIS.command(args.toArray(String[]::new));
        await(bus.push("msgbus.cmd", "new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("10000", REDIS.command("LLEN", "msgbus.cmd"));
        assertEquals("new", REDIS.command("LINDEX", "msgbus.cmd", "0"));
        assertTrue(await(
                bus.pushOnce("msgbus.cmd", "newer".getBytes(StandardCharsets.UTF_8), "d9", Duration.ofSeconds(9))));
        assertEquals("10000", REDIS.command("LLEN", "msgbus.cmd"), "pushed once, trimmed alike");
        assertEquals("newer", REDIS.command("LINDEX", "msgbus.cmd", "0"));
        assertEquals("new", REDIS.command("LINDEX", "msgbus.cmd", "1"));
        assertEquals("old-9997", REDIS.command("LINDEX", "msgbus.cmd", "-1"));
    }

    @Test
    void backlogWrittenByAnotherPeerIsRead() throws Exception {
        // the protobuf bytes a Rust peer SETEXes for uid "u1", no reference, reply_to "r", ttl 60
        REDIS.command("SETEX", "msgbus.backlog.u1", "60", "\n\u0002u1\u001a\u0001r(<");
        Backlog expected =
                Backlog.newBuilder().setUid("u1").setReplyTo("r").setTtl(60).build();
        assertEquals(Optional.of(expected), await(bus.backlog("u1")));
        assertEquals(Optional.empty(), await(bus.backlog("unknown")));
    }

    @Test
    void aValueThatIsNoBacklogFails() throws Exception {
        REDIS.command("SET", "msgbus.backlog.bad", "\u0007garbage");
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(bus.backlog("bad")));
        assertInstanceOf(LocalBusException.class, e.getCause());
    }

    @Test
    void redisErrorsFailTheStage() throws Exception {
        REDIS.command("SET", "not-a-list", "x");
        ExecutionException e =
                assertThrows(ExecutionException.class, () -> await(bus.push("not-a-list", new byte[] {'x'})));
        LocalBusException failure = assertInstanceOf(LocalBusException.class, e.getCause());
        assertTrue(failure.getMessage().startsWith("redis error: LPUSH not-a-list: "), failure.getMessage());
        REDIS.command("SET", LocalKeys.SYSTEM_LOCAL, "x");
        assertInstanceOf(
                LocalBusException.class,
                assertThrows(ExecutionException.class, () -> take(LocalKeys.SYSTEM_LOCAL))
                        .getCause());
    }

    @Test
    void aFinishedItemsBacklogNeedsAUid() {
        LocalItem item = new LocalItem(LocalKeys.SYSTEM_LOCAL, new byte[] {'x'});
        assertThrows(
                IllegalArgumentException.class,
                () -> new FinishedItem(
                        item, Optional.of(Backlog.newBuilder().setTtl(5).build()), Duration.ofSeconds(5)));
    }
}
