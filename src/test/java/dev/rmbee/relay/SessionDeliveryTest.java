package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.metrics.ErrorReason;
import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.MutableClock;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionDeliveryTest {

    private static final long NOW = 1_700_000_000L;
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    /** Runs the delivery's retry timers only when a test moves time: none does. */
    private final ManualScheduler scheduler = new ManualScheduler();

    private final EmbeddedSessionQueues queues = new EmbeddedSessionQueues(clock);
    private final SessionDelivery delivery = new SessionDelivery(queues, Runnable::run, scheduler, clock, 4);
    private final SessionKey bob = SessionKey.of(2);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A request to bob's session (or another of twin 2's); delivery reads only its uid, timestamp and expiration. */
    private static byte[] envelope(SessionKey to, String uid, long timestamp, long expiration) {
        return TestEnvelopes.request(SessionKey.of(1), to, "test.echo")
                .uid(uid)
                .timestamp(timestamp)
                .expiration(expiration)
                .build()
                .toByteArray();
    }

    private void append(String uid) {
        queues.append(bob, envelope(bob, uid, NOW, 60));
    }

    @Test
    void queuedMessagesArriveOnConnectInOrderAndAreRemoved() throws Exception {
        append("m1");
        append("m2");
        RecordingConnection connection = new RecordingConnection(bob);
        delivery.attach(connection);
        assertEquals(2, connection.count());
        assertEquals("m1", Envelope.parseFrom(connection.sent.get(0)).getUid());
        assertEquals("m2", connection.last().getUid());
        assertEquals(0, queues.size(bob), "acknowledged after the write");
        append("m3");
        assertEquals("m3", connection.last().getUid(), "later appends are delivered as they come");
    }

    @Test
    void onlyTheFirstReadOfAConnectionIsTheReadOfANewConnection() throws Exception {
        ReadRecordingQueues recording = new ReadRecordingQueues(queues);
        SessionDelivery recorded = new SessionDelivery(recording, Runnable::run, scheduler, clock, 4);
        RecordingConnection first = new RecordingConnection(bob);
        recorded.attach(first);
        append("m1");
        recorded.wake(bob);
        append("m2");
        recorded.wake(bob);
        assertEquals("m2", first.last().getUid());
        RecordingConnection second = new RecordingConnection(bob);
        recorded.attach(second);

        List<String> reads = recording.reads;
        assertEquals("new", reads.get(0), "the first connection's first read");
        assertEquals("new", reads.get(reads.size() - 1), "the second connection's first read");
        assertEquals(2, java.util.Collections.frequency(reads, "new"), "every other read is a read on: " + reads);
        assertTrue(reads.size() >= 4, "reads after both wake-ups: " + reads);
    }

    /** Embedded queues that note which kind of read the delivery asked for. */
    private static final class ReadRecordingQueues implements SessionQueues {
        final EmbeddedSessionQueues inner;
        final List<String> reads = new ArrayList<>();

        ReadRecordingQueues(EmbeddedSessionQueues inner) {
            this.inner = inner;
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> append(SessionKey session, byte[] envelope) {
            return inner.append(session, envelope);
        }

        @Override
        public java.util.concurrent.CompletionStage<List<QueuedMessage>> read(
                SessionKey session, String afterId, int max) {
            reads.add("read");
            return inner.read(session, afterId, max);
        }

        @Override
        public java.util.concurrent.CompletionStage<List<QueuedMessage>> readForNewConnection(
                SessionKey session, int max) {
            reads.add("new");
            return inner.read(session, null, max);
        }

        @Override
        public void acknowledge(SessionKey session, String id) {
            inner.acknowledge(session, id);
        }

        @Override
        public void subscribe(Consumer<SessionKey> listener) {
            inner.subscribe(listener);
        }

        @Override
        public java.util.concurrent.CompletionStage<QueueDepth> inspectQueue(SessionKey session) {
            return inner.inspectQueue(session);
        }

        @Override
        public java.util.concurrent.CompletionStage<List<QueueDepth>> inspectQueues(
                java.util.OptionalInt twin, int limit) {
            return inner.inspectQueues(twin, limit);
        }

        @Override
        public java.util.concurrent.CompletionStage<Long> purgeQueue(SessionKey session) {
            return inner.purgeQueue(session);
        }

        @Override
        public java.util.concurrent.CompletionStage<QueueTotals> queuedTotals(int maxSessions) {
            return inner.queuedTotals(maxSessions);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void slowReaderHasAtMostTheWindowInFlightAndTheRestWaitsInItsQueue() {
        for (int i = 0; i < 10; i++) {
            append("m" + i);
        }
        RecordingConnection slow = new RecordingConnection(bob).holdSends();
        delivery.attach(slow);
        assertEquals(4, slow.count(), "window of 4");
        assertEquals(10, queues.size(bob), "nothing removed before it was written");
        slow.complete(2);
        assertEquals(6, slow.count());
        assertEquals(8, queues.size(bob));
    }

    @Test
    void whatWasNotConfirmedIsDeliveredAgainToTheNextConnection() throws Exception {
        append("m1");
        append("m2");
        append("m3");
        RecordingConnection broken = new RecordingConnection(bob).holdSends();
        delivery.attach(broken);
        broken.complete(1);
        broken.fail();
        delivery.detach(broken);
        assertEquals(2, queues.size(bob));

        RecordingConnection next = new RecordingConnection(bob);
        delivery.attach(next);
        assertEquals(2, next.count());
        assertEquals("m2", Envelope.parseFrom(next.sent.get(0)).getUid());
        assertEquals("m3", next.last().getUid());
        assertEquals(0, queues.size(bob));
    }

    @Test
    void expiredMessagesAreDroppedNotDelivered() throws Exception {
        queues.append(bob, envelope(bob, "old", NOW - 120, 60));
        queues.append(bob, envelope(bob, "fresh", NOW - 10, 60));
        RecordingConnection connection = new RecordingConnection(bob);
        delivery.attach(connection);
        assertEquals(1, connection.count());
        assertEquals("fresh", connection.last().getUid());
        assertEquals(0, queues.size(bob));
    }

    @Test
    void theSenderOfARequestThatExpiredInTheQueueGetsAnErrorAndItIsNotDelivered() throws Exception {
        MutableClock time = new MutableClock(Instant.ofEpochSecond(NOW));
        EmbeddedSessionQueues queues = new EmbeddedSessionQueues(time);
        RelayCounters counters = new RelayCounters();
        SessionDelivery delivery = new SessionDelivery(queues, Runnable::run, scheduler, time, 4, counters);
        SessionKey alice = new SessionKey(1, "caller");
        byte[] request = TestEnvelopes.request(alice, bob, "test.echo")
                .uid("late")
                .timestamp(NOW)
                .expiration(60)
                .build()
                .toByteArray();
        queues.append(bob, request);
        RecordingConnection caller = new RecordingConnection(alice);
        delivery.attach(caller);

        time.advance(Duration.ofSeconds(60)); // bob was offline for the request's whole TTL
        RecordingConnection late = new RecordingConnection(bob);
        delivery.attach(late);

        assertEquals(0, late.count(), "an expired request is not delivered");
        assertEquals(0, queues.size(bob), "it left bob's queue");
        Envelope error = caller.last();
        assertEquals("late", error.getUid());
        assertEquals(Envelope.MessageCase.ERROR, error.getMessageCase());
        assertEquals(102, error.getError().getCode(), "the code the receiving peer would have answered");
        assertEquals(
                "message has expired before it could be delivered",
                error.getError().getMessage());
        assertEquals(alice, SessionKey.of(error.getDestination()), "addressed to the request's source session");
        assertEquals(false, error.hasSource());
        assertEquals(NOW + 60, error.getTimestamp());
        assertEquals(1, counters.errorEnvelopes(ErrorReason.EXPIRED));
    }

    @Test
    void expiredResponsesAreDroppedWithoutAnAnswer() throws Exception {
        SessionKey alice = new SessionKey(1, "caller");
        Envelope request = TestEnvelopes.request(alice, bob, "test.echo").build();
        Envelope response = TestEnvelopes.response(request)
                .timestamp(NOW - 120)
                .expiration(60)
                .build();
        RelayCounters counters = new RelayCounters();
        SessionDelivery delivery = new SessionDelivery(queues, Runnable::run, scheduler, clock, 4, counters);
        queues.append(alice, response.toByteArray());
        RecordingConnection caller = new RecordingConnection(alice);
        delivery.attach(caller);
        RecordingConnection responder = new RecordingConnection(bob);
        delivery.attach(responder);

        assertEquals(0, caller.count(), "not delivered");
        assertEquals(0, queues.size(alice));
        assertEquals(0, queues.size(bob), "no error for a response");
        assertEquals(0, responder.count());
        assertEquals(1, counters.drops(ErrorReason.EXPIRED));
    }

    @Test
    void anEnvelopeWithoutTimestampAndExpirationIsDelivered() throws Exception {
        queues.append(bob, envelope(bob, "timeless", 0, 0));
        queues.append(bob, envelope(bob, "zero-based", 0, 60));
        RecordingConnection connection = new RecordingConnection(bob);
        delivery.attach(connection);
        assertEquals(1, connection.count(), "no deadline at all: delivered; a deadline of 60 (1970): expired");
        assertEquals("timeless", connection.last().getUid());
        assertEquals(0, queues.size(bob));
    }

    @Test
    void aReplacedConnectionStopsReceiving() {
        RecordingConnection first = new RecordingConnection(bob);
        RecordingConnection second = new RecordingConnection(bob);
        delivery.attach(first);
        delivery.attach(second);
        delivery.detach(first); // the old socket's close arrives late: must not stop the new one
        append("m1");
        assertEquals(0, first.count());
        assertEquals(1, second.count());
    }

    @Test
    void otherSessionsAreNotDelivered() {
        queues.append(new SessionKey(2, "abc"), envelope(new SessionKey(2, "abc"), "for-abc", NOW, 60));
        queues.append(new SessionKey(2, ""), envelope(new SessionKey(2, ""), "for-empty", NOW, 60));
        RecordingConnection connection = new RecordingConnection(bob);
        delivery.attach(connection);
        assertEquals(0, connection.count());
    }

    @Test
    void aLaterPageNeverOvertakesOneStillBeingHandedToTheConnection() throws Exception {
        append("m1");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> handedOver = new ArrayList<>();
        Connection slowToHandOver = new Connection() {
            @Override
            public SessionKey session() {
                return bob;
            }

            @Override
            public void send(byte[] envelope, Consumer<Throwable> done) {
                String uid = uid(envelope);
                if (uid.equals("m1")) {
                    entered.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                synchronized (handedOver) {
                    handedOver.add(uid);
                }
                done.accept(null);
            }

            @Override
            public void close(int code, String reason) {}
        };
        // the first page is delivered on another thread, which is still handing m1 over when m2 comes
        Thread first = new Thread(() -> delivery.attach(slowToHandOver));
        first.start();
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        append("m2"); // wakes the session: with an inline executor its page would be delivered right here
        release.countDown();
        first.join(10_000);
        synchronized (handedOver) {
            assertEquals(List.of("m1", "m2"), handedOver);
        }
    }

    private static String uid(byte[] envelope) {
        try {
            return Envelope.parseFrom(envelope).getUid();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
