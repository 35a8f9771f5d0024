package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The relay as the README's first command runs it: one node, embedded in-memory queues, no Redis
 * (a second Liberty server the build starts around the integration tests). Offline twins get
 * what waited for them; a dropped connection loses nothing.
 */
class EmbeddedRelayIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final URI RELAY =
            URI.create("ws://127.0.0.1:" + System.getProperty("it.embedded.port", "9183") + "/");

    private static TwinSocket connect(SessionKey session) throws Exception {
        return TwinSocket.connect(RELAY, TestTwins.token(session));
    }

    private static Envelope receive(TwinSocket socket) throws Exception {
        byte[] frame = socket.receive(WAIT);
        assertNotNull(frame, "nothing arrived within " + WAIT);
        return Envelope.parseFrom(frame);
    }

    @Test
    void offlineTwinGetsWhatWaitedForItButNothingExpired() throws Exception {
        SessionKey alice = new SessionKey(1, "embedded-sender");
        SessionKey bob = new SessionKey(2, "embedded-" + Uids.next());
        Envelope fresh = TestTwins.request(alice, bob, "waits in memory");
        Envelope stale =
                TestTwins.request(alice, bob, Uids.next(), "test.echo", new byte[] {1}, TestTwins.now() - 120, 60);
        try (TwinSocket a = connect(alice)) {
            a.send(stale.toByteArray());
            a.send(fresh.toByteArray());
            assertNull(a.receive(Duration.ofMillis(300)), "no error: bob is served here");
        }
        try (TwinSocket b = connect(bob)) {
            assertEquals(fresh, receive(b));
            assertNull(b.receive(Duration.ofMillis(500)), "the expired request is not delivered");
            // and the answer goes back the same way
            b.send(TestTwins.response(fresh, "{\"ok\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .toByteArray());
        }
        try (TwinSocket a = connect(alice)) {
            Envelope response = receive(a);
            assertEquals(fresh.getUid(), response.getUid());
            assertEquals(Envelope.MessageCase.RESPONSE, response.getMessageCase());
        }
    }

    @Test
    void aDroppedConnectionLosesNothing() throws Exception {
        SessionKey charlie = new SessionKey(3, "embedded-sender");
        SessionKey eve = new SessionKey(5, "embedded-" + Uids.next());
        Set<String> sent = new HashSet<>();
        Set<String> received = new HashSet<>();
        try (TwinSocket c = connect(charlie)) {
            TwinSocket first = connect(eve);
            for (int i = 0; i < 100; i++) {
                Envelope request = TestTwins.request(charlie, eve, "n" + i);
                sent.add(request.getUid());
                c.send(request.toByteArray());
            }
            for (int k = 0; k < 5; k++) {
                received.add(receive(first).getUid());
            }
            first.close();
            for (byte[] frame : first.drainReceived()) {
                received.add(Envelope.parseFrom(frame).getUid());
            }
            try (TwinSocket second = connect(eve)) {
                byte[] frame;
                while (received.size() < sent.size() && (frame = second.receive(WAIT)) != null) {
                    received.add(Envelope.parseFrom(frame).getUid());
                }
            }
        }
        assertEquals(sent, received);
    }
}
