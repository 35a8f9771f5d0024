package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.Await;
import dev.rmbee.testing.BuildRedis;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.StoppedServer;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Relay 1 (Redis mode) while the build's Redis is stopped mid-traffic and started again (empty:
 * nothing persisted): a sender's request gets the error envelope at once, a twin connecting meanwhile
 * is still authenticated, and once Redis is back messages flow again between the two twins that
 * stayed connected, without reconnecting. That what was queued before the outage survives it (with
 * Redis persistence on) is the component test's ({@code dev.rmbee.relay.redis.RedisOutageIT}).
 */
class RelayThroughRedisOutageIT extends RelayDeployment {

    /** Redis back, the relay's client reconnected: Redisson's reconnection runs on its own schedule. */
    private static final Duration RECONNECT = Duration.ofSeconds(90);

    private static SessionKey session(int twin, String role) {
        return new SessionKey(twin, "outage-" + role + "-" + Uids.next());
    }

    @Test
    void sendersGetErrorEnvelopesDuringTheOutageAndConnectedTwinsExchangeMessagesAfterIt() throws Exception {
        SessionKey alice = session(1, "alice");
        SessionKey bob = session(2, "bob");
        try (TwinSocket aliceSocket = TwinSocket.connectAs(relay(), alice);
                TwinSocket bobSocket = TwinSocket.connectAs(relay(), bob)) {
            Envelope before = TestTwins.request(alice, bob, "before the outage");
            aliceSocket.send(before);
            assertEquals(before, bobSocket.nextEnvelope("the request sent before the outage"));

            try (StoppedServer down = BuildRedis.down()) {
                Envelope during = TestTwins.request(alice, bob, "during the outage");
                aliceSocket.send(during);
                Envelope error = aliceSocket.nextEnvelope("the error envelope for the request Redis could not take");
                assertEquals(during.getUid(), error.getUid());
                String text = error.getError().getMessage();
                assertTrue(text.startsWith("failed to route message to peer '" + bob + "': redis error: "), text);

                SessionKey charlie = session(3, "charlie");
                try (TwinSocket charlieSocket = TwinSocket.connectAs(relay(), charlie)) {
                    assertFalse(charlieSocket.isClosed(), "a twin connecting meanwhile is authenticated");
                }
                down.start(); // empty: the build's Redis persists nothing
            }

            Envelope after = Await.value(
                    "a request from alice reaching bob once Redis is back, on the same connections",
                    () -> {
                        Envelope request = TestTwins.request(alice, bob, "after the outage");
                        aliceSocket.send(request);
                        return deliveredOrRefused(aliceSocket, bobSocket, request.getUid());
                    },
                    RECONNECT);
            assertEquals("after the outage", after.getPlain().toStringUtf8());
            assertFalse(aliceSocket.isClosed() || bobSocket.isClosed(), "neither twin had to reconnect");
        }
    }

    /**
     * Bob's copy of the request, or empty when alice got the error envelope instead (the relay's
     * Redis client not reconnected yet).
     */
    private static Optional<Envelope> deliveredOrRefused(TwinSocket alice, TwinSocket bob, String uid) {
        return Await.value("bob's copy of " + uid + " or alice's error for it", () -> {
            Optional<byte[]> atBob = bob.poll();
            if (atBob.isPresent()) {
                Envelope received = Envelope.parseFrom(atBob.get());
                return received.getUid().equals(uid) ? Optional.of(Optional.of(received)) : Optional.empty();
            }
            Optional<byte[]> atAlice = alice.poll();
            if (atAlice.isPresent()
                    && Envelope.parseFrom(atAlice.get()).getUid().equals(uid)) {
                return Optional.of(Optional.<Envelope>empty());
            }
            return Optional.empty();
        });
    }
}
