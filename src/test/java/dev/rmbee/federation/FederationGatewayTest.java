package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.metrics.ErrorReason;
import dev.rmbee.metrics.FederationCounters;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.relay.EmbeddedSessionQueues;
import dev.rmbee.relay.QueuedMessage;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's logic without a socket: the embedded queue, a {@link FakeRelayClient} answering at
 * once, and {@link ManualTime}, so that every worker step runs on the test's thread and backoff,
 * TTLs and waits happen exactly when the test moves time. Backoff is 50 ms up to 200 ms unless a
 * test says otherwise. {@link FederationGatewayIT} runs the gateway over real HTTP.
 */
class FederationGatewayTest {

    static final SessionKey SENDER = SessionKey.parse("1:app");
    private static final int FAR_TWIN = 2;
    private static final String RELAY = "relay.example";
    private static final String OTHER_RELAY = "other-relay.example";
    /** No script in the fake client: the connection is refused. */
    private static final String REFUSING = "refusing.example";

    /** Longer than any retry, take or pause of a worker: whatever was to happen has happened after it. */
    private static final Duration A_MINUTE = Duration.ofMinutes(1);

    private final ManualTime time = new ManualTime();
    private final EmbeddedFederationQueue queue = time.queue(EmbeddedFederationQueue.DEFAULT_CAPACITY);
    private final EmbeddedSessionQueues replies = new EmbeddedSessionQueues(time.clock);
    private final LocalTwinRegistry twins = new LocalTwinRegistry();
    private final RelayRanker ranker = new RelayRanker(Duration.ofHours(1), time.clock);
    private final FakeRelayClient relays = new FakeRelayClient(time.clock);
    private FederationGateway gateway;

    @AfterEach
    void stop() {
        time.runDue();
        if (gateway != null) {
            gateway.close();
        }
        queue.close();
        time.scheduler.shutdownNow();
    }

    /** A gateway of this test's queue, ranker, relays and replies on {@code registry}, with the manual scheduler. */
    private FederationGatewayBuilder gateway(TwinRegistry registry) {
        return builder(registry).threads(time.scheduler, time.scheduler);
    }

    private FederationGatewayBuilder builder(TwinRegistry registry) {
        return FederationGateway.builder()
                .queue(queue)
                .registry(registry)
                .ranker(ranker)
                .client(relays)
                .replies(replies)
                .clock(time.clock);
    }

    private FederationGateway start(TwinRegistry registry, Duration initialBackoff, Duration maxBackoff) {
        gateway =
                gateway(registry).workers(2).backoff(initialBackoff, maxBackoff).build();
        gateway.start();
        time.runDue();
        return gateway;
    }

    private FederationGateway start(TwinRegistry registry) {
        return start(registry, Duration.ofMillis(50), Duration.ofMillis(200));
    }

    private FederationGateway start() {
        return start(twins);
    }

    private Twin farTwin(String... domains) {
        Twin twin = new Twin(FAR_TWIN, new byte[32], Set.of(domains), null);
        twins.put(twin);
        return twin;
    }

    /** A request from {@link #SENDER} to twin {@code to}, stamped with the manual clock. */
    private Envelope request(int to, long expiration) {
        return TestEnvelopes.request(SENDER, SessionKey.of(to), "test.echo")
                .payload("payload")
                .timestamp(time.epochSecond())
                .expiration(expiration)
                .build();
    }

    /** Forwards the envelope and runs what that makes due now (the whole handling: the fake relays answer at once). */
    private void forward(Envelope envelope) throws Exception {
        Twin any = twins.find(FAR_TWIN).orElse(new Twin(FAR_TWIN, new byte[32], Set.of(), null));
        time.result(gateway.forward(envelope, envelope.toByteArray(), any), Duration.ZERO);
        time.runDue();
    }

    private List<Envelope> replies() throws Exception {
        List<Envelope> envelopes = new ArrayList<>();
        for (QueuedMessage message : time.result(replies.read(SENDER, null, 100), Duration.ZERO)) {
            envelopes.add(Envelope.parseFrom(message.envelope()));
        }
        return envelopes;
    }

    /** The one error envelope the sender got, checked for its form (wire.md §10.2, addressed). */
    private Envelope errorReply(Envelope request) throws Exception {
        List<Envelope> all = replies();
        assertEquals(1, all.size(), "one error envelope");
        Envelope reply = all.get(0);
        assertEquals(request.getUid(), reply.getUid());
        assertEquals(SENDER.toAddress(), reply.getDestination(), "addressed to the request's source session");
        assertFalse(reply.hasSource());
        assertFalse(reply.hasSignature());
        assertEquals(RelayEnvelopes.ERROR_EXPIRATION, reply.getExpiration());
        assertEquals(Envelope.MessageCase.ERROR, reply.getMessageCase());
        String expired = RelayEnvelopes.EXPIRED_MESSAGE;
        assertEquals(
                reply.getError().getMessage().equals(expired) ? 102 : 0,
                reply.getError().getCode());
        return reply;
    }

    @Test
    void aRelayAnswering202GetsTheEnvelopeOnceByteForByte() throws Exception {
        relays.answer(RELAY, 202);
        farTwin(RELAY);
        start();
        Envelope envelope = request(FAR_TWIN, 60);

        forward(envelope);

        assertEquals(1, relays.requests(), "sent at once");
        assertEquals(RELAY, relays.posts().get(0).domain());
        assertArrayEquals(envelope.toByteArray(), relays.posts().get(0).body());
        assertEquals(0, queue.size(), "acknowledged");
        time.advance(A_MINUTE);
        assertEquals(1, relays.requests(), "sent once");
        assertEquals(Map.of(RELAY, 1L), gateway.successes());
        assertEquals(Map.of(), gateway.errors());
        assertEquals(List.of(), replies());
        FederationCounters.Relay counted = gateway.counters().relays().get(RELAY);
        assertEquals(1, counted.posts());
        assertTrue(counted.postSeconds() >= 0);
    }

    @Test
    void a4xxIsPermanentAtOnceAndNoOtherRelayIsTried() throws Exception {
        relays.answer(RELAY, 404).answer(OTHER_RELAY, 404);
        farTwin(RELAY, OTHER_RELAY);
        start();
        Envelope envelope = request(FAR_TWIN, 60);

        forward(envelope);

        assertEquals(
                "remote relay rejected permanently: destination offline",
                errorReply(envelope).getError().getMessage());
        assertEquals(0, queue.size(), "acknowledged");
        time.advance(A_MINUTE);
        assertEquals(1, relays.requests(), "one relay asked, once");
        assertEquals(0.0, ranker.rate(RELAY) + ranker.rate(OTHER_RELAY), "a 4xx is no downvote");
        // equal ranks come in random order: either relay may be the one asked
        assertEquals(List.of(1L), List.copyOf(gateway.errors().values()), "one refusal of one relay");
        assertEquals(1, gateway.counters().givenUp(ErrorReason.FEDERATION_REJECTED));
        assertEquals(1, gateway.counters().errorEnvelopes(ErrorReason.FEDERATION_REJECTED));
    }

    @Test
    void aRefusingRelayIsPassedOverAndRankedLast() throws Exception {
        relays.answer(RELAY, 202);
        deliveredByTheHealthyRelay(RELAY, REFUSING);
    }

    @Test
    void aFailingRelayIsPassedOverAndRankedLast() throws Exception {
        relays.answer(RELAY, 202).answer(OTHER_RELAY, 500);
        deliveredByTheHealthyRelay(RELAY, OTHER_RELAY);
    }

    /**
     * Sends envelopes until one was tried on the bad relay first (the first order is random),
     * checks it was delivered by the healthy one anyway, and that from then on the healthy relay
     * comes first.
     */
    private void deliveredByTheHealthyRelay(String healthy, String bad) throws Exception {
        Twin twin = farTwin(healthy, bad);
        start();
        int sent = 0;
        while (ranker.rate(bad) == 0 && sent < 40) {
            forward(request(FAR_TWIN, 60));
            sent++;
            assertEquals(sent, relays.requests(healthy), "delivery " + sent);
            assertEquals(0, queue.size(), "delivery " + sent + " acknowledged");
        }
        assertTrue(ranker.rate(bad) > 0, "the bad relay was tried (and downvoted) once");
        assertEquals(List.of(), replies(), "no error for the sender");
        assertEquals(sent, gateway.successes().get(healthy));
        assertEquals(1L, gateway.errors().get(bad));
        assertEquals(
                List.of(healthy, bad),
                ranker.order(twin.relays()),
                "rates " + ranker.rate(healthy) + " / " + ranker.rate(bad) + ", errors " + gateway.errors());

        int badBefore = relays.requests(bad);
        for (int i = 0; i < 5; i++) {
            forward(request(FAR_TWIN, 60));
        }
        assertEquals(sent + 5, relays.requests(healthy), "five more deliveries");
        assertEquals(0, queue.size());
        assertEquals(badBefore, relays.requests(bad), "the healthy relay is tried first now");
        assertEquals(1L, gateway.errors().get(bad));
    }

    @Test
    void whenNoRelayTakesItTheEnvelopeIsRetriedUntilItsTtlThenExpires() throws Exception {
        relays.answer(RELAY, 503);
        farTwin(RELAY, REFUSING);
        start();
        Envelope envelope = request(FAR_TWIN, 2);

        forward(envelope);
        time.advance(Duration.ofSeconds(2).minusMillis(1));

        assertEquals(List.of(), replies(), "no error 1 ms before the TTL runs out");
        assertTrue(relays.requests(RELAY) >= 3, "retried: " + relays.requests(RELAY) + " requests");
        assertEquals(relays.requests(RELAY), relays.requests(REFUSING), "both relays tried each time");
        assertEquals(1, queue.size(), "still queued");
        assertEquals(1L, time.result(gateway.backlog(), Duration.ZERO), "the backlog operators see");
        assertEquals(
                List.of(REFUSING, RELAY),
                gateway.relayRanks().stream().map(RelayRank::relay).toList(),
                "both ranked, equally bad: by name");
        assertTrue(gateway.relayRanks().stream().allMatch(rank -> rank.failures() >= 3 && rank.rank() == 1));

        time.advance(Duration.ofMillis(1));

        assertEquals(expiredError(), errorReply(envelope).getError());
        assertEquals(0, queue.size(), "acknowledged once expired");
        assertEquals(1, gateway.counters().givenUp(ErrorReason.FEDERATION_EXPIRED));
        assertEquals(1, gateway.counters().errorEnvelopes(ErrorReason.FEDERATION_EXPIRED));
        int requests = relays.requests();
        time.advance(A_MINUTE);
        assertEquals(requests, relays.requests(), "no retries after expiry");
    }

    @Test
    void aRelayThatComesBackGetsTheEnvelopeOnARetry() throws Exception {
        relays.answer(RELAY, 500, 502, 202);
        farTwin(RELAY);
        start();

        forward(request(FAR_TWIN, 30));
        assertEquals(1, relays.requests(), "a first attempt");
        assertEquals(1, queue.size(), "kept for a retry");
        time.advance(A_MINUTE);

        assertEquals(3, relays.requests(), "two retries, then no more");
        assertEquals(0, queue.size());
        assertEquals(List.of(), replies());
        assertEquals(Map.of(RELAY, 1L), gateway.successes());
        assertEquals(Map.of(RELAY, 2L), gateway.errors());
    }

    /**
     * Retries are spaced by the jittered exponential backoff: the n-th wait lies in the upper half
     * of min(max, initial·2^(n−1)), read off the manual clock at each POST.
     */
    @Test
    void retriesAreSpacedByTheJitteredBackoffUpToItsMaximum() throws Exception {
        relays.answer(RELAY, 500);
        farTwin(RELAY);
        start(twins, Duration.ofMillis(500), Duration.ofSeconds(4));

        forward(request(FAR_TWIN, 3600));
        time.advance(Duration.ofMinutes(2));

        List<FakeRelayClient.Post> posts = relays.posts();
        assertTrue(posts.size() > 8, posts.size() + " attempts");
        for (int n = 1; n < posts.size(); n++) {
            long waited =
                    Duration.between(posts.get(n - 1).at(), posts.get(n).at()).toMillis();
            long base = Math.min(4000, 500L << Math.min(n - 1, 20));
            assertTrue(
                    waited >= base - base / 2 && waited <= base,
                    "retry " + n + " after " + waited + " ms, not within [" + (base - base / 2) + ", " + base + "]");
        }
    }

    @Test
    void envelopesThatAreNoRequestsNeverGetErrorReplies() throws Exception {
        relays.answer(RELAY, 404);
        farTwin(RELAY);
        start();
        SessionKey far = SessionKey.of(FAR_TWIN);
        Envelope response = TestEnvelopes.response(
                        TestEnvelopes.request(far, SENDER, "test.echo").build())
                .timestamp(time.epochSecond())
                .build();
        Envelope error = TestEnvelopes.error(SENDER, far, 1, "x")
                .timestamp(time.epochSecond())
                .build();
        Envelope expiredResponse =
                response.toBuilder().setUid("expired").setExpiration(0).build();
        Envelope toUnknownTwin = response.toBuilder()
                .setUid("unknown")
                .setDestination(SessionKey.of(99).toAddress())
                .build();

        for (Envelope envelope : List.of(response, error, expiredResponse, toUnknownTwin)) {
            forward(envelope);
        }

        assertEquals(2, relays.requests(), "response and error sent");
        assertEquals(0, queue.size(), "all four given up");
        time.advance(A_MINUTE);
        assertEquals(List.of(), replies());
        assertEquals(2, relays.requests());
        FederationCounters counters = gateway.counters();
        assertEquals(2, counters.givenUp(ErrorReason.FEDERATION_REJECTED));
        assertEquals(1, counters.givenUp(ErrorReason.FEDERATION_EXPIRED));
        assertEquals(1, counters.givenUp(ErrorReason.FEDERATION_TWIN_NOT_FOUND));
        for (ErrorReason reason : ErrorReason.values()) {
            assertEquals(0, counters.errorEnvelopes(reason), "no error envelope: " + reason);
        }
    }

    @Test
    void anUnknownTwinIsPermanent() throws Exception {
        start();
        Envelope envelope = request(99, 60);

        forward(envelope);

        assertEquals(
                "remote relay rejected permanently: self twin not found!",
                errorReply(envelope).getError().getMessage());
        assertEquals(0, queue.size());
        assertEquals(1, gateway.counters().errorEnvelopes(ErrorReason.FEDERATION_TWIN_NOT_FOUND));
    }

    @Test
    void anErrorReplyThatDoesNotFitInTheSendersFullQueueIsGivenUpNotRetried() throws Exception {
        start();
        byte[] filler = RelayEnvelopes.error("filler", SENDER, "earlier", 0).toByteArray();
        for (int i = 0; i < SessionQueues.DEFAULT_MAX_LENGTH; i++) {
            time.result(replies.append(SENDER, filler), Duration.ZERO);
        }

        forward(request(99, 60));

        assertEquals(0, queue.size(), "acknowledged: retrying could not make room");
        assertEquals(SessionQueues.DEFAULT_MAX_LENGTH, replies.size(SENDER));
    }

    @Test
    void aTwinWithoutRelaysIsPermanent() throws Exception {
        farTwin();
        start();
        Envelope envelope = request(FAR_TWIN, 60);

        forward(envelope);

        assertEquals(
                "remote relay rejected permanently: relay is not set for this twin",
                errorReply(envelope).getError().getMessage());
        assertEquals(0, queue.size());
        assertEquals(1, gateway.counters().errorEnvelopes(ErrorReason.FEDERATION_NO_RELAY));
    }

    @Test
    void anEnvelopeExpiredOnArrivalIsNotSent() throws Exception {
        relays.answer(RELAY, 202);
        farTwin(RELAY);
        start();
        Envelope envelope = request(FAR_TWIN, 10).toBuilder()
                .setTimestamp(time.epochSecond() - 100)
                .build();

        forward(envelope);

        assertEquals(expiredError(), errorReply(envelope).getError());
        assertEquals(0, queue.size());
        assertEquals(0, relays.requests());
    }

    @Test
    void aRegistryFailureIsTransient() throws Exception {
        relays.answer(RELAY, 202);
        Twin twin = farTwin(RELAY);
        AtomicInteger lookups = new AtomicInteger();
        start(id -> {
            if (lookups.incrementAndGet() <= 2) {
                throw new RegistryException("chain unreachable");
            }
            return id == twin.id() ? Optional.of(twin) : Optional.empty();
        });

        forward(request(FAR_TWIN, 30));
        assertEquals(0, relays.requests(), "not sent while the lookup fails");
        assertEquals(1, queue.size(), "kept for a retry");
        time.advance(A_MINUTE);

        assertEquals(1, relays.requests(), "delivered after two failed lookups");
        assertEquals(0, queue.size());
        assertEquals(3, lookups.get());
        assertEquals(List.of(), replies());
    }

    @Test
    void anUnparsableEntryIsDropped() throws Exception {
        start();

        time.result(queue.add(new byte[] {(byte) 0xff, 0x01}), Duration.ZERO);
        time.runDue();

        assertEquals(0, queue.size());
        assertEquals(List.of(), replies());
    }

    /**
     * Not started: started workers would spin on a closed queue, whose takes answer at once (the
     * container closes the gateway before the queue).
     */
    @Test
    void forwardFailsWithTheQueuesTextForTheSender() {
        gateway = gateway(twins).workers(2).build();
        queue.close();

        ExecutionException failure = assertThrows(ExecutionException.class, () -> forward(request(FAR_TWIN, 60)));

        assertInstanceOf(FederationQueueException.class, failure.getCause());
        assertEquals(
                "federation queue error: the queue is closed",
                failure.getCause().getMessage());
    }

    /**
     * A gateway needs a worker and a backoff whose initial delay is not above its maximum. The
     * delays themselves are {@link dev.rmbee.retry.Backoff}'s (BackoffTest checks the upper half
     * of min(max, initial·2^(n−1)) with this gateway's 500 ms and 30 s).
     */
    @Test
    void refusesNoWorkersAndABackoffStartingAboveItsMaximum() {
        assertThrows(
                IllegalArgumentException.class, () -> gateway(twins).workers(0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> gateway(twins)
                        .workers(1)
                        .backoff(Duration.ofSeconds(31), Duration.ofSeconds(30))
                        .build());
    }

    /** The health check's view: running from start until close, and not once a worker's executor refused it. */
    @Test
    void runningFromStartUntilCloseOrUntilTheExecutorRefusesAWorker() {
        gateway = gateway(twins).workers(2).build();
        assertFalse(gateway.running(), "not started");
        gateway.start();
        time.runDue();
        assertTrue(gateway.running());
        gateway.close();
        assertFalse(gateway.running(), "closed");

        FederationGateway refused = builder(twins)
                .threads(
                        task -> {
                            throw new RejectedExecutionException("executor shut down");
                        },
                        time.scheduler)
                .workers(2)
                .build();
        refused.start();
        assertFalse(refused.running(), "its workers could not run");
        refused.close();
    }

    /**
     * Closing does not wait for workers that hold nothing: on manual time nothing could end such a
     * wait, so it would run into the close timeout and log a warning. And once closed, the workers
     * take nothing more.
     */
    @Test
    void closeDoesNotWaitForIdleWorkersAndStopsThem() throws Exception {
        relays.answer(RELAY, 202);
        farTwin(RELAY);
        start();
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger log = Logger.getLogger(FederationGateway.class.getName());
        log.addHandler(handler);
        try {
            gateway.close();
        } finally {
            log.removeHandler(handler);
        }

        assertEquals(List.of(), warnings.stream().map(LogRecord::getMessage).toList(), "closed without waiting");
        time.result(queue.add(request(FAR_TWIN, 600).toByteArray()), Duration.ZERO);
        time.advance(A_MINUTE);
        assertEquals(0, relays.requests(), "nothing taken after close");
        assertEquals(1, queue.size());
    }

    /** What a requester gets for an envelope that expired before it reached the other relay: code 102, as a peer would answer. */
    private static dev.rmbee.wire.proto.Types.Error expiredError() {
        return dev.rmbee.wire.proto.Types.Error.newBuilder()
                .setCode(102)
                .setMessage("message has expired before it could be delivered")
                .build();
    }
}
