package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The router while the session queues' backend is away (every append fails with a {@link
 * QueueUnavailableException}): a request's sender gets the error envelope on its own connection,
 * since its queue is in the same backend; other envelopes get nothing.
 */
class EnvelopeRouterOutageTest {

    private static final long NOW = 1_700_000_002L;
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final SessionRegistry sessions = new SessionRegistry(100);
    private final SessionQueues queues = new UnavailableQueues();
    private final SessionDelivery delivery = new SessionDelivery(queues, Runnable::run, scheduler, clock, 8);
    private final LocalTwinRegistry twins = new LocalTwinRegistry();
    private final EnvelopeRouter router;

    EnvelopeRouterOutageTest() {
        twins.put(new Twin(1, new byte[32], Set.of("relay.one"), null));
        twins.put(new Twin(2, new byte[32], Set.of("relay.one"), null));
        router = new EnvelopeRouter(
                sessions,
                queues,
                delivery,
                twins,
                Set.of("relay.one"),
                RateLimiter.unlimited(),
                ForeignEnvelopes.REFUSE,
                clock);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private RecordingConnection connect(SessionKey session) {
        RecordingConnection connection = new RecordingConnection(session);
        sessions.register(connection);
        return connection;
    }

    private static TestEnvelopes.Builder request(SessionKey from, SessionKey to) {
        return TestEnvelopes.request(from, to, "test.echo").timestamp(NOW).expiration(60);
    }

    @Test
    void aRequestTheQueuesCannotTakeIsAnsweredOnTheSendersConnection() throws Exception {
        RecordingConnection alice = connect(SessionKey.of(1));
        Envelope request =
                request(SessionKey.of(1), SessionKey.of(2)).uid("u-1").build();

        router.process(alice, request.toByteArray());

        assertEquals(1, alice.count(), "the error envelope, written straight to the connection");
        Envelope error = alice.last();
        assertEquals("u-1", error.getUid());
        assertEquals(1, error.getDestination().getTwin());
        assertEquals(
                "failed to route message to peer '2': redis error: away",
                error.getError().getMessage());
    }

    @Test
    void anyErrorReplyTheQueuesCannotTakeGoesToTheSendersConnection() throws Exception {
        RecordingConnection alice = connect(SessionKey.of(1));
        Envelope request =
                request(SessionKey.of(1), SessionKey.of(77)).uid("u-2").build();

        router.process(alice, request.toByteArray());

        assertEquals("unknown twin destination", alice.last().getError().getMessage());
        assertEquals("u-2", alice.last().getUid());
    }

    @Test
    void aResponseTheQueuesCannotTakeIsDroppedWithoutAReply() throws Exception {
        RecordingConnection alice = connect(SessionKey.of(1));
        Envelope request = request(SessionKey.of(2), SessionKey.of(1)).build();
        Envelope response =
                TestEnvelopes.response(request).timestamp(NOW).expiration(60).build();

        router.process(alice, response.toByteArray());
        router.process(
                alice,
                request(SessionKey.of(1), SessionKey.of(2))
                        .uid("marker")
                        .build()
                        .toByteArray());

        assertEquals(1, alice.count(), "only the marker request's error: " + alice.sent.size());
        assertEquals("marker", alice.last().getUid());
    }

    /** Session queues whose backend is away: every append fails, reads find nothing. */
    private static final class UnavailableQueues implements SessionQueues {

        @Override
        public CompletionStage<Void> append(SessionKey session, byte[] envelope) {
            return CompletableFuture.failedFuture(new QueueUnavailableException("redis error: away", null));
        }

        @Override
        public CompletionStage<List<QueuedMessage>> read(SessionKey session, String afterId, int max) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public void acknowledge(SessionKey session, String id) {}

        @Override
        public void subscribe(Consumer<SessionKey> listener) {}

        @Override
        public CompletionStage<QueueDepth> inspectQueue(SessionKey session) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<List<QueueDepth>> inspectQueues(OptionalInt twin, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Long> purgeQueue(SessionKey session) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<QueueTotals> queuedTotals(int maxSessions) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }
}
