package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.metrics.ErrorReason;
import dev.rmbee.metrics.FederationCounters;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import dev.rmbee.relay.EmbeddedSessionQueues;
import dev.rmbee.relay.QueuedMessage;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's window, the relays' shares and the retry horizon, on {@link ManualTime}: a relay
 * client whose POSTs to {@link #DEAD} stay open until the test completes them by hand (a relay that
 * accepts and never answers), while {@link #HEALTHY} answers 202 at once.
 * {@link FederationFairnessIT} shows the same over real HTTP.
 */
class FederationFairnessTest {

    private static final SessionKey SENDER = SessionKey.parse("1:app");
    private static final int DEAD_TWIN = 2;
    private static final int HEALTHY_TWIN = 3;
    private static final int EITHER_TWIN = 4;
    private static final String DEAD = "dead.example";
    private static final String HEALTHY = "healthy.example";

    private final ManualTime time = new ManualTime();
    private final EmbeddedFederationQueue queue = time.queue(EmbeddedFederationQueue.DEFAULT_CAPACITY);
    private final EmbeddedSessionQueues replies = new EmbeddedSessionQueues(time.clock);
    private final LocalTwinRegistry twins = new LocalTwinRegistry();
    private final RelayRanker ranker = new RelayRanker(Duration.ofHours(1), time.clock);
    private final HeldRelays relays = new HeldRelays();
    private FederationGateway gateway;

    /** POSTs to {@link #DEAD} are held open; every other domain answers 202 at once. */
    static final class HeldRelays implements RemoteRelayClient {
        final List<CompletableFuture<Integer>> held = new ArrayList<>();
        final List<String> delivered = new ArrayList<>();
        int mostOpen;

        @Override
        public synchronized CompletionStage<Integer> post(String domain, byte[] body) {
            if (!domain.equals(DEAD)) {
                delivered.add(domain);
                return CompletableFuture.completedFuture(202);
            }
            CompletableFuture<Integer> answer = new CompletableFuture<>();
            held.add(answer);
            mostOpen = Math.max(mostOpen, open());
            return answer;
        }

        synchronized int open() {
            return (int) held.stream().filter(answer -> !answer.isDone()).count();
        }

        synchronized List<CompletableFuture<Integer>> openAnswers() {
            return held.stream().filter(answer -> !answer.isDone()).toList();
        }

        synchronized int delivered(String domain) {
            return (int) delivered.stream().filter(domain::equals).count();
        }
    }

    @AfterEach
    void stop() {
        // closing waits for open POSTs, which only move on this thread: answer them all first
        for (int i = 0; i < 1000 && relays.open() > 0; i++) {
            relays.openAnswers().forEach(answer -> answer.complete(202));
            time.runDue();
        }
        if (gateway != null) {
            gateway.close();
        }
        queue.close();
        time.scheduler.shutdownNow();
    }

    private void start(int window, int share, Duration horizon) {
        twins.put(new Twin(DEAD_TWIN, new byte[32], Set.of(DEAD), null));
        twins.put(new Twin(HEALTHY_TWIN, new byte[32], Set.of(HEALTHY), null));
        twins.put(new Twin(EITHER_TWIN, new byte[32], Set.of(DEAD, HEALTHY), null));
        gateway = FederationGateway.builder()
                .queue(queue)
                .registry(twins)
                .ranker(ranker)
                .client(relays)
                .replies(replies)
                .clock(time.clock)
                .threads(time.scheduler, time.scheduler)
                .workers(2)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .counters(new FederationCounters())
                .limits(new EgressLimits(window, share, horizon))
                .build();
        gateway.start();
        time.runDue();
    }

    private Envelope request(int to, long expiration) {
        return TestEnvelopes.request(SENDER, SessionKey.of(to), "test.echo")
                .payload("payload")
                .timestamp(time.epochSecond())
                .expiration(expiration)
                .build();
    }

    private void queue(int to, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            time.result(queue.add(request(to, 3600).toByteArray()), Duration.ZERO);
        }
    }

    /**
     * A backlog for a black-holed relay, queued first, does not hold up a healthy relay: every
     * envelope for the healthy one is delivered while none of the black hole's POSTs has ended,
     * and the black hole never has more than its share open.
     */
    @Test
    void aBlackHoledRelaysBacklogDoesNotHoldUpAHealthyRelay() throws Exception {
        start(64, 16, Duration.ofHours(1));
        queue(DEAD_TWIN, 500);
        queue(HEALTHY_TWIN, 100);
        time.runDue();

        assertEquals(100, relays.delivered(HEALTHY), "every envelope for the healthy relay delivered");
        assertEquals(16, relays.open(), "the black hole holds its share");
        assertEquals(16, relays.held.size(), "and none of its POSTs ended");
        assertEquals(16, relays.mostOpen, "never more than its share");
        assertEquals(500, queue.size(), "the black hole's envelopes all still queued");
    }

    /** A relay that fails gets a smaller share (halved per failure, down to 1), and its full share back once it answers. */
    @Test
    void aFailingRelaysShareShrinksUntilItAnswersAgain() throws Exception {
        start(64, 16, Duration.ofHours(1));
        queue(DEAD_TWIN, 100);
        time.runDue();
        assertEquals(16, relays.open());

        relays.openAnswers().forEach(answer -> answer.completeExceptionally(new TimeoutException("timed out")));
        time.advance(Duration.ofMillis(300));
        assertEquals(1, relays.open(), "a failing relay gets one slot");
        assertEquals(1, new RelayLanes(16, 0, ranker, Runnable::run).shareOf(DEAD));

        assertTrue(queue.size() == 100, "nothing lost: " + queue.size());

        relays.openAnswers().get(0).complete(202);
        time.advance(Duration.ofSeconds(1)); // what its shrunk backlog evicted comes back
        assertEquals(16, relays.open(), "answering again, it gets its share back");
    }

    /**
     * A busy healthy relay (its share full, answering) keeps what waits for it in its backlog, up
     * to what all backlogs may hold: nothing waits for a backoff, each answer lets the next POST go.
     */
    @Test
    void aBusyHealthyRelaysEntriesWaitInItsBacklogNotForABackoff() throws Exception {
        start(64, 16, Duration.ofHours(1));
        queue(DEAD_TWIN, 256);
        time.runDue();

        for (int round = 1; round <= 16; round++) {
            assertEquals(16, relays.open(), "round " + round);
            assertEquals(16 * round, relays.held.size());
            relays.openAnswers().forEach(answer -> answer.complete(202));
            time.runDue(); // no time passes
        }
        assertEquals(0, relays.open());
        assertEquals(0, queue.size(), "all 256 delivered without a retry");
    }

    /** A place of the window is taken again as soon as it frees up, while the others are still open. */
    @Test
    void theWindowTakesTheNextEntryAsSoonAsAPlaceFreesUp() throws Exception {
        start(2, 16, Duration.ofHours(1));
        queue(DEAD_TWIN, 3);
        time.runDue();
        assertEquals(2, relays.open(), "the window's two places");

        relays.held.get(0).complete(202);
        time.runDue();

        assertEquals(3, relays.held.size(), "the third POST started");
        assertEquals(2, relays.open(), "while the second is still open");
        assertEquals(2, queue.size());
    }

    /** A twin's relay whose share is full is passed over for its other relay, without waiting. */
    @Test
    void aTwinsRelayWithAFullShareIsPassedOverForItsOtherRelay() throws Exception {
        start(64, 1, Duration.ofHours(1));
        queue(DEAD_TWIN, 1);
        time.runDue();
        assertEquals(1, relays.open(), "the black hole's one slot is taken");

        queue(EITHER_TWIN, 5);
        time.runDue();

        assertEquals(5, relays.delivered(HEALTHY), "all went to the other relay");
        assertEquals(1, relays.held.size(), "none waited for the black hole");
    }

    /** An envelope with a huge expiration is retried until the retry horizon, then given up as expired. */
    @Test
    void anEnvelopeIsRetriedOnlyUntilTheRetryHorizon() throws Exception {
        start(64, 16, Duration.ofSeconds(10));
        time.result(queue.add(request(DEAD_TWIN, 10L * 365 * 24 * 3600).toByteArray()), Duration.ZERO);
        time.runDue();
        relays.openAnswers().forEach(answer -> answer.complete(503));
        for (int i = 0; i < 200 && time.clock.instant().isBefore(ManualTime.START.plusMillis(9_900)); i++) {
            time.advance(Duration.ofMillis(100));
            relays.openAnswers().forEach(answer -> answer.complete(503));
        }
        assertEquals(List.of(), read(), "no error before the horizon");
        assertEquals(1, queue.size());

        time.advance(Duration.ofMillis(200));
        relays.openAnswers().forEach(answer -> answer.complete(503));
        time.advance(Duration.ofMillis(200));

        List<Envelope> errors = read();
        assertEquals(1, errors.size(), "one error envelope to the sender");
        assertEquals(102, errors.get(0).getError().getCode(), "expired");
        assertEquals(0, queue.size(), "given up");
        assertEquals(1, gateway.counters().givenUp(ErrorReason.FEDERATION_EXPIRED));
        assertTrue(relays.held.size() > 3, "retried meanwhile: " + relays.held.size() + " POSTs");
    }

    private List<Envelope> read() throws Exception {
        List<Envelope> envelopes = new ArrayList<>();
        for (QueuedMessage message : time.result(replies.read(SENDER, null, 100), Duration.ZERO)) {
            envelopes.add(Envelope.parseFrom(message.envelope()));
        }
        return envelopes;
    }
}
