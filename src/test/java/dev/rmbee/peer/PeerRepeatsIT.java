package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.peer.api.IncomingResponse;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.proto.Types.Envelope;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What survives a crash and what is not done twice: a received envelope counts as taken care of
 * (the link may read on and so confirm it) only once it is in Redis; a request or response a relay
 * delivers again is pushed once, also after a restart; items a crashed run took from the system
 * lists are sent at the next start, and finished ones leave the taken list.
 */
class PeerRepeatsIT extends PeerTestBase {

    private static final String TAKEN_LOCAL = LocalKeys.takenList(ALICE, LocalKeys.SYSTEM_LOCAL);

    /** Delivers {@code envelope} to alice and waits until she took care of it. */
    private void handled(Envelope envelope) throws Exception {
        alice.gateway.onEnvelope(envelope.toByteArray()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aReceivedRequestIsTakenCareOfOnlyOnceItIsInRedis() throws Exception {
        Envelope request = remote(BOB, ALICE, "u-stored", "test.echo").signed();
        handled(request);
        assertEquals(1, alice.length("msgbus.test.echo"), "pushed before the stage completed");
    }

    @Test
    void aRequestDeliveredAgainIsPushedOnce() throws Exception {
        Envelope request = remote(BOB, ALICE, "u-again", "test.echo").signed();
        handled(request);
        handled(request);
        handled(remote(BOB, ALICE, "u-after", "test.echo").signed());
        assertEquals(2, alice.length("msgbus.test.echo"), "u-again once, then u-after");
    }

    @Test
    void aRequestDeliveredAgainAfterARestartIsPushedOnce() throws Exception {
        Envelope request = remote(BOB, ALICE, "u-restart", "test.echo").signed();
        handled(request);
        stopPeers();
        alice = start(ALICE); // nothing in memory: the marker in Redis remembers
        handled(request);
        assertEquals(1, alice.length("msgbus.test.echo"));
        // the same uid from another sender is another message
        handled(remote(CHARLIE, ALICE, "u-restart", "test.echo").signed());
        assertEquals(2, alice.length("msgbus.test.echo"));
    }

    @Test
    void aResponseDeliveredAgainReachesItsClientOnce() throws Exception {
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-1", "test.echo", 60, "e30=", "[2]", "ret-1", 0));
        String uid = peers.transport.nextTo(BOB).envelope().getUid();
        Envelope response = TestEnvelopes.response(
                        remote(ALICE, BOB, uid, "test.echo").build())
                .timestamp(NOW)
                .expiration(60)
                .signed();
        handled(response);
        handled(response);
        IncomingResponse first = IncomingResponse.parse(utf8(alice.pop("ret-1")));
        assertEquals("job-1", first.reference());
        assertEquals(0, alice.length("ret-1"), "the second delivery was dropped");
    }

    @Test
    void itemsACrashedRunLeftTakenAreSentAtTheNextStart() throws Exception {
        stopPeers();
        // what a run killed while job-1 was in progress leaves behind
        alice.push(TAKEN_LOCAL, request("job-1", "test.echo", 60, "e30=", "[2]", "ret-1", 0));
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-2", "test.echo", 60, "e30=", "[4]", "ret-2", 0));
        alice = start(ALICE);
        // job-1 is taken first, but the two are sent concurrently: either may reach the wire first
        Set<Integer> destinations = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            destinations.add(peers.transport
                    .next("job-1 and job-2 on the wire", frame -> frame.from() == ALICE)
                    .envelope()
                    .getDestination()
                    .getTwin());
        }
        assertEquals(Set.of(BOB, DAVE), destinations, "the item left taken and the new one");
        Await.until("finished items leave the taken list", () -> alice.length(TAKEN_LOCAL) == 0);
        assertEquals(0, alice.length(LocalKeys.SYSTEM_LOCAL));
    }
}
