package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
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
 * The relay as the README's first command runs it: one node, embedded in-memory queues, no Redis
 * (a second Liberty server the build starts around the integration tests). Offline twins get
 * what waited for them; a dropped connection loses nothing.
 */
class EmbeddedRelayIT {

    private static TwinSocket connect(SessionKey session) throws Exception {
        return TwinSocket.connectAs(EmbeddedRelayServer.webSocket(), session);
    }

    /** A session of this class's own, fresh for each use. */
    private static SessionKey session(int twin, String role) {
        return new SessionKey(twin, "embedded-" + role + "-" + Uids.next());
    }

    @Test
    void offlineTwinGetsWhatWaitedForItButNothingExpired() throws Exception {
        SessionKey alice = session(1, "sender");
        SessionKey bob = session(2, "offline");
        Envelope fresh = TestTwins.request(alice, bob, "waits in memory");
        Envelope stale =
                TestTwins.request(alice, bob, Uids.next(), "test.echo", new byte[] {1}, TestEnvelopes.now() - 120, 60);
        String markerUid;
        try (TwinSocket a = connect(alice)) {
            a.send(stale);
            a.send(fresh);
            // a later request the relay refuses: its error comes through alice's queue, after any for the two
            Envelope marker = TestTwins.request(alice, SessionKey.of(99), "to nobody");
            markerUid = marker.getUid();
            a.send(marker);
            List<Envelope> errors = a.collect("the errors for the stale request and the request to twin 99", 2);
            assertEquals(stale.getUid(), errors.get(0).getUid(), "the stale request is answered at once");
            assertEquals(RelayEnvelopes.EXPIRED_CODE, errors.get(0).getError().getCode());
            assertEquals(
                    RelayEnvelopes.EXPIRED_MESSAGE, errors.get(0).getError().getMessage());
            assertEquals(markerUid, errors.get(1).getUid(), "no other error before it: bob is served here");
        }
        try (TwinSocket b = connect(bob)) {
            assertEquals(fresh, b.nextEnvelope("the fresh request, waiting for bob"));
            // bob writes to himself: that comes through his queue after anything still in it
            Envelope marker = TestTwins.request(bob, bob, "to myself");
            b.send(marker);
            assertEquals(marker, b.nextEnvelope("bob's note to himself"), "the expired request is not delivered");
            // and the answer goes back the same way
            b.send(TestTwins.response(fresh, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)));
        }
        try (TwinSocket a = connect(alice)) {
            // delivery is at least once: the errors alice took just before closing may come again first
            List<Envelope> arrived = a.collectUntil(
                    "bob's response, waiting for alice",
                    envelopes -> !envelopes.isEmpty()
                            && envelopes.get(envelopes.size() - 1).getUid().equals(fresh.getUid()),
                    TwinSocket.WAIT);
            Envelope response = arrived.get(arrived.size() - 1);
            assertEquals(Envelope.MessageCase.RESPONSE, response.getMessageCase());
            assertTrue(
                    arrived.subList(0, arrived.size() - 1).stream()
                            .allMatch(envelope -> envelope.getUid().equals(markerUid)
                                    || envelope.getUid().equals(stale.getUid())),
                    "nothing but the two errors again before the response: " + arrived);
        }
    }

    @Test
    void aDroppedConnectionLosesNothing() throws Exception {
        SessionKey charlie = session(3, "sender");
        SessionKey eve = session(5, "dropped");
        Set<String> sent = new HashSet<>();
        Set<String> received = new HashSet<>();
        try (TwinSocket c = connect(charlie)) {
            TwinSocket first = connect(eve);
            for (int i = 0; i < 100; i++) {
                Envelope request = TestTwins.request(charlie, eve, "n" + i);
                sent.add(request.getUid());
                c.send(request);
            }
            for (Envelope envelope : first.collect("the first 5 of 100 requests", 5)) {
                received.add(envelope.getUid());
            }
            first.close();
            for (byte[] frame : first.drainReceived()) {
                received.add(Envelope.parseFrom(frame).getUid());
            }
            try (TwinSocket second = connect(eve)) {
                List<Envelope> rest = second.collectUntil(
                        "the rest of the 100 requests on the next connection",
                        envelopes -> uids(received, envelopes).containsAll(sent),
                        TwinSocket.WAIT);
                received.addAll(uids(Set.of(), rest));
            }
        }
        assertEquals(sent, received);
    }

    private static Set<String> uids(Set<String> before, List<Envelope> envelopes) {
        Set<String> all = new HashSet<>(before);
        envelopes.forEach(envelope -> all.add(envelope.getUid()));
        return all;
    }
}
