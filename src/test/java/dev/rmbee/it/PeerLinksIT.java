package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.rmbee.auth.RelayTokens;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.peer.link.LinkStatus;
import dev.rmbee.peer.link.RelayLinkSettings;
import dev.rmbee.peer.link.RelayLinks;
import dev.rmbee.peer.link.RelayUnavailableException;
import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Request;
import dev.rmbee.wire.proto.Types.Response;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A peer's relay links against the build's two real relays: relay 1 the Arquillian server (Redis
 * mode), relay 2 the embedded-mode server, which one test stops and starts again. Twins of the
 * federation fixture: ivan, a peer served by both relays; judy, a peer of relay 2 only; ken, a
 * plain twin on relay 1 (a TwinSocket) who answers them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeerLinksIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final SessionKey IVAN = SessionKey.of(9);
    private static final SessionKey JUDY = SessionKey.of(10);
    private static final SessionKey KEN = SessionKey.of(11);
    private static final String RELAY2 = "ws://127.0.0.1:" + EmbeddedRelayServer.PORT + "/";
    /** Keep-alive and reconnects in seconds, so that they happen within the test. */
    private static final RelayLinkSettings QUICK = RelayLinkSettings.DEFAULTS
            .withKeepAlive(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(2))
            .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));

    @ArquillianResource
    URL base;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/rmb-ee.war"));
    }

    @AfterEach
    void stopExecutors() {
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    private String relay1() {
        return "ws://127.0.0.1:" + base.getPort() + "/";
    }

    private static Signer signer(SessionKey twin) {
        return switch (twin.twin()) {
            case 9 -> SubstrateKeys.signer("//Alice", KeyType.ED25519);
            case 10 -> SubstrateKeys.signer("//Charlie", KeyType.SR25519);
            case 11 -> SubstrateKeys.signer("//Dave", KeyType.ED25519);
            default -> throw new IllegalArgumentException("not a peer-link twin: " + twin);
        };
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** The peer side under test: relay links as {@code twin}, collecting what comes in. */
    private RelayLinks links(SessionKey twin, BlockingQueue<byte[]> inbound, String... relays) {
        RelayLinks links = new RelayLinks(
                List.of(relays),
                twin.twin(),
                signer(twin),
                inbound::add,
                executor,
                scheduler,
                Clock.systemUTC(),
                QUICK);
        links.start();
        return links;
    }

    private TwinSocket kenOnRelay1() throws Exception {
        String token = RelayTokens.create(signer(KEN), KEN.twin(), null, now(), now() + 300);
        return TwinSocket.connect(URI.create(relay1()), token);
    }

    private static Envelope request(SessionKey from, String text) {
        return EnvelopeSignatures.sign(
                Envelope.newBuilder()
                        .setUid(Uids.next())
                        .setTimestamp(now())
                        .setExpiration(300)
                        .setSource(from.toAddress())
                        .setDestination(KEN.toAddress())
                        .setRequest(Request.newBuilder().setCommand("peer.echo"))
                        .setPlain(ByteString.copyFromUtf8(text)),
                signer(from));
    }

    /** Ken receives {@code request} byte for byte and answers it. */
    private static void kenAnswers(TwinSocket ken, Envelope request) throws Exception {
        Envelope got = receive(ken);
        assertEquals(request, got, "the envelope reached ken as it was sent");
        ken.send(EnvelopeSignatures.sign(
                        Envelope.newBuilder()
                                .setUid(got.getUid())
                                .setTimestamp(now())
                                .setExpiration(300)
                                .setSource(KEN.toAddress())
                                .setDestination(got.getSource())
                                .setResponse(Response.getDefaultInstance())
                                .setPlain(ByteString.copyFromUtf8(
                                        "re: " + got.getPlain().toStringUtf8())),
                        signer(KEN))
                .toByteArray());
    }

    /** The peer's consumer got ken's answer to {@code request} (skipping anything else). */
    private static void answerArrives(BlockingQueue<byte[]> inbound, Envelope request) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            byte[] message = inbound.poll(500, TimeUnit.MILLISECONDS);
            if (message == null) {
                continue;
            }
            Envelope envelope = Envelope.parseFrom(message);
            assertFalse(envelope.getMessageCase() == Envelope.MessageCase.PONG, "a link Pong reached the consumer");
            if (envelope.getUid().equals(request.getUid())) {
                assertEquals(Envelope.MessageCase.RESPONSE, envelope.getMessageCase());
                assertEquals(
                        "re: " + request.getPlain().toStringUtf8(),
                        envelope.getPlain().toStringUtf8());
                return;
            }
        }
        throw new AssertionError("no answer to " + request.getPlain().toStringUtf8() + " within " + WAIT);
    }

    private static Envelope receive(TwinSocket socket) throws Exception {
        byte[] frame = socket.receive(WAIT);
        assertNotNull(frame, "nothing arrived within " + WAIT);
        return Envelope.parseFrom(frame);
    }

    private static void send(RelayLinks links, Envelope envelope) throws Exception {
        links.send(envelope.toByteArray(), Instant.now().plus(WAIT)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + " did not happen within 60 s");
            }
            Thread.sleep(50);
        }
    }

    @Test
    @Order(1)
    void aPeerExchangesEnvelopesThroughItsRelayAndStaysConnected() throws Exception {
        BlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
        try (TwinSocket ken = kenOnRelay1();
                RelayLinks ivan = links(IVAN, inbound, relay1())) {
            await("ivan connected", ivan::anyConnected);
            Envelope request = request(IVAN, "hello from a peer");
            send(ivan, request);
            kenAnswers(ken, request);
            answerArrives(inbound, request);

            // past the liveness window and several envelope Pings: the relay's Pongs kept it
            Thread.sleep(6000);
            LinkStatus status = ivan.status().get(0);
            assertTrue(status.connected());
            assertEquals(1, status.connects(), "never reconnected: " + status.lastError());
            assertNull(status.lastError());
            assertNull(inbound.poll(), "nothing else reached the consumer, no Pong in particular");
        }
    }

    @Test
    @Order(2)
    void withARelayStoppedTrafficTakesTheOtherAndTheLinkComesBackByItself() throws Exception {
        BlockingQueue<byte[]> ivanInbound = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> judyInbound = new LinkedBlockingQueue<>();
        try (TwinSocket ken = kenOnRelay1();
                RelayLinks ivan = links(IVAN, ivanInbound, RELAY2, relay1());
                RelayLinks judy = links(JUDY, judyInbound, RELAY2)) {
            await(
                    "all links connected",
                    () -> ivan.status().stream().allMatch(LinkStatus::connected) && judy.anyConnected());

            EmbeddedRelayServer.stop();
            await("the links to relay 2 down", () -> !ivan.status().get(0).connected() && !judy.anyConnected());

            // ivan still has relay 1
            for (int i = 1; i <= 3; i++) {
                Envelope request = request(IVAN, "while relay 2 is down " + i);
                send(ivan, request);
                kenAnswers(ken, request);
                answerArrives(ivanInbound, request);
            }
            // judy has no relay now: a send waits until its deadline, or until the link is back
            Throwable refused = assertThrows(
                            ExecutionException.class,
                            () -> judy.send(
                                            request(JUDY, "too short").toByteArray(),
                                            Instant.now().plusSeconds(1))
                                    .get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .getCause();
            assertInstanceOf(RelayUnavailableException.class, refused);
            Envelope patient = request(JUDY, "waited for relay 2");
            CompletableFuture<Void> waiting =
                    judy.send(patient.toByteArray(), Instant.now().plusSeconds(180));

            EmbeddedRelayServer.start();
            waiting.get(60, TimeUnit.SECONDS);
            kenAnswers(ken, patient); // relay 2 federated it to relay 1, and ken's answer back
            answerArrives(judyInbound, patient);

            await("ivan's link to relay 2 back", () -> ivan.status().get(0).connected());
            LinkStatus back = ivan.status().get(0);
            assertEquals(2, back.connects());
            assertNotNull(back.lastError());
            Envelope after = request(JUDY, "after the restart");
            send(judy, after);
            kenAnswers(ken, after);
            answerArrives(judyInbound, after);
        } finally {
            EmbeddedRelayServer.start(); // running again for whatever test comes next
        }
    }
}
