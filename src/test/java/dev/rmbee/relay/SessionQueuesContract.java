package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.relay.budget.QueueFullException;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionQueues} backend must do (relay.md §4), run against each by a concrete
 * subclass. Time-dependent checks go through {@link #elapse}, which moves the backend's clock (or
 * does to its storage what time would do): no test waits for time to pass.
 */
public abstract class SessionQueuesContract {

    protected static final SessionKey TWIN = SessionKey.parse("12");
    protected static final SessionKey TWIN_SID = SessionKey.parse("12:abc");
    protected static final SessionKey TWIN_EMPTY_SID = SessionKey.parse("12:");

    private final List<SessionQueues> opened = new ArrayList<>();

    /** The counters every backend the test opens counts into. */
    protected final RelayCounters counters = new RelayCounters();

    /** A fresh backend over empty storage, counting into {@link #counters}. */
    protected abstract SessionQueues newQueues(int maxLength, Duration expiry) throws Exception;

    /** Lets {@code time} pass for the backend: moves its clock, or ages its storage by as much. */
    protected abstract void elapse(Duration time) throws Exception;

    /** The backend's time now (what it dates appends with). */
    protected Instant now() {
        return Instant.now();
    }

    /** Waits until listeners registered on {@code queues} will hear of appends. */
    protected void awaitListening(SessionQueues queues) throws Exception {}

    protected final SessionQueues open(int maxLength, Duration expiry) throws Exception {
        SessionQueues queues = newQueues(maxLength, expiry);
        opened.add(queues);
        return queues;
    }

    protected final SessionQueues open() throws Exception {
        return open(SessionQueues.DEFAULT_MAX_LENGTH, Duration.ofSeconds(SessionQueues.DEFAULT_EXPIRY_SECONDS));
    }

    @AfterEach
    public void closeQueues() {
        for (SessionQueues queues : opened) {
            queues.close();
        }
        opened.clear();
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static void append(SessionQueues queues, SessionKey session, String... envelopes) throws Exception {
        for (String envelope : envelopes) {
            queues.append(session, bytes(envelope)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    protected static List<QueuedMessage> read(SessionQueues queues, SessionKey session, String afterId, int max)
            throws Exception {
        return queues.read(session, afterId, max).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    protected static List<String> texts(List<QueuedMessage> messages) {
        List<String> texts = new ArrayList<>();
        for (QueuedMessage message : messages) {
            texts.add(new String(message.envelope(), StandardCharsets.UTF_8));
        }
        return texts;
    }

    protected static List<String> all(SessionQueues queues, SessionKey session) throws Exception {
        return texts(read(queues, session, null, 100_000));
    }

    /** Waits until {@link #all} equals {@code expected} (acknowledgements may be batched). */
    protected static void awaitContents(SessionQueues queues, SessionKey session, List<String> expected)
            throws Exception {
        try {
            Await.until(
                    "the queue of " + session + " to hold " + expected,
                    () -> all(queues, session).equals(expected));
        } catch (AssertionError timedOut) {
            assertEquals(expected, all(queues, session), timedOut.getMessage());
            throw timedOut;
        }
    }

    @Test
    public void appendedMessagesAreReadInOrder() throws Exception {
        SessionQueues queues = open();
        append(queues, TWIN, "a", "b", "c", "d");

        List<QueuedMessage> messages = read(queues, TWIN, null, 10);

        assertEquals(List.of("a", "b", "c", "d"), texts(messages));
        assertEquals(4, messages.stream().map(QueuedMessage::id).distinct().count(), "ids are distinct");
    }

    /**
     * A sender's envelopes are appended one after the other without waiting for each result (the
     * router does not wait): they must still be queued in the order of the calls.
     */
    @Test
    public void appendsInFlightTogetherKeepTheirOrder() throws Exception {
        SessionQueues queues = open();
        List<String> expected = new ArrayList<>();
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            expected.add("m" + i);
            appends.add(queues.append(TWIN, bytes("m" + i)).toCompletableFuture());
        }
        CompletableFuture.allOf(appends.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

        List<String> queued = all(queues, TWIN);
        assertEquals(expected.size(), queued.size(), "all appended");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), queued.get(i), "position " + i);
        }
    }

    @Test
    public void envelopesComeBackByteForByte() throws Exception {
        SessionQueues queues = open();
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        queues.append(TWIN, every).toCompletableFuture().get(30, TimeUnit.SECONDS);
        queues.append(TWIN, new byte[0]).toCompletableFuture().get(30, TimeUnit.SECONDS);

        List<QueuedMessage> messages = read(queues, TWIN, null, 10);

        assertEquals(2, messages.size());
        assertArrayEquals(every, messages.get(0).envelope());
        assertArrayEquals(new byte[0], messages.get(1).envelope());
    }

    @Test
    public void readStopsAtMaxAndContinuesAfterAnIdExclusively() throws Exception {
        SessionQueues queues = open();
        append(queues, TWIN, "a", "b", "c", "d", "e");

        List<QueuedMessage> first = read(queues, TWIN, null, 2);
        List<QueuedMessage> next = read(queues, TWIN, first.get(1).id(), 2);
        List<QueuedMessage> last = read(queues, TWIN, next.get(1).id(), 10);
        List<QueuedMessage> none = read(queues, TWIN, last.get(0).id(), 10);

        assertEquals(List.of("a", "b"), texts(first));
        assertEquals(List.of("c", "d"), texts(next));
        assertEquals(List.of("e"), texts(last));
        assertEquals(List.of(), none);
    }

    @Test
    public void readingRemovesNothing() throws Exception {
        SessionQueues queues = open();
        append(queues, TWIN, "a", "b");

        read(queues, TWIN, null, 10);

        assertEquals(List.of("a", "b"), all(queues, TWIN));
    }

    @Test
    public void everyStoredEnvelopeIsCounted() throws Exception {
        SessionQueues queues = open();

        append(queues, TWIN, "a", "bb");
        append(queues, TWIN_SID, "ccc");

        assertEquals(3, counters.queued());
        assertEquals(6, counters.queuedBytes());
    }

    @Test
    public void totalsCoverEveryQueueUntilAcknowledged() throws Exception {
        SessionQueues queues = open();
        assertEquals(new QueueTotals(0, 0, 0, true), totals(queues));
        append(queues, TWIN, "a", "bb");
        append(queues, TWIN_SID, "ccc");

        QueueTotals totals = totals(queues);
        assertEquals(3, totals.messages());
        assertEquals(2, totals.sessions());
        assertTrue(totals.bytes() >= 6, "bytes " + totals.bytes());
        assertTrue(totals.complete());

        for (QueuedMessage message : read(queues, TWIN, null, 10)) {
            queues.acknowledge(TWIN, message.id());
        }
        // acknowledgements may be batched
        QueueTotals left = Await.value("the acknowledged queue to leave the totals", () -> {
            QueueTotals now = totals(queues);
            return now.messages() == 1 ? Optional.of(now) : Optional.empty();
        });
        assertEquals(1, left.sessions());
        assertTrue(left.bytes() >= 3 && left.bytes() < totals.bytes(), "bytes " + left.bytes());
    }

    protected static QueueTotals totals(SessionQueues queues) throws Exception {
        return queues.queuedTotals(1000).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    public void anUnknownSessionHasAnEmptyQueue() throws Exception {
        SessionQueues queues = open();

        assertEquals(List.of(), read(queues, SessionKey.parse("4242:nobody"), null, 10));
    }

    @Test
    public void acknowledgedMessagesAreRemoved() throws Exception {
        SessionQueues queues = open();
        append(queues, TWIN, "a", "b", "c");
        List<QueuedMessage> messages = read(queues, TWIN, null, 10);

        queues.acknowledge(TWIN, messages.get(1).id());

        // a lone acknowledgement may wait for a batching delay before it is applied
        awaitContents(queues, TWIN, List.of("a", "c"));
    }

    @Test
    public void manyAcknowledgementsEmptyTheQueue() throws Exception {
        SessionQueues queues = open();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            texts.add("m" + i);
        }
        append(queues, TWIN, texts.toArray(new String[0]));

        for (QueuedMessage message : read(queues, TWIN, null, 1000)) {
            queues.acknowledge(TWIN, message.id());
        }

        awaitContents(queues, TWIN, List.of());
    }

    @Test
    public void unacknowledgedMessagesAreReadAgainByTheNextConnection() throws Exception {
        SessionQueues queues = open();
        append(queues, TWIN, "a", "b", "c");
        // first connection: reads everything, delivers and acknowledges only "a", then drops
        List<QueuedMessage> delivered = read(queues, TWIN, null, 10);
        queues.acknowledge(TWIN, delivered.get(0).id());
        awaitContents(queues, TWIN, List.of("b", "c"));

        // the next connection of the same session starts from the oldest entry
        List<QueuedMessage> again = read(queues, TWIN, null, 10);

        assertEquals(List.of("b", "c"), texts(again));
        assertEquals(delivered.get(1).id(), again.get(0).id(), "same message, same id");
    }

    @Test
    public void sessionsAreSeparate() throws Exception {
        SessionQueues queues = open();
        append(queues, TWIN, "twin");
        append(queues, TWIN_SID, "sid");
        append(queues, TWIN_EMPTY_SID, "empty sid");

        assertEquals(List.of("twin"), all(queues, TWIN));
        assertEquals(List.of("sid"), all(queues, TWIN_SID));
        assertEquals(List.of("empty sid"), all(queues, TWIN_EMPTY_SID));

        queues.acknowledge(TWIN_SID, read(queues, TWIN_SID, null, 1).get(0).id());
        awaitContents(queues, TWIN_SID, List.of());
        assertEquals(List.of("twin"), all(queues, TWIN));
        assertEquals(List.of("empty sid"), all(queues, TWIN_EMPTY_SID));
    }

    @Test
    public void aQueueExpiresAfterItsLastAppend() throws Exception {
        SessionQueues queues = open(100, Duration.ofSeconds(60));
        append(queues, TWIN, "a");
        elapse(Duration.ofSeconds(35));
        append(queues, TWIN, "b"); // refreshes the expiry of the whole queue
        elapse(Duration.ofSeconds(35));

        assertEquals(List.of("a", "b"), all(queues, TWIN), "70 s after the first append, 35 s after the last");

        elapse(Duration.ofSeconds(70));

        assertEquals(List.of(), all(queues, TWIN));
        append(queues, TWIN, "c");
        assertEquals(List.of("c"), all(queues, TWIN), "a new queue after expiry");
    }

    @Test
    public void listenersHearOfAppends() throws Exception {
        SessionQueues queues = open();
        BlockingQueue<SessionKey> woken = new LinkedBlockingQueue<>();
        queues.subscribe(woken::add);
        awaitListening(queues);

        append(queues, TWIN_SID, "a");

        assertEquals(TWIN_SID, woken.poll(30, TimeUnit.SECONDS));
        append(queues, TWIN_EMPTY_SID, "b");
        SessionKey next = woken.poll(30, TimeUnit.SECONDS);
        while (TWIN_SID.equals(next)) { // spurious repeats are allowed
            next = woken.poll(30, TimeUnit.SECONDS);
        }
        assertEquals(TWIN_EMPTY_SID, next);
    }

    // the operator's view: depth, listing, purge

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    public void inspectionCountsTheMessagesAndDatesTheOldest() throws Exception {
        SessionQueues queues = open();
        Instant before = now().truncatedTo(ChronoUnit.MILLIS);
        append(queues, TWIN_SID, "a", "b", "c");
        Instant after = now();

        QueueDepth depth = await(queues.inspectQueue(TWIN_SID));

        assertEquals(TWIN_SID, depth.session());
        assertEquals(3, depth.messages());
        assertTrue(
                !depth.oldest().isBefore(before) && !depth.oldest().isAfter(after),
                depth.oldest() + " within [" + before + ", " + after + "]");
        assertEquals(QueueDepth.empty(TWIN), await(queues.inspectQueue(TWIN)), "no queue: depth 0");
    }

    @Test
    public void anExpiredQueueHasNoDepth() throws Exception {
        SessionQueues queues = open(100, Duration.ofSeconds(60));
        append(queues, TWIN, "a");

        elapse(Duration.ofSeconds(61));

        QueueDepth depth = await(queues.inspectQueue(TWIN));
        assertEquals(0, depth.messages());
        assertNull(depth.oldest());
        assertEquals(List.of(), await(queues.inspectQueues(OptionalInt.empty(), 10)));
    }

    @Test
    public void theListingShowsEachQueueBySessionAllOrOneTwinsUpToTheLimit() throws Exception {
        SessionQueues queues = open();
        SessionKey other = SessionKey.parse("120:x");
        append(queues, TWIN_SID, "a", "b");
        append(queues, other, "c");
        append(queues, TWIN, "d");
        append(queues, TWIN_EMPTY_SID, "e");

        List<QueueDepth> all = await(queues.inspectQueues(OptionalInt.empty(), 100));
        List<QueueDepth> twin = await(queues.inspectQueues(OptionalInt.of(12), 100));
        List<QueueDepth> limited = await(queues.inspectQueues(OptionalInt.of(12), 2));

        assertEquals(
                List.of(TWIN, TWIN_EMPTY_SID, TWIN_SID, other),
                all.stream().map(QueueDepth::session).toList(),
                "by twin, then sid (none first)");
        assertEquals(
                List.of(1L, 1L, 2L, 1L), all.stream().map(QueueDepth::messages).toList());
        assertEquals(all.subList(0, 3), twin, "twin 12's queues, not twin 120's");
        assertEquals(2, limited.size());
        assertTrue(twin.containsAll(limited), limited.toString());
        assertEquals(List.of(), await(queues.inspectQueues(OptionalInt.of(13), 100)));
    }

    @Test
    public void aPurgeRemovesOneSessionsWholeQueueAndSaysHowMuchItHeld() throws Exception {
        SessionQueues queues = open();
        append(queues, TWIN_SID, "a", "b", "c");
        append(queues, TWIN, "other session");

        assertEquals(3L, await(queues.purgeQueue(TWIN_SID)));

        assertEquals(List.of(), all(queues, TWIN_SID));
        assertEquals(0, await(queues.inspectQueue(TWIN_SID)).messages());
        assertEquals(List.of("other session"), all(queues, TWIN));
        assertEquals(0L, await(queues.purgeQueue(TWIN_SID)), "nothing left to purge");
        append(queues, TWIN_SID, "after");
        assertEquals(List.of("after"), all(queues, TWIN_SID), "a new queue after the purge");
    }

    // fair shares between senders: a full queue refuses, it never drops another sender's messages

    protected static final SessionKey FLOODER = SessionKey.of(66);
    protected static final SessionKey FRIEND = SessionKey.of(7);

    /** An envelope from {@code sender} to {@link #TWIN} whose uid and payload are {@code text}. */
    protected static byte[] envelopeFrom(SessionKey sender, String text) {
        return TestEnvelopes.request(sender, TWIN, "cmd")
                .uid(text)
                .payload(text)
                .build()
                .toByteArray();
    }

    /** Appends to {@link #TWIN}; false when the queue refused it with a {@link QueueFullException}. */
    protected static boolean tryAppendFrom(SessionQueues queues, SessionKey sender, String text) throws Exception {
        try {
            queues.append(TWIN, envelopeFrom(sender, text))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            QueueFullException full = assertInstanceOf(QueueFullException.class, e.getCause());
            assertEquals("queue full for session '12'", full.getMessage());
            return false;
        }
    }

    /** The uids of the envelopes queued for {@link #TWIN}, oldest first (they name them). */
    protected static List<String> uidsOf(SessionQueues queues) throws Exception {
        List<String> uids = new ArrayList<>();
        for (QueuedMessage message : read(queues, TWIN, null, 100_000)) {
            uids.add(Envelope.parseFrom(message.envelope()).getUid());
        }
        return uids;
    }

    @Test
    public void aFloodingSenderCannotPushOutOrCrowdOutAnotherSendersMessages() throws Exception {
        SessionQueues queues = open(10, Duration.ofHours(1));
        assertTrue(tryAppendFrom(queues, FRIEND, "friend-1"));
        assertTrue(tryAppendFrom(queues, FRIEND, "friend-2"));

        List<CompletableFuture<Void>> flood = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) { // all at once: as a flood comes
            flood.add(queues.append(TWIN, envelopeFrom(FLOODER, "flood-" + i)).toCompletableFuture());
        }
        int refused = 0;
        for (CompletableFuture<Void> append : flood) {
            try {
                append.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertInstanceOf(QueueFullException.class, e.getCause());
                refused++;
            }
        }

        assertTrue(refused >= 10_000 - 8, "the flooder gets what does not fit refused: " + refused);
        List<String> kept = uidsOf(queues);
        assertEquals(List.of("friend-1", "friend-2"), kept.subList(0, 2), "the friend's messages stay");
        assertTrue(kept.size() <= 10, kept.toString());
        assertTrue(tryAppendFrom(queues, FRIEND, "friend-3"), "and the friend can still queue");
        assertTrue(uidsOf(queues).containsAll(List.of("friend-1", "friend-2", "friend-3")));
        assertEquals(10_000 - refused + 3, counters.queued(), "only what was stored is counted");
    }

    /** Appends the flooder's envelopes to a queue bounded to 4 until one is refused: how many were stored. */
    private int fillFloodersShare(SessionQueues queues) throws Exception {
        int stored = 0;
        while (tryAppendFrom(queues, FLOODER, "m" + stored)) {
            stored++;
            assertTrue(stored <= 4, "a bound of 4");
        }
        return stored;
    }

    @Test
    public void aSenderRefusedForItsShareMayQueueAgainOnceItsMessagesAreAcknowledged() throws Exception {
        SessionQueues queues = open(4, Duration.ofHours(1));
        int stored = fillFloodersShare(queues);
        assertTrue(stored >= 1);
        assertFalse(tryAppendFrom(queues, FLOODER, "still refused"));

        for (QueuedMessage message : read(queues, TWIN, null, 100)) {
            queues.acknowledge(TWIN, message.id());
        }
        awaitContents(queues, TWIN, List.of());

        for (int i = 0; i < stored; i++) {
            assertTrue(tryAppendFrom(queues, FLOODER, "again-" + i), "acknowledged messages leave the share");
        }
        assertEquals(stored, uidsOf(queues).size());
    }

    @Test
    public void aPurgedQueueStartsWithEmptyShares() throws Exception {
        SessionQueues queues = open(4, Duration.ofHours(1));
        int stored = fillFloodersShare(queues);

        assertEquals((long) stored, await(queues.purgeQueue(TWIN)));

        assertTrue(tryAppendFrom(queues, FLOODER, "after the purge"));
        assertEquals(List.of("after the purge"), uidsOf(queues));
    }

    @Test
    public void anExpiredQueueStartsWithEmptyShares() throws Exception {
        SessionQueues queues = open(4, Duration.ofSeconds(60));
        int stored = fillFloodersShare(queues);

        elapse(Duration.ofSeconds(61));

        assertTrue(tryAppendFrom(queues, FLOODER, "after expiry"));
        assertEquals(List.of("after expiry"), uidsOf(queues));
    }
}
