package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.rmbee.auth.RelayTokens;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Request;
import dev.rmbee.wire.proto.Types.Response;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two relays with different domains forward to each other over HTTP: relay 1 is the Arquillian
 * server (Redis mode), relay 2 the embedded-mode server the build starts. Twins of the federation
 * fixture (src/test/resources/federation-twins.json): frank on relay 1, grace on relay 2, heidi on
 * an unresponsive relay and relay 2. Relay 2 is stopped and started again by some tests.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int RELAY2_PORT = EmbeddedRelayServer.PORT;
    private static final SessionKey FRANK = SessionKey.of(6);
    private static final SessionKey GRACE = SessionKey.of(7);
    private static final SessionKey HEIDI = SessionKey.of(8);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/rmb-ee.war"));
    }

    private static Signer signer(SessionKey twin) {
        return switch (twin.twin()) {
            case 6 -> SubstrateKeys.signer("//Ferdie", KeyType.SR25519);
            case 7 -> SubstrateKeys.signer("//Ferdie", KeyType.ED25519);
            case 8 -> SubstrateKeys.signer("//Bob", KeyType.ED25519);
            default -> throw new IllegalArgumentException("not a federation twin: " + twin);
        };
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static TwinSocket connect(int port, SessionKey session) throws Exception {
        String token = RelayTokens.create(signer(session), session.twin(), session.sid(), now(), now() + 300);
        return TwinSocket.connect(URI.create("ws://127.0.0.1:" + port + "/"), token);
    }

    private TwinSocket onRelay1(SessionKey session) throws Exception {
        return connect(base.getPort(), session);
    }

    private static Envelope request(SessionKey from, SessionKey to, String text, long expiration, String tags) {
        Envelope.Builder builder = Envelope.newBuilder()
                .setUid(Uids.next())
                .setTimestamp(now())
                .setExpiration(expiration)
                .setSource(from.toAddress())
                .setDestination(to.toAddress())
                .setRequest(Request.newBuilder().setCommand("fed.echo"))
                .setPlain(ByteString.copyFromUtf8(text));
        if (tags != null) {
            builder.setTags(tags);
        }
        return EnvelopeSignatures.sign(builder, signer(from));
    }

    private static Envelope response(Envelope request, String text) {
        return EnvelopeSignatures.sign(
                Envelope.newBuilder()
                        .setUid(request.getUid())
                        .setTimestamp(now())
                        .setExpiration(300)
                        .setSource(request.getDestination())
                        .setDestination(request.getSource())
                        .setResponse(Response.getDefaultInstance())
                        .setPlain(ByteString.copyFromUtf8(text)),
                signer(SessionKey.of(request.getDestination())));
    }

    private static Envelope receive(TwinSocket socket, Duration wait) throws Exception {
        byte[] frame = socket.receive(wait);
        assertNotNull(frame, "nothing arrived within " + wait);
        return Envelope.parseFrom(frame);
    }

    @Test
    @Order(1)
    void twinsOnTwoRelaysCallEachOther() throws Exception {
        try (TwinSocket frank = onRelay1(FRANK);
                TwinSocket grace = connect(RELAY2_PORT, GRACE)) {
            Envelope request = request(FRANK, GRACE, "hello across relays", 60, null);
            frank.send(request.toByteArray());
            assertEquals(request, receive(grace, WAIT), "relay 1 posted it to relay 2, byte for byte");
            grace.send(response(request, "hello back").toByteArray());
            Envelope response = receive(frank, WAIT);
            assertEquals(Envelope.MessageCase.RESPONSE, response.getMessageCase());
            assertEquals(request.getUid(), response.getUid());
            assertArrayEquals(
                    "hello back".getBytes(StandardCharsets.UTF_8),
                    response.getPlain().toByteArray());
        }
    }

    @Test
    @Order(2)
    void failFastToAnOfflineTwinOfTheOtherRelayFailsAtOnce() throws Exception {
        try (TwinSocket frank = onRelay1(FRANK)) {
            Envelope request = request(FRANK, GRACE, "now or never", 60, "fail-fast");
            frank.send(request.toByteArray());
            Envelope error = receive(frank, Duration.ofSeconds(5));
            assertEquals(request.getUid(), error.getUid());
            assertEquals(
                    "remote relay rejected permanently: destination offline",
                    error.getError().getMessage());
        }
    }

    @Test
    @Order(3)
    void aTwinWithAnUnresponsiveFirstRelayIsReachedThroughTheSecondAndTheHealthyOneIsRankedFirst() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket blackhole = new ServerSocket(Integer.getInteger("it.blackhole.port", 9184));
                TwinSocket frank = onRelay1(FRANK);
                TwinSocket heidi = connect(RELAY2_PORT, HEIDI)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(blackhole.accept()); // accept, never answer: the relay's request times out
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            // equal ranks are shuffled: send until one delivery went through the black hole first
            // (a request timeout of about 3 s, then the second relay took it)
            boolean failedOnce = false;
            for (int i = 0; i < 20 && !failedOnce; i++) {
                failedOnce = deliveryMillis(frank, heidi, "probe " + i) >= 2500;
            }
            assertTrue(failedOnce, "the unresponsive relay was never tried first");
            int connectionsToTheBlackHole = held.size();
            for (int i = 0; i < 5; i++) {
                long millis = deliveryMillis(frank, heidi, "ranked " + i);
                assertTrue(millis < 2500, "the failing relay is ranked last now, yet delivery took " + millis + " ms");
            }
            assertEquals(connectionsToTheBlackHole, held.size(), "the unresponsive relay was not tried again");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private static long deliveryMillis(TwinSocket from, TwinSocket to, String text) throws Exception {
        long start = System.nanoTime();
        Envelope request = request(FRANK, HEIDI, text, 60, null);
        from.send(request.toByteArray());
        assertEquals(request.getUid(), receive(to, WAIT).getUid(), "delivered through the second relay");
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    @Order(4)
    void relay2DownThenUpWithinTheTtlStillDelivers() throws Exception {
        try (TwinSocket frank = onRelay1(FRANK)) {
            relay2("stop");
            Envelope request = request(FRANK, GRACE, "while relay 2 was down", 300, null);
            frank.send(request.toByteArray());
            Thread.sleep(3000); // relay 1 fails and retries meanwhile
            relay2("start");
            awaitRelay2();
            try (TwinSocket grace = connect(RELAY2_PORT, GRACE)) {
                assertEquals(request, receive(grace, Duration.ofSeconds(60)), "retried until relay 2 took it");
            }
        } finally {
            relay2("start");
            awaitRelay2();
        }
    }

    @Test
    @Order(5)
    void ttlRunningOutWhileRelay2IsDownReachesTheSender() throws Exception {
        try (TwinSocket frank = onRelay1(FRANK)) {
            relay2("stop");
            Envelope request = request(FRANK, GRACE, "too late", 5, null);
            frank.send(request.toByteArray());
            Envelope error = receive(frank, Duration.ofSeconds(30));
            assertEquals(request.getUid(), error.getUid());
            assertEquals("message has expired", error.getError().getMessage());
        } finally {
            relay2("start");
            awaitRelay2();
        }
    }

    /** Stops or starts relay 2 (the server the build started). */
    private static void relay2(String action) throws Exception {
        if (action.equals("stop")) {
            EmbeddedRelayServer.stop();
        } else {
            EmbeddedRelayServer.start();
        }
    }

    private static void awaitRelay2() throws Exception {
        EmbeddedRelayServer.awaitUp();
    }
}
