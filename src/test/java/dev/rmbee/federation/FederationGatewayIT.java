package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import dev.rmbee.relay.EmbeddedSessionQueues;
import dev.rmbee.relay.QueuedMessage;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway over real HTTP relays on 127.0.0.1 ({@link ScriptedRelay}), the JDK client, the
 * in-memory queue and real threads and time, as in production: what the HTTP exchange adds to the
 * logic {@link FederationGatewayTest} checks on manual time. Backoff is fast (50 ms up to 200 ms).
 */
class FederationGatewayIT {

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

    private final HttpRemoteRelayClient client =
            new HttpRemoteRelayClient("http", posts, Await.DEFAULT_TIMEOUT, Await.DEFAULT_TIMEOUT);
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
        posts.shutdownNow();
    }

    private void start() {
        gateway = FederationGateway.builder()
                .queue(queue)
                .registry(twins)
                .ranker(ranker)
                .client(client)
                .replies(replies)
                .clock(clock)
                .threads(executor, executor)
                .workers(2)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build();
        gateway.start();
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

    private static Envelope request(long expiration) {
        return TestEnvelopes.request(SENDER, SessionKey.of(FAR_TWIN), "test.echo")
                .payload("payload")
                .expiration(expiration)
                .build();
    }

    private void forward(Envelope envelope) throws Exception {
        gateway.forward(envelope, envelope.toByteArray(), twins.find(FAR_TWIN).orElseThrow())
                .toCompletableFuture()
                .get(Await.DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private List<Envelope> replies() throws Exception {
        List<Envelope> envelopes = new ArrayList<>();
        for (QueuedMessage message :
                replies.read(SENDER, null, 100).toCompletableFuture().get(5, TimeUnit.SECONDS)) {
            envelopes.add(Envelope.parseFrom(message.envelope()));
        }
        return envelopes;
    }

    private void awaitEmptyQueue() {
        Await.until("the entries acknowledged", () -> queue.size() == 0);
    }

    /**
     * The envelope goes out as {@code POST /} with its bytes as the body, once: a marker forwarded
     * after it was acknowledged arrives, and the envelope did not come a second time before it.
     */
    @Test
    void aRelayAnswering202GetsTheEnvelopeOnceByteForByte() throws Exception {
        ScriptedRelay relay = relay(202);
        farTwin(relay.domain());
        start();
        Envelope envelope = request(60);

        forward(envelope);

        Await.until("the POST", () -> relay.requests() == 1);
        awaitEmptyQueue();
        ScriptedRelay.Received received = relay.received().get(0);
        assertEquals("POST", received.method());
        assertEquals("/", received.path());
        assertArrayEquals(envelope.toByteArray(), received.body());

        Envelope marker = request(60);
        forward(marker);
        Await.until("the marker", () -> relay.requests() == 2);
        assertArrayEquals(marker.toByteArray(), relay.received().get(1).body(), "the envelope came once");
        awaitEmptyQueue();
        assertEquals(Map.of(relay.domain(), 2L), gateway.successes());
        assertEquals(Map.of(), gateway.errors());
        assertEquals(List.of(), replies());
    }

    @Test
    void a4xxAnswerIsPermanent() throws Exception {
        ScriptedRelay relay = relay(404);
        farTwin(relay.domain());
        start();
        Envelope envelope = request(60);

        forward(envelope);

        Await.until("an error envelope for the sender", () -> replies.size(SENDER) > 0);
        awaitEmptyQueue();
        List<Envelope> all = replies();
        assertEquals(1, all.size(), "one error envelope");
        Envelope reply = all.get(0);
        assertEquals(envelope.getUid(), reply.getUid());
        assertEquals(SENDER.toAddress(), reply.getDestination());
        assertFalse(reply.hasSource());
        assertEquals(RelayEnvelopes.ERROR_EXPIRATION, reply.getExpiration());
        assertEquals(
                "remote relay rejected permanently: destination offline",
                reply.getError().getMessage());
        assertEquals(1, relay.requests(), "asked once: the entry is acknowledged");
    }

    /** A real refused connection: the envelope goes to the other relay, and the refusing one is downvoted. */
    @Test
    void aRefusingRelayIsPassedOver() throws Exception {
        ScriptedRelay healthy = relay(202);
        String refusing = ScriptedRelay.refusingDomain();
        farTwin(healthy.domain(), refusing);
        start();
        int sent = 0;
        while (ranker.rate(refusing) == 0 && sent < 40) {
            forward(request(60));
            sent++;
            int expected = sent;
            Await.until("delivery " + expected, () -> healthy.requests() == expected);
            awaitEmptyQueue();
        }
        assertTrue(ranker.rate(refusing) > 0, "the refusing relay was tried (and downvoted) once");
        assertEquals(List.of(), replies(), "no error for the sender");
        assertEquals(sent, gateway.successes().get(healthy.domain()));
        assertEquals(1L, gateway.errors().get(refusing));
    }

    /** Real 5xx answers, then a 202: the envelope is retried with the backoff until the relay takes it. */
    @Test
    void aRelayThatComesBackGetsTheEnvelopeOnARetry() throws Exception {
        ScriptedRelay relay = relay(500, 502, 202);
        farTwin(relay.domain());
        start();
        Envelope envelope = request(30);

        forward(envelope);

        Await.until("two retries", () -> relay.requests() == 3);
        awaitEmptyQueue();
        for (ScriptedRelay.Received received : relay.received()) {
            assertArrayEquals(envelope.toByteArray(), received.body());
        }
        assertEquals(List.of(), replies());
        assertEquals(Map.of(relay.domain(), 1L), gateway.successes());
        assertEquals(Map.of(relay.domain(), 2L), gateway.errors());
    }
}
