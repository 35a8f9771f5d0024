package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.metrics.ErrorReason;
import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.testing.EnvelopeVectors;
import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.EnvelopeTags;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnvelopeRouterTest {

    private static final long NOW = 1_700_000_002L;
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    /** Runs the delivery's retry timers only when a test moves time: none does. */
    private final ManualScheduler scheduler = new ManualScheduler();

    private final SessionRegistry sessions = new SessionRegistry(100);
    private final RelayCounters counters = new RelayCounters();
    private final EmbeddedSessionQueues queues =
            new EmbeddedSessionQueues(SessionQueues.DEFAULT_MAX_LENGTH, Duration.ofHours(1), clock, counters);
    private final SessionDelivery delivery = new SessionDelivery(queues, Runnable::run, scheduler, clock, 8, counters);
    private final LocalTwinRegistry twins = new LocalTwinRegistry();
    private final List<Envelope> forwarded = new ArrayList<>();
    private RateLimiter limiter = RateLimiter.unlimited();

    EnvelopeRouterTest() {
        twins.put(new Twin(1, new byte[32], Set.of("relay.one"), null));
        twins.put(new Twin(2, new byte[32], Set.of("relay.one", "relay.two"), null));
        twins.put(new Twin(3, new byte[32], Set.of("relay.far"), null));
        twins.put(new Twin(4, new byte[32], Set.of(), null));
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private EnvelopeRouter router() {
        ForeignEnvelopes federation = (envelope, frame, twin) -> {
            forwarded.add(envelope);
            return CompletableFuture.completedFuture(null);
        };
        return new EnvelopeRouter(
                sessions, queues, delivery, twins, Set.of("relay.one"), limiter, federation, clock, counters);
    }

    private RecordingConnection connect(SessionKey session) {
        RecordingConnection connection = new RecordingConnection(session);
        sessions.register(connection);
        delivery.attach(connection);
        return connection;
    }

    /** A fresh request; the relay routes it without checking its signature, so it is left unsigned. */
    private static Envelope request(SessionKey from, SessionKey to) {
        return TestEnvelopes.request(from, to, "test.echo")
                .timestamp(NOW)
                .expiration(60)
                .payload("{}")
                .build();
    }

    @Test
    void pingIsAnsweredOnTheSameConnection() throws Exception {
        RecordingConnection alice = connect(SessionKey.of(1));
        router().process(
                        alice,
                        EnvelopeVectors.envelope("ping_official_verbatim").toByteArray());
        assertEquals(EnvelopeVectors.envelope("pong_from_relay"), alice.last());
    }

    @Test
    void requestToAConnectedSessionArrivesByteForByte() throws Exception {
        RecordingConnection alice = connect(SessionKey.of(1));
        RecordingConnection bob = connect(SessionKey.of(2));
        byte[] frame = Vectors.hex(
                EnvelopeVectors.vector("request_plain_minimal_sr25519").getString("protobuf_hex"));
        Envelope original = Envelope.parseFrom(frame);
        // keep the vector's bytes but make it fresh, re-serialized once by us
        byte[] fresh = original.toBuilder().setTimestamp(NOW).build().toByteArray();
        router().process(alice, fresh);
        assertEquals(1, bob.count());
        assertArrayEquals(fresh, bob.sent.get(0));
        assertEquals(0, alice.count());
    }

    @Test
    void offlineTwinServedHereGetsItsMessagesWhenItConnects() throws Exception {
        RecordingConnection alice = connect(SessionKey.of(1));
        router().process(alice, request(SessionKey.of(1), SessionKey.of(2)).toByteArray());
        assertEquals(0, alice.count(), "no error: the message waits");
        assertEquals(1, queues.size(SessionKey.of(2)));
        RecordingConnection bob = connect(SessionKey.of(2));
        assertEquals(1, bob.count());
        assertEquals(0, queues.size(SessionKey.of(2)));
    }

    @Test
    void aRequestAlreadyExpiredWhenSentIsAnsweredAtOnceAndNeitherQueuedNorForwarded() throws Exception {
        RecordingConnection alice = connect(SessionKey.of(1));
        EnvelopeRouter router = router();
        Envelope toOffline = request(SessionKey.of(1), SessionKey.of(2)).toBuilder()
                .setUid("late-local")
                .setTimestamp(NOW - 60)
                .build();
        router.process(alice, toOffline.toByteArray());
        Envelope error = alice.last();
        assertEquals("late-local", error.getUid());
        assertEquals(102, error.getError().getCode());
        assertEquals(
                "message has expired before it could be delivered",
                error.getError().getMessage());
        assertEquals(0, queues.size(SessionKey.of(2)), "not queued for bob");

        Envelope toForeign = request(SessionKey.of(1), SessionKey.of(3)).toBuilder()
                .setUid("late-foreign")
                .setTimestamp(NOW - 60)
                .build();
        router.process(alice, toForeign.toByteArray());
        assertEquals("late-foreign", alice.last().getUid());
        assertEquals(List.of(), forwarded, "not handed to the federation");

        Envelope response = TestEnvelopes.response(request(SessionKey.of(2), SessionKey.of(1)))
                .timestamp(NOW - 60)
                .expiration(60)
                .build();
        router.process(alice, response.toByteArray());
        assertEquals(2, alice.count(), "no answer to an expired response");
        assertEquals(0, queues.size(SessionKey.of(2)));
        assertEquals(2, counters.errorEnvelopes(ErrorReason.EXPIRED));
        assertEquals(1, counters.drops(ErrorReason.EXPIRED));
    }

    @Test
    void aRequestWithoutTimestampAndExpirationIsRouted() throws Exception {
        RecordingConnection alice = connect(SessionKey.of(1));
        Envelope timeless = request(SessionKey.of(1), SessionKey.of(2)).toBuilder()
                .setTimestamp(0)
                .setExpiration(0)
                .build();
        router().process(alice, timeless.toByteArray());
        assertEquals(0, alice.count(), "no error");
        RecordingConnection bob = connect(SessionKey.of(2));
        assertEquals(timeless, bob.last(), "delivered when bob connects");
    }

    @Test
    void sessionsAreAddressedExactly() throws Exception {
        RecordingConnection alice = connect(SessionKey.of(1));
        RecordingConnection bobSid = connect(new SessionKey(2, "abc"));
        router().process(alice, request(SessionKey.of(1), SessionKey.of(2)).toByteArray());
        assertEquals(0, bobSid.count(), "messages to 2 never reach 2:abc");
        assertEquals(1, queues.size(SessionKey.of(2)));
    }

    @Test
    void routingErrorsAreTheReferenceTexts() throws Exception {
        RecordingConnection alice = connect(SessionKey.of(1));
        EnvelopeRouter router = router();
        router.process(alice, request(SessionKey.of(1), null).toByteArray());
        assertEquals("message with missing destination", alice.last().getError().getMessage());
        router.process(alice, request(SessionKey.of(1), SessionKey.of(99)).toByteArray());
        assertEquals("unknown twin destination", alice.last().getError().getMessage());
        router.process(alice, request(SessionKey.of(1), SessionKey.of(4)).toByteArray());
        assertEquals(
                "relay info is not set for this twin", alice.last().getError().getMessage());
        Envelope last = alice.last();
        assertEquals(NOW, last.getTimestamp());
        assertEquals(300, last.getExpiration());
        assertTrue(SessionKey.of(1).matches(last.getDestination()));
        assertFalse(last.hasSource());
        assertEquals(1, counters.errorEnvelopes(ErrorReason.MISSING_DESTINATION));
        assertEquals(1, counters.errorEnvelopes(ErrorReason.UNKNOWN_TWIN));
        assertEquals(1, counters.errorEnvelopes(ErrorReason.NO_RELAY));
    }

    @Test
    void wrongSourceGetsAnErrorForRequestsOnly() throws Exception {
        RecordingConnection session = connect(new SessionKey(1, "interop-1"));
        Envelope request = request(SessionKey.of(1), SessionKey.of(2));
        router().process(session, request.toByteArray());
        assertEquals("message wrong source", session.last().getError().getMessage());
        assertEquals(request.getUid(), session.last().getUid());
        Envelope response = TestEnvelopes.response(request(SessionKey.of(2), SessionKey.of(1)))
                .timestamp(NOW)
                .expiration(60)
                .build(); // from 1, as the request: not the connection's session 1:interop-1
        router().process(session, response.toByteArray());
        assertEquals(1, session.count(), "no error reply for a response");
        assertEquals(1, counters.errorEnvelopes(ErrorReason.WRONG_SOURCE));
        assertEquals(1, counters.drops(ErrorReason.WRONG_SOURCE));
    }

    @Test
    void storedAndDeliveredEnvelopesAreCountedWithTheirBytes() throws Exception {
        RecordingConnection alice = connect(SessionKey.of(1));
        byte[] toBob = request(SessionKey.of(1), SessionKey.of(2)).toByteArray();
        router().process(alice, toBob);
        assertEquals(1, counters.queued());
        assertEquals(toBob.length, counters.queuedBytes());
        assertEquals(0, counters.delivered(), "bob is not connected");

        connect(SessionKey.of(2));

        assertEquals(1, counters.delivered());
        assertEquals(toBob.length, counters.deliveredBytes());
    }

    @Test
    void failFastToAnOfflineTwinIsRefusedAndToAConnectedOneDelivered() throws Exception {
        RecordingConnection alice = connect(SessionKey.of(1));
        Envelope failFast = request(SessionKey.of(1), SessionKey.of(2)).toBuilder()
                .setTags("x, fail-fast")
                .build();
        router().process(alice, failFast.toByteArray());
        assertEquals("destination offline", alice.last().getError().getMessage());
        assertEquals(0, queues.size(SessionKey.of(2)));
        RecordingConnection bob = connect(SessionKey.of(2));
        router().process(alice, failFast.toByteArray());
        assertEquals(1, bob.count());
    }

    private static Envelope tagged(String tags) {
        return TestEnvelopes.request(SessionKey.of(1), SessionKey.of(2), "test.echo")
                .tags(tags)
                .build();
    }

    @Test
    void failFastTokens() {
        assertTrue(EnvelopeTags.isFailFast(tagged("fail-fast b")));
        assertTrue(EnvelopeTags.isFailFast(tagged("a,fail-fast")));
        assertFalse(EnvelopeTags.isFailFast(tagged("Fail-Fast")));
        assertFalse(EnvelopeTags.isFailFast(tagged("fail-fast-x")));
        assertFalse(EnvelopeTags.isFailFast(request(SessionKey.of(1), SessionKey.of(2))), "no tags");
    }

    @Test
    void foreignTwinsGoToFederation() throws Exception {
        RecordingConnection alice = connect(SessionKey.of(1));
        Envelope toFar = request(SessionKey.of(1), SessionKey.of(3));
        router().process(alice, toFar.toByteArray());
        assertEquals(List.of(toFar), forwarded);
        assertEquals(0, alice.count());
    }

    /** Twins 1-4 from memory; twin 5 (offline, served here) from a "remote" lookup the test completes. */
    private final class SlowRegistry implements TwinRegistry {
        final CompletableFuture<Optional<Twin>> remote = new CompletableFuture<>();

        @Override
        public Optional<Twin> find(int twinId) {
            throw new AssertionError("the router must not block on a lookup");
        }

        @Override
        public CompletableFuture<Optional<Twin>> lookup(int twinId) {
            return twinId == 5 ? remote : twins.lookup(twinId);
        }
    }

    @Test
    void aRemoteLookupHoldsBackOnlyItsSendersLaterEnvelopes() throws Exception {
        SlowRegistry registry = new SlowRegistry();
        EnvelopeRouter router = new EnvelopeRouter(
                sessions, queues, delivery, registry, Set.of("relay.one"), limiter, ForeignEnvelopes.REFUSE, clock);
        RecordingConnection alice = connect(SessionKey.of(1));
        RecordingConnection bob = connect(SessionKey.of(2));
        RecordingConnection other = connect(SessionKey.parse("1:other"));
        Envelope toFive = request(SessionKey.of(1), SessionKey.of(5));
        Envelope thenToBob = request(SessionKey.of(1), SessionKey.of(2));
        Envelope otherToBob = request(SessionKey.parse("1:other"), SessionKey.of(2));

        router.process(alice, toFive.toByteArray());
        router.process(alice, thenToBob.toByteArray());
        router.process(other, otherToBob.toByteArray());
        assertEquals(List.of(otherToBob), bob.received(), "another sender is not held up");

        registry.remote.complete(Optional.of(new Twin(5, new byte[32], Set.of("relay.one"), null)));
        assertEquals(List.of(otherToBob, thenToBob), bob.received());
        assertEquals(1, queues.size(SessionKey.of(5)), "the first envelope was queued before the second went on");
        assertEquals(0, alice.count());
    }

    @Test
    void aRegistryThatCannotAnswerIsReportedAsUnavailable() throws Exception {
        SlowRegistry registry = new SlowRegistry();
        EnvelopeRouter router = new EnvelopeRouter(
                sessions, queues, delivery, registry, Set.of("relay.one"), limiter, ForeignEnvelopes.REFUSE, clock);
        RecordingConnection alice = connect(SessionKey.of(1));
        router.process(alice, request(SessionKey.of(1), SessionKey.of(5)).toByteArray());
        registry.remote.completeExceptionally(new RegistryException("no chain node reachable"));
        assertEquals(
                "twin registry unavailable: no chain node reachable",
                alice.last().getError().getMessage());
    }

    @Test
    void refusedFederationIsReportedToTheSender() throws Exception {
        RecordingConnection alice = connect(SessionKey.of(1));
        EnvelopeRouter router = new EnvelopeRouter(
                sessions, queues, delivery, twins, Set.of("relay.one"), limiter, ForeignEnvelopes.REFUSE, clock);
        router.process(alice, request(SessionKey.of(1), SessionKey.of(3)).toByteArray());
        assertTrue(alice.last().getError().getMessage().contains("does not federate"));
    }

    @Test
    void rateLimitDropsWithAnErrorAndKeepsTheSession() throws Exception {
        limiter = new RateLimiter(2, 1_000_000, Duration.ofSeconds(60), clock, 100);
        RecordingConnection alice = connect(SessionKey.of(1));
        RecordingConnection bob = connect(SessionKey.of(2));
        EnvelopeRouter router = router();
        for (int i = 0; i < 3; i++) {
            router.process(alice, request(SessionKey.of(1), SessionKey.of(2)).toByteArray());
        }
        assertEquals(2, bob.count());
        assertEquals(
                "exceeded rate limits, dropping message",
                alice.last().getError().getMessage());
        assertEquals(0, alice.closeCode);
        assertEquals(1, counters.errorEnvelopes(ErrorReason.RATE_LIMITED));
        assertEquals(3, counters.queued(), "two requests and the error envelope");
    }

    @Test
    void garbageIsRefusedWithoutSideEffects() {
        RecordingConnection alice = connect(SessionKey.of(1));
        assertThrows(
                InvalidProtocolBufferException.class, () -> router().process(alice, new byte[] {(byte) 0xff, 0x01}));
        assertEquals(0, alice.count());
    }

    @Test
    void newerConnectionReplacesOnlyTheOlderOneAndCapacityHolds() {
        SessionRegistry small = new SessionRegistry(2);
        RecordingConnection first = new RecordingConnection(SessionKey.of(3));
        RecordingConnection second = new RecordingConnection(SessionKey.of(3));
        assertTrue(small.register(first).isEmpty());
        assertEquals(first, small.register(second).orElseThrow());
        assertFalse(small.unregister(first), "the replaced connection does not remove its successor");
        assertEquals(second, small.find(SessionKey.of(3)).orElseThrow());
        small.register(new RecordingConnection(SessionKey.of(4)));
        assertFalse(small.hasRoom());
        assertThrows(
                SessionRegistry.FullException.class, () -> small.register(new RecordingConnection(SessionKey.of(5))));
        small.register(new RecordingConnection(SessionKey.of(4))); // replacing needs no room
        assertTrue(small.unregister(second));
        assertTrue(small.hasRoom());
    }
}
