package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.relay.EmbeddedSessionQueues;
import dev.rmbee.relay.QueuedMessage;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Error;
import dev.rmbee.wire.proto.Types.Request;
import dev.rmbee.wire.proto.Types.Response;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway over the in-memory queue, real HTTP relays on 127.0.0.1 and the embedded session
 * queues (where error envelopes for senders go). Backoff is fast (50 ms up to 200 ms).
 */
class FederationGatewayTest {

    static final SessionKey SENDER = SessionKey.parse("1:app");
    private static final int FAR_TWIN = 2;

    private final Clock clock = Clock.systemUTC();
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(4, runnable -> {
        Thread thread = new Thread(runnable, "federation-gateway-test");
        thread.setDaemon(true);
        return thread;
    });
    private final EmbeddedFederationQueue queue = new EmbeddedFederationQueue(executor, executor);
    private final EmbeddedSessionQueues replies = new EmbeddedSessionQueues(clock);
    private final LocalTwinRegistry twins = new LocalTwinRegistry();
    private final RelayRanker ranker = new RelayRanker(Duration.ofHours(1), clock);
    /** Grows as needed, as the container's managed executor does: each POST holds a thread while it waits. */
    private final ExecutorService posts = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "federation-gateway-test-post");
        thread.setDaemon(true);
        return thread;
    });

    private final HttpRemoteRelayClient client = new HttpRemoteRelayClient("http", posts);
    private final List<ScriptedRelay> relays = new ArrayList<>();
    private FederationGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        queue.close();
        relays.forEach(ScriptedRelay::close);
        executor.shutdownNow();
    }

    private FederationGateway start(TwinRegistry registry) {
        gateway = new FederationGateway(
                queue,
                registry,
                ranker,
                client,
                replies,
                clock,
                executor,
                executor,
                2,
                Duration.ofMillis(50),
                Duration.ofMillis(200));
        gateway.start();
        return gateway;
    }

    private FederationGateway start() {
        return start(twins);
    }

    private ScriptedRelay relay(int... statuses) throws IOException {
        ScriptedRelay relay = ScriptedRelay.answering(statuses);
        relays.add(relay);
        return relay;
    }

    private Twin farTwin(String... domains) {
        Twin twin = new Twin(FAR_TWIN, new byte[32], Set.of(domains), null);
        twins.put(twin);
        return twin;
    }

    static Envelope request(int to, long expiration) {
        return Envelope.newBuilder()
                .setUid(UUID.randomUUID().toString())
                .setTimestamp(System.currentTimeMillis() / 1000)
                .setExpiration(expiration)
                .setSource(SENDER.toAddress())
                .setDestination(SessionKey.of(to).toAddress())
                .setRequest(Request.newBuilder().setCommand("test.echo"))
                .setPlain(ByteString.copyFromUtf8("payload"))
                .setSignature(ByteString.copyFrom(new byte[65]))
                .build();
    }

    private void forward(Envelope envelope) throws Exception {
        Twin any = twins.find(FAR_TWIN).orElse(new Twin(FAR_TWIN, new byte[32], Set.of(), null));
        gateway.forward(envelope, envelope.toByteArray(), any)
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            Thread.sleep(5);
        }
    }

    private List<Envelope> replies() throws Exception {
        List<Envelope> envelopes = new ArrayList<>();
        for (QueuedMessage message :
                replies.read(SENDER, null, 100).toCompletableFuture().get(5, TimeUnit.SECONDS)) {
            envelopes.add(Envelope.parseFrom(message.envelope()));
        }
        return envelopes;
    }

    /** Waits for the one error envelope the sender gets, and checks its form (wire.md §10.2, addressed). */
    private Envelope awaitErrorReply(Envelope request, Duration timeout) throws Exception {
        await(() -> replies.size(SENDER) > 0, timeout, "an error envelope for the sender");
        List<Envelope> all = replies();
        assertEquals(1, all.size(), "one error envelope");
        Envelope reply = all.get(0);
        assertEquals(request.getUid(), reply.getUid());
        assertEquals(SENDER.toAddress(), reply.getDestination(), "addressed to the request's source session");
        assertFalse(reply.hasSource());
        assertFalse(reply.hasSignature());
        assertEquals(RelayEnvelopes.ERROR_EXPIRATION, reply.getExpiration());
        assertEquals(Envelope.MessageCase.ERROR, reply.getMessageCase());
        assertEquals(0, reply.getError().getCode());
        return reply;
    }

    private void awaitEmptyQueue() throws InterruptedException {
        await(() -> queue.size() == 0, Duration.ofSeconds(5), "the entry acknowledged");
    }

    @Test
    void aRelayAnswering202GetsTheEnvelopeOnceByteForByte() throws Exception {
        ScriptedRelay relay = relay(202);
        farTwin(relay.domain());
        start();
        Envelope envelope = request(FAR_TWIN, 60);

        forward(envelope);

        await(() -> relay.requests() == 1, Duration.ofSeconds(5), "the POST");
        awaitEmptyQueue();
        assertArrayEquals(envelope.toByteArray(), relay.received().get(0).body());
        assertEquals("/", relay.received().get(0).path());
        Thread.sleep(150);
        assertEquals(1, relay.requests(), "sent once");
        assertEquals(Map.of(relay.domain(), 1L), gateway.successes());
        assertEquals(Map.of(), gateway.errors());
        assertEquals(List.of(), replies());
    }

    @Test
    void a4xxIsPermanentAtOnceAndNoOtherRelayIsTried() throws Exception {
        ScriptedRelay first = relay(404);
        ScriptedRelay second = relay(404);
        farTwin(first.domain(), second.domain());
        start();
        Envelope envelope = request(FAR_TWIN, 60);

        forward(envelope);

        Envelope reply = awaitErrorReply(envelope, Duration.ofSeconds(3));
        assertEquals(
                "remote relay rejected permanently: destination offline",
                reply.getError().getMessage());
        awaitEmptyQueue();
        Thread.sleep(100);
        assertEquals(1, first.requests() + second.requests(), "one relay asked, once");
        assertEquals(0.0, ranker.rate(first.domain()) + ranker.rate(second.domain()), "a 4xx is no downvote");
    }

    @Test
    void aRefusingRelayIsPassedOverAndRankedLast() throws Exception {
        ScriptedRelay healthy = relay(202);
        String refusing = ScriptedRelay.refusingDomain();
        deliveredByTheHealthyRelay(healthy, refusing, () -> 0);
    }

    @Test
    void aFailingRelayIsPassedOverAndRankedLast() throws Exception {
        ScriptedRelay healthy = relay(202);
        ScriptedRelay failing = relay(500);
        deliveredByTheHealthyRelay(healthy, failing.domain(), failing::requests);
    }

    /**
     * Sends envelopes until one was tried on the bad relay first (the first order is random),
     * checks it was delivered by the healthy one anyway, and that from then on the healthy relay
     * comes first.
     */
    private void deliveredByTheHealthyRelay(
            ScriptedRelay healthy, String bad, java.util.function.IntSupplier badRequests) throws Exception {
        Twin twin = farTwin(healthy.domain(), bad);
        start();
        int sent = 0;
        while (ranker.rate(bad) == 0 && sent < 40) {
            forward(request(FAR_TWIN, 60));
            sent++;
            int expected = sent;
            await(() -> healthy.requests() == expected, Duration.ofSeconds(5), "delivery " + expected);
            awaitEmptyQueue();
        }
        assertTrue(ranker.rate(bad) > 0, "the bad relay was tried (and downvoted) once");
        assertEquals(List.of(), replies(), "no error for the sender");
        assertEquals(sent, gateway.successes().get(healthy.domain()));
        assertEquals(1L, gateway.errors().get(bad));
        assertEquals(
                List.of(healthy.domain(), bad),
                ranker.order(twin.relays()),
                "rates " + ranker.rate(healthy.domain()) + " / " + ranker.rate(bad) + ", errors " + gateway.errors());

        int badBefore = badRequests.getAsInt();
        for (int i = 0; i < 5; i++) {
            forward(request(FAR_TWIN, 60));
        }
        int expected = sent + 5;
        await(() -> healthy.requests() == expected, Duration.ofSeconds(5), "five more deliveries");
        awaitEmptyQueue();
        assertEquals(badBefore, badRequests.getAsInt(), "the healthy relay is tried first now");
        assertEquals(1L, gateway.errors().get(bad));
    }

    @Test
    void whenNoRelayTakesItTheEnvelopeIsRetriedUntilItsTtlThenExpires() throws Exception {
        ScriptedRelay failing = relay(503);
        farTwin(failing.domain(), ScriptedRelay.refusingDomain());
        start();
        Envelope envelope = request(FAR_TWIN, 2);
        long start = System.nanoTime();

        forward(envelope);

        Envelope reply = awaitErrorReply(envelope, Duration.ofSeconds(5));
        assertEquals("message has expired", reply.getError().getMessage());
        assertTrue(System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(900), "not before the TTL ran out");
        assertTrue(failing.requests() >= 3, "retried: " + failing.requests() + " requests");
        awaitEmptyQueue();
        int requests = failing.requests();
        Thread.sleep(150);
        assertEquals(requests, failing.requests(), "no retries after expiry");
    }

    @Test
    void aRelayThatComesBackGetsTheEnvelopeOnARetry() throws Exception {
        ScriptedRelay relay = relay(500, 502, 202);
        farTwin(relay.domain());
        start();

        forward(request(FAR_TWIN, 30));

        await(() -> relay.requests() == 3, Duration.ofSeconds(5), "two retries");
        awaitEmptyQueue();
        assertEquals(List.of(), replies());
        assertEquals(Map.of(relay.domain(), 1L), gateway.successes());
        assertEquals(Map.of(relay.domain(), 2L), gateway.errors());
    }

    @Test
    void envelopesThatAreNoRequestsNeverGetErrorReplies() throws Exception {
        ScriptedRelay rejecting = relay(404);
        farTwin(rejecting.domain());
        start();
        Envelope response = request(FAR_TWIN, 60).toBuilder()
                .setResponse(Response.getDefaultInstance())
                .build();
        Envelope error = request(FAR_TWIN, 60).toBuilder()
                .setError(Error.newBuilder().setCode(1).setMessage("x"))
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

        await(() -> rejecting.requests() == 2, Duration.ofSeconds(3), "response and error sent");
        awaitEmptyQueue();
        Thread.sleep(100);
        assertEquals(List.of(), replies());
    }

    @Test
    void anUnknownTwinIsPermanent() throws Exception {
        start();
        Envelope envelope = request(99, 60);

        forward(envelope);

        assertEquals(
                "remote relay rejected permanently: self twin not found!",
                awaitErrorReply(envelope, Duration.ofSeconds(3)).getError().getMessage());
        awaitEmptyQueue();
    }

    @Test
    void aTwinWithoutRelaysIsPermanent() throws Exception {
        farTwin();
        start();
        Envelope envelope = request(FAR_TWIN, 60);

        forward(envelope);

        assertEquals(
                "remote relay rejected permanently: relay is not set for this twin",
                awaitErrorReply(envelope, Duration.ofSeconds(3)).getError().getMessage());
    }

    @Test
    void anEnvelopeExpiredOnArrivalIsNotSent() throws Exception {
        ScriptedRelay relay = relay(202);
        farTwin(relay.domain());
        start();
        Envelope envelope = request(FAR_TWIN, 10).toBuilder()
                .setTimestamp(System.currentTimeMillis() / 1000 - 100)
                .build();

        forward(envelope);

        assertEquals(
                "message has expired",
                awaitErrorReply(envelope, Duration.ofSeconds(3)).getError().getMessage());
        awaitEmptyQueue();
        assertEquals(0, relay.requests());
    }

    @Test
    void aRegistryFailureIsTransient() throws Exception {
        ScriptedRelay relay = relay(202);
        Twin twin = farTwin(relay.domain());
        AtomicInteger lookups = new AtomicInteger();
        start(id -> {
            if (lookups.incrementAndGet() <= 2) {
                throw new RegistryException("chain unreachable");
            }
            return id == twin.id() ? java.util.Optional.of(twin) : java.util.Optional.empty();
        });

        forward(request(FAR_TWIN, 30));

        await(() -> relay.requests() == 1, Duration.ofSeconds(5), "delivery after two failed lookups");
        awaitEmptyQueue();
        assertEquals(3, lookups.get());
        assertEquals(List.of(), replies());
    }

    @Test
    void anUnparsableEntryIsDropped() throws Exception {
        start();

        queue.add(new byte[] {(byte) 0xff, 0x01}).toCompletableFuture().get(1, TimeUnit.SECONDS);

        awaitEmptyQueue();
        assertEquals(List.of(), replies());
    }

    @Test
    void forwardFailsWithTheQueuesTextForTheSender() {
        start();
        queue.close();

        ExecutionException failure = assertThrows(ExecutionException.class, () -> forward(request(FAR_TWIN, 60)));

        assertInstanceOf(FederationQueueException.class, failure.getCause());
        assertEquals(
                "federation queue error: the queue is closed",
                failure.getCause().getMessage());
    }

    @Test
    void backoffDoublesWithJitterUpToItsMaximum() {
        FederationGateway backoff = new FederationGateway(
                queue,
                twins,
                ranker,
                client,
                replies,
                clock,
                executor,
                executor,
                1,
                Duration.ofMillis(500),
                Duration.ofSeconds(30));
        for (int i = 0; i < 100; i++) {
            long first = backoff.backoff(1).toMillis();
            long third = backoff.backoff(3).toMillis();
            long late = backoff.backoff(1000).toMillis();
            assertTrue(first >= 250 && first <= 500, "first " + first);
            assertTrue(third >= 1000 && third <= 2000, "third " + third);
            assertTrue(late >= 15_000 && late <= 30_000, "capped " + late);
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> new FederationGateway(queue, twins, ranker, client, replies, clock, executor, executor, 0));
    }

    @Test
    void closeStopsTheWorkersPromptly() {
        start();
        long start = System.nanoTime();

        gateway.close();

        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(900), "no wait for idle workers");
    }
}
