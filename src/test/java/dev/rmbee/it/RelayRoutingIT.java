package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Twins of the shared vectors exchange envelopes through the relay on a managed Open Liberty:
 * request/response between key types and sessions, buffering for offline twins, redelivery after a
 * reconnect, the relay's error envelopes, rate limiting and the whole-message size cap.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RelayRoutingIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/rmb-ee.war"));
    }

    private TwinSocket connect(SessionKey session) throws Exception {
        return TwinSocket.connect(
                URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/"), TestTwins.token(session));
    }

    private static Envelope receive(TwinSocket socket) throws Exception {
        byte[] frame = socket.receive(WAIT);
        assertNotNull(frame, "nothing arrived within " + WAIT);
        return Envelope.parseFrom(frame);
    }

    private static void exchange(SessionKey caller, SessionKey callee, TwinSocket callerSocket, TwinSocket calleeSocket)
            throws Exception {
        Envelope request = TestTwins.request(caller, callee, "{\"n\":" + caller.twin() + "}");
        callerSocket.send(request.toByteArray());
        Envelope received = receive(calleeSocket);
        assertEquals(request, received, "the request arrives unchanged");
        EnvelopeSignatures.verify(
                received, Vectors.hex(TestTwins.twin(caller.twin()).getString("account")));

        byte[] answer = ("{\"answer\":\"" + request.getUid() + "\"}").getBytes(StandardCharsets.UTF_8);
        calleeSocket.send(TestTwins.response(received, answer).toByteArray());
        Envelope response = receive(callerSocket);
        assertEquals(Envelope.MessageCase.RESPONSE, response.getMessageCase());
        assertEquals(request.getUid(), response.getUid());
        assertArrayEquals(answer, response.getPlain().toByteArray(), "payload bytes arrive unchanged");
        EnvelopeSignatures.verify(
                response, Vectors.hex(TestTwins.twin(callee.twin()).getString("account")));
    }

    @Test
    void sr25519TwinsWithSessionIdsCallEachOther() throws Exception {
        SessionKey alice = new SessionKey(1, "routing-a");
        SessionKey bob = new SessionKey(2, "routing-b");
        try (TwinSocket a = connect(alice);
                TwinSocket b = connect(bob)) {
            exchange(alice, bob, a, b);
            exchange(bob, alice, b, a);
        }
    }

    @Test
    void sr25519AndEd25519TwinsCallEachOther() throws Exception {
        SessionKey alice = new SessionKey(1, "mixed");
        // a session of its own: a response still unconfirmed when the socket closes is delivered again
        // to the next connection of that session, and other test classes use charlie's sid-less one
        SessionKey charlie = new SessionKey(3, "mixed");
        try (TwinSocket a = connect(alice);
                TwinSocket c = connect(charlie)) {
            exchange(alice, charlie, a, c);
            exchange(charlie, alice, c, a);
        }
    }

    @Test
    void offlineTwinGetsWhatWaitedButNothingExpired() throws Exception {
        SessionKey alice = new SessionKey(1, "offline-sender");
        SessionKey dave = new SessionKey(4, "offline-" + Uids.next());
        Envelope fresh = TestTwins.request(alice, dave, "waits for dave");
        Envelope stale =
                TestTwins.request(alice, dave, Uids.next(), "test.echo", new byte[] {1}, TestTwins.now() - 120, 60);
        try (TwinSocket a = connect(alice)) {
            a.send(stale.toByteArray());
            a.send(fresh.toByteArray());
            assertNull(a.receive(Duration.ofMillis(500)), "no error: dave's relay is this one");
        }
        try (TwinSocket d = connect(dave)) {
            assertEquals(fresh, receive(d));
            assertNull(d.receive(Duration.ofMillis(500)), "the expired request is not delivered");
        }
    }

    @Test
    void reconnectingMidStreamLosesNothing() throws Exception {
        SessionKey alice = new SessionKey(1, "stream-sender");
        SessionKey eve = new SessionKey(5, "stream-" + Uids.next());
        int total = 200;
        Set<String> sent = new HashSet<>();
        Set<String> received = new HashSet<>();
        try (TwinSocket a = connect(alice)) {
            TwinSocket first = connect(eve);
            for (int i = 0; i < total; i++) {
                Envelope request = TestTwins.request(alice, eve, "message " + i);
                sent.add(request.getUid());
                a.send(request.toByteArray());
                if (i == total / 2) {
                    // take a few, then drop the connection without a close handshake: whatever the
                    // client had not read (still in TCP buffers) must come again
                    for (int k = 0; k < 10; k++) {
                        received.add(receive(first).getUid());
                    }
                    first.close();
                    for (byte[] frame : first.drainReceived()) {
                        received.add(Envelope.parseFrom(frame).getUid());
                    }
                }
            }
            try (TwinSocket second = connect(eve)) {
                byte[] frame;
                while (received.size() < total && (frame = second.receive(WAIT)) != null) {
                    received.add(Envelope.parseFrom(frame).getUid());
                }
            }
        }
        assertEquals(sent, received, "every message arrives at least once");
    }

    @Test
    void relayErrorsForUnknownTwinWrongSourceAndFailFast() throws Exception {
        SessionKey alice = new SessionKey(1, "errors");
        try (TwinSocket a = connect(alice)) {
            Envelope unknown = TestTwins.request(alice, SessionKey.of(99), "nobody");
            a.send(unknown.toByteArray());
            Envelope error = receive(a);
            assertEquals(unknown.getUid(), error.getUid());
            assertEquals("unknown twin destination", error.getError().getMessage());
            assertEquals(0, error.getError().getCode());
            assertEquals(300, error.getExpiration());
            assertTrue(alice.matches(error.getDestination()) && !error.hasSource() && !error.hasSignature());

            Envelope wrongSource = TestTwins.request(SessionKey.of(1), SessionKey.of(2), "not my session");
            a.send(wrongSource.toByteArray());
            assertEquals("message wrong source", receive(a).getError().getMessage());

            Envelope failFast = TestTwins.request(alice, new SessionKey(2, "nobody-here"), "now or never").toBuilder()
                    .setTags("fail-fast")
                    .build();
            a.send(failFast.toByteArray());
            Envelope offline = receive(a);
            assertEquals(failFast.getUid(), offline.getUid());
            assertEquals("destination offline", offline.getError().getMessage());
        }
    }

    @Test
    void rateLimitDropsWithAnErrorAndTheSessionSurvives() throws Exception {
        // the test server allows 500 messages per twin and window; twice that plus one must cross it
        SessionKey dave = new SessionKey(4, "limited");
        try (TwinSocket d = connect(dave)) {
            Envelope request = TestTwins.request(dave, new SessionKey(5, "limit-sink"), "x");
            for (int i = 0; i < 1001; i++) {
                d.send(request.toBuilder().setUid("limit-" + i).build().toByteArray());
            }
            Envelope error = receive(d);
            assertEquals(
                    "exceeded rate limits, dropping message", error.getError().getMessage());
            assertTrue(error.getUid().startsWith("limit-"));
            assertTrue(!d.isClosed(), "the session stays");
        }
    }

    @Test
    void oversizeMessagesCloseWith1009WholeOrFragmented() throws Exception {
        SessionKey charlie = new SessionKey(3, "big");
        try (TwinSocket c = connect(charlie)) {
            c.send(new byte[5 * 1024 * 1024]);
            assertEquals(1009, c.awaitClose(WAIT));
        }
        try (TwinSocket c = connect(charlie);
                TwinSocket other = connect(new SessionKey(3, "bystander"))) {
            c.sendFragment(new byte[3 * 1024 * 1024], false);
            c.sendFragment(new byte[3 * 1024 * 1024], true);
            assertEquals(1009, c.awaitClose(WAIT));
            other.send(
                    TestTwins.ping(new SessionKey(3, "bystander"), "still-here").toByteArray());
            assertEquals("still-here", receive(other).getUid());
        }
    }
}
