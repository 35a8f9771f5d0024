package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.auth.RelayTokens;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.RelayAdmin;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Twins of the shared vectors exchange envelopes through the relay on a managed Open Liberty:
 * request/response between key types and sessions, buffering for offline twins, redelivery after a
 * reconnect, the relay's error envelopes, rate limiting and the whole-message size cap. Every
 * session is this class's own and fresh: nothing one test leaves queued reaches another.
 */
class RelayRoutingIT extends RelayDeployment {

    /** A twin the rate-limit test adds for itself, so that the window it fills limits no one else. */
    private static final int LIMITED_TWIN = 4150;

    private TwinSocket connect(SessionKey session) throws Exception {
        return TwinSocket.connectAs(relay(), session);
    }

    private static SessionKey session(int twin, String role) {
        return new SessionKey(twin, "routing-" + role + "-" + Uids.next());
    }

    private static void exchange(SessionKey caller, SessionKey callee, TwinSocket callerSocket, TwinSocket calleeSocket)
            throws Exception {
        Envelope request = TestTwins.request(caller, callee, "{\"n\":" + caller.twin() + "}");
        callerSocket.send(request);
        Envelope received = calleeSocket.nextEnvelope("the request from " + caller + " at " + callee);
        assertEquals(request, received, "the request arrives unchanged");
        EnvelopeSignatures.verify(
                received, Vectors.hex(TestTwins.twin(caller.twin()).getString("account")));

        byte[] answer = ("{\"answer\":\"" + request.getUid() + "\"}").getBytes(StandardCharsets.UTF_8);
        calleeSocket.send(TestTwins.response(received, answer));
        Envelope response = callerSocket.nextEnvelope("the response from " + callee + " at " + caller);
        assertEquals(Envelope.MessageCase.RESPONSE, response.getMessageCase());
        assertEquals(request.getUid(), response.getUid());
        assertArrayEquals(answer, response.getPlain().toByteArray(), "payload bytes arrive unchanged");
        EnvelopeSignatures.verify(
                response, Vectors.hex(TestTwins.twin(callee.twin()).getString("account")));
    }

    @Test
    void sr25519TwinsWithSessionIdsCallEachOther() throws Exception {
        SessionKey alice = session(1, "a");
        SessionKey bob = session(2, "b");
        try (TwinSocket a = connect(alice);
                TwinSocket b = connect(bob)) {
            exchange(alice, bob, a, b);
            exchange(bob, alice, b, a);
        }
    }

    @Test
    void sr25519AndEd25519TwinsCallEachOther() throws Exception {
        SessionKey alice = session(1, "mixed");
        SessionKey charlie = session(3, "mixed");
        try (TwinSocket a = connect(alice);
                TwinSocket c = connect(charlie)) {
            exchange(alice, charlie, a, c);
            exchange(charlie, alice, c, a);
        }
    }

    @Test
    void offlineTwinGetsWhatWaitedButNothingExpired() throws Exception {
        SessionKey alice = session(1, "offline-sender");
        SessionKey dave = session(4, "offline");
        Envelope fresh = TestTwins.request(alice, dave, "waits for dave");
        Envelope stale =
                TestTwins.request(alice, dave, Uids.next(), "test.echo", new byte[] {1}, TestEnvelopes.now() - 120, 60);
        Envelope expiring =
                TestTwins.request(alice, dave, Uids.next(), "test.echo", new byte[] {2}, TestEnvelopes.now(), 3);
        try (TwinSocket a = connect(alice)) {
            a.send(stale); // expired when sent: answered at once
            a.send(expiring); // expires while dave is away
            a.send(fresh);
            // a later request the relay refuses: its error comes through alice's queue, after any for the others
            Envelope marker = TestTwins.request(alice, SessionKey.of(99), "to nobody");
            a.send(marker);
            List<Envelope> errors = a.collect("the errors for the stale request and the request to twin 99", 2);
            assertExpiredError(stale, errors.get(0));
            assertEquals(marker.getUid(), errors.get(1).getUid(), "no other error: dave's relay is this one");
        }
        long deadline = expiring.getTimestamp() + expiring.getExpiration();
        Await.until("the expiring request's TTL ran out", () -> TestEnvelopes.now() > deadline);
        try (TwinSocket d = connect(dave)) {
            assertEquals(fresh, d.nextEnvelope("the fresh request, waiting for dave"));
            // dave writes to himself: that comes through his queue after anything still in it
            Envelope marker = TestTwins.request(dave, dave, "to myself");
            d.send(marker);
            assertEquals(marker, d.nextEnvelope("dave's note to himself"), "the expired requests are not delivered");
        }
        try (TwinSocket a = connect(alice)) {
            // delivery is at least once: the errors alice took before may come again first
            List<Envelope> arrived = a.collectUntil(
                    "the error for the request that expired waiting for dave",
                    envelopes -> !envelopes.isEmpty()
                            && envelopes.get(envelopes.size() - 1).getUid().equals(expiring.getUid()),
                    TwinSocket.WAIT);
            assertExpiredError(expiring, arrived.get(arrived.size() - 1));
        }
    }

    /** The relay's error for a request that expired before it was delivered, addressed to its sender. */
    private static void assertExpiredError(Envelope request, Envelope error) {
        assertEquals(request.getUid(), error.getUid());
        assertEquals(Envelope.MessageCase.ERROR, error.getMessageCase());
        assertEquals(RelayEnvelopes.EXPIRED_CODE, error.getError().getCode(), "the code a peer answers");
        assertEquals(RelayEnvelopes.EXPIRED_MESSAGE, error.getError().getMessage());
        assertEquals(request.getSource(), error.getDestination());
    }

    @Test
    void reconnectingMidStreamLosesNothing() throws Exception {
        SessionKey alice = session(1, "stream-sender");
        SessionKey eve = session(5, "stream");
        int total = 200;
        Set<String> sent = new HashSet<>();
        Set<String> received = new HashSet<>();
        try (TwinSocket a = connect(alice)) {
            TwinSocket first = connect(eve);
            for (int i = 0; i < total; i++) {
                Envelope request = TestTwins.request(alice, eve, "message " + i);
                sent.add(request.getUid());
                a.send(request);
                if (i == total / 2) {
                    // take a few, then drop the connection without a close handshake: whatever the
                    // client had not read (still in TCP buffers) must come again
                    for (Envelope envelope : first.collect("the first 10 messages", 10)) {
                        received.add(envelope.getUid());
                    }
                    first.close();
                    for (byte[] frame : first.drainReceived()) {
                        received.add(Envelope.parseFrom(frame).getUid());
                    }
                }
            }
            try (TwinSocket second = connect(eve)) {
                List<Envelope> rest = second.collectUntil(
                        "the rest of the " + total + " messages on the next connection",
                        envelopes -> uids(received, envelopes).containsAll(sent),
                        TwinSocket.WAIT);
                received.addAll(uids(Set.of(), rest));
            }
        }
        assertEquals(sent, received, "every message arrives at least once");
    }

    private static Set<String> uids(Set<String> before, List<Envelope> envelopes) {
        Set<String> all = new HashSet<>(before);
        envelopes.forEach(envelope -> all.add(envelope.getUid()));
        return all;
    }

    @Test
    void relayErrorsForUnknownTwinWrongSourceAndFailFast() throws Exception {
        SessionKey alice = session(1, "errors");
        try (TwinSocket a = connect(alice)) {
            Envelope unknown = TestTwins.request(alice, SessionKey.of(99), "nobody");
            a.send(unknown);
            Envelope error = a.nextEnvelope("the error for the unknown twin");
            assertEquals(unknown.getUid(), error.getUid());
            assertEquals("unknown twin destination", error.getError().getMessage());
            assertEquals(0, error.getError().getCode());
            assertEquals(300, error.getExpiration());
            assertTrue(alice.matches(error.getDestination()) && !error.hasSource() && !error.hasSignature());

            Envelope wrongSource = TestTwins.request(SessionKey.of(1), SessionKey.of(2), "not my session");
            a.send(wrongSource);
            assertEquals(
                    "message wrong source",
                    a.nextEnvelope("the error for the wrong source").getError().getMessage());

            Envelope failFast = TestEnvelopes.request(alice, session(2, "nobody-here"), "test.echo")
                    .payload("now or never")
                    .tags("fail-fast")
                    .signed();
            a.send(failFast);
            Envelope offline = a.nextEnvelope("the error for the fail-fast request");
            assertEquals(failFast.getUid(), offline.getUid());
            assertEquals("destination offline", offline.getError().getMessage());
        }
    }

    @Test
    void rateLimitDropsWithAnErrorAndTheSessionSurvives() throws Exception {
        // the test server allows 500 messages per twin and window; twice that plus one must cross it.
        // The twin is added for this test only (with frank's key): the window it fills limits no other test
        RelayAdmin admin = RelayAdmin.of(domain());
        admin.putTwin(LIMITED_TWIN, TestTwins.twin(6).getString("account"), List.of(domain()));
        try {
            SessionKey limited = new SessionKey(LIMITED_TWIN, "routing-limited-" + Uids.next());
            long now = TestEnvelopes.now();
            String token = RelayTokens.create(TestTwins.signer(6), LIMITED_TWIN, limited.sid(), now, now + 300);
            try (TwinSocket socket = TwinSocket.connect(relay(), token)) {
                Envelope request = TestEnvelopes.request(limited, session(5, "limit-sink"), "test.echo")
                        .payload("x")
                        .build();
                for (int i = 0; i < 1001; i++) {
                    socket.send(request.toBuilder().setUid("limit-" + i).build());
                }
                Envelope error = socket.nextEnvelope("the rate limit's error");
                assertEquals(
                        "exceeded rate limits, dropping message",
                        error.getError().getMessage());
                assertTrue(error.getUid().startsWith("limit-"));
                assertTrue(!socket.isClosed(), "the session stays");
            }
        } finally {
            admin.deleteTwin(LIMITED_TWIN);
        }
    }

    @Test
    void oversizeMessagesCloseWith1009WholeOrFragmented() throws Exception {
        SessionKey charlie = session(3, "big");
        try (TwinSocket c = connect(charlie)) {
            c.send(new byte[5 * 1024 * 1024]);
            assertEquals(1009, c.awaitClose());
        }
        SessionKey bystander = session(3, "bystander");
        try (TwinSocket c = connect(charlie);
                TwinSocket other = connect(bystander)) {
            c.sendFragment(new byte[3 * 1024 * 1024], false);
            c.sendFragment(new byte[3 * 1024 * 1024], true);
            assertEquals(1009, c.awaitClose());
            other.send(TestTwins.ping(bystander, "still-here"));
            assertEquals(
                    "still-here", other.nextEnvelope("the bystander's pong").getUid());
        }
    }
}
