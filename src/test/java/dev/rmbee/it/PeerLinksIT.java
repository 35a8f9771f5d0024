package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.peer.link.LinkStatus;
import dev.rmbee.peer.link.RelayLinkSettings;
import dev.rmbee.peer.link.RelayLinks;
import dev.rmbee.peer.link.RelayUnavailableException;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.StoppedServer;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A peer's relay links against the build's two real relays: relay 1 the Arquillian server (Redis
 * mode), relay 2 the embedded-mode server, which one test stops and starts again before it ends.
 * Twins of the federation fixture: ivan, a peer served by both relays; judy, a peer of relay 2 only;
 * ken, a plain twin on relay 1 (a TwinSocket, in a session of each test's own) who answers them.
 */
class PeerLinksIT extends RelayDeployment {

    private static final SessionKey IVAN = SessionKey.of(9);
    private static final SessionKey JUDY = SessionKey.of(10);
    private static final int KEN = 11;
    private static final String RELAY2 = EmbeddedRelayServer.webSocket().toString();
    private static final Duration ENVELOPE_PING = Duration.ofSeconds(2);
    private static final Duration LIVENESS = Duration.ofSeconds(4);
    /** Keep-alive and reconnects in seconds, so that they happen within the test. */
    private static final RelayLinkSettings QUICK = RelayLinkSettings.DEFAULTS
            .withKeepAlive(Duration.ofSeconds(1), LIVENESS, ENVELOPE_PING)
            .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
    /** The links' keep-alive period with {@link #QUICK}: a quarter of the shortest keep-alive time. */
    private static final Duration TICK = Duration.ofMillis(250);

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final TickRecordingScheduler scheduler = new TickRecordingScheduler();

    @AfterEach
    void stopExecutors() {
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    /**
     * The links' scheduler, noting when a periodic task (a link's keep-alive check) last finished:
     * the links' own view of how much time they have seen pass.
     */
    private static final class TickRecordingScheduler extends ScheduledThreadPoolExecutor {
        private final AtomicReference<Instant> lastTickDone = new AtomicReference<>(Instant.MIN);

        TickRecordingScheduler() {
            super(2);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(
                Runnable command, long initialDelay, long delay, TimeUnit unit) {
            return super.scheduleWithFixedDelay(
                    () -> {
                        command.run();
                        lastTickDone.set(Instant.now());
                    },
                    initialDelay,
                    delay,
                    unit);
        }

        /** Waits until a keep-alive check finished after {@code instant}. */
        void awaitTickAfter(Instant instant) {
            Await.until(
                    "a keep-alive check of the links finished after " + instant,
                    () -> lastTickDone.get().isAfter(instant));
        }
    }

    /** The peer side under test: relay links as {@code twin}, collecting what comes in. */
    private RelayLinks links(SessionKey twin, BlockingQueue<byte[]> inbound, String... relays) {
        RelayLinks links = new RelayLinks(
                List.of(relays),
                twin.twin(),
                TestTwins.signer(twin.twin()),
                frame -> CompletableFuture.completedFuture(inbound.add(frame)),
                executor,
                scheduler,
                Clock.systemUTC(),
                QUICK);
        links.start();
        return links;
    }

    private static SessionKey kenSession() {
        return new SessionKey(KEN, "links-ken-" + Uids.next());
    }

    private static Envelope request(SessionKey from, SessionKey ken, String text) {
        return TestEnvelopes.request(from, ken, "peer.echo").payload(text).signed();
    }

    /** Ken receives {@code request} byte for byte and answers it. */
    private static void kenAnswers(TwinSocket ken, Envelope request) throws Exception {
        Envelope got = ken.nextEnvelope("the request \"" + request.getPlain().toStringUtf8() + "\" at ken");
        assertEquals(request, got, "the envelope reached ken as it was sent");
        ken.send(TestEnvelopes.response(got)
                .payload("re: " + got.getPlain().toStringUtf8())
                .signed());
    }

    /** The next envelope the peer's consumer got. */
    private static Envelope nextInbound(BlockingQueue<byte[]> inbound, String expected) throws Exception {
        return Envelope.parseFrom(Await.value(expected, () -> Optional.ofNullable(inbound.poll())));
    }

    /** The peer's consumer got ken's answer to {@code request} (skipping anything else, but no Pong). */
    private static void answerArrives(BlockingQueue<byte[]> inbound, Envelope request) throws Exception {
        String text = request.getPlain().toStringUtf8();
        while (true) {
            Envelope envelope = nextInbound(inbound, "ken's answer to \"" + text + "\"");
            assertNotEquals(Envelope.MessageCase.PONG, envelope.getMessageCase(), "a link Pong reached the consumer");
            if (envelope.getUid().equals(request.getUid())) {
                assertEquals(Envelope.MessageCase.RESPONSE, envelope.getMessageCase());
                assertEquals("re: " + text, envelope.getPlain().toStringUtf8());
                return;
            }
        }
    }

    private static void send(RelayLinks links, Envelope envelope) throws Exception {
        links.send(envelope.toByteArray(), Instant.now().plus(Await.DEFAULT_TIMEOUT))
                .get(Await.DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aPeerExchangesEnvelopesThroughItsRelayAndStaysConnected() throws Exception {
        BlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
        SessionKey ken = kenSession();
        try (TwinSocket kenSocket = TwinSocket.connectAs(relay(), ken);
                RelayLinks ivan = links(IVAN, inbound, relay().toString())) {
            Await.until("ivan connected", ivan::anyConnected);
            Envelope request = request(IVAN, ken, "hello from a peer");
            send(ivan, request);
            kenAnswers(kenSocket, request);
            answerArrives(inbound, request);

            // past the liveness window after an envelope Ping, by the links' own keep-alive checks: had
            // the relay's Pongs not reached the link, a check by then would have dropped the connection
            scheduler.awaitTickAfter(
                    Instant.now().plus(ENVELOPE_PING).plus(LIVENESS).plus(TICK.multipliedBy(2)));
            LinkStatus status = ivan.status().get(0);
            assertTrue(status.connected());
            assertEquals(1, status.connects(), "never reconnected: " + status.lastError());
            assertNull(status.lastError());

            // a later answer is the next thing the consumer gets: nothing else came before it
            Envelope later = request(IVAN, ken, "after the keep-alive window");
            send(ivan, later);
            kenAnswers(kenSocket, later);
            Envelope next = nextInbound(inbound, "ken's answer to the later request");
            assertEquals(later.getUid(), next.getUid(), "nothing else reached the consumer, no Pong in particular");
            assertEquals(Envelope.MessageCase.RESPONSE, next.getMessageCase());
        }
    }

    @Test
    void withARelayStoppedTrafficTakesTheOtherAndTheLinkComesBackByItself() throws Exception {
        BlockingQueue<byte[]> ivanInbound = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> judyInbound = new LinkedBlockingQueue<>();
        SessionKey ken = kenSession();
        try (TwinSocket kenSocket = TwinSocket.connectAs(relay(), ken);
                RelayLinks ivan = links(IVAN, ivanInbound, RELAY2, relay().toString());
                RelayLinks judy = links(JUDY, judyInbound, RELAY2)) {
            Await.until(
                    "all links connected",
                    () -> ivan.status().stream().allMatch(LinkStatus::connected) && judy.anyConnected());

            Envelope patient = request(JUDY, ken, "waited for relay 2");
            try (StoppedServer down = EmbeddedRelayServer.down()) {
                Await.until(
                        "the links to relay 2 down", () -> !ivan.status().get(0).connected() && !judy.anyConnected());

                // ivan still has relay 1
                for (int i = 1; i <= 3; i++) {
                    Envelope request = request(IVAN, ken, "while relay 2 is down " + i);
                    send(ivan, request);
                    kenAnswers(kenSocket, request);
                    answerArrives(ivanInbound, request);
                }
                // judy has no relay now: a send waits until its deadline, or until the link is back
                Throwable refused = assertThrows(
                                ExecutionException.class,
                                () -> judy.send(
                                                request(JUDY, ken, "too short").toByteArray(),
                                                Instant.now().plusSeconds(1))
                                        .get(Await.DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .getCause();
                assertInstanceOf(RelayUnavailableException.class, refused);
                CompletableFuture<Void> waiting =
                        judy.send(patient.toByteArray(), Instant.now().plusSeconds(180));

                down.start();
                waiting.get(60, TimeUnit.SECONDS);
            }
            kenAnswers(kenSocket, patient); // relay 2 federated it to relay 1, and ken's answer back
            answerArrives(judyInbound, patient);

            Await.until(
                    "ivan's link to relay 2 back", () -> ivan.status().get(0).connected());
            LinkStatus back = ivan.status().get(0);
            assertEquals(2, back.connects());
            assertNotNull(back.lastError());
            Envelope after = request(JUDY, ken, "after the restart");
            send(judy, after);
            kenAnswers(kenSocket, after);
            answerArrives(judyInbound, after);
        }
    }
}
