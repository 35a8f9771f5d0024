package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.peer.api.IncomingRequest;
import dev.rmbee.peer.bus.LocalKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The loop over the system lists: it survives Redis errors, stops cleanly, bounds the work in
 * progress, and a send that hangs holds up nothing else.
 */
class PeerDrainTest extends PeerTestBase {

    @Test
    void aRedisErrorPausesTheLoopWhichThenGoesOn() throws Exception {
        TestPeers.Peer bob = start(BOB);
        long before = wrongTypeErrors();
        // BRPOP on a key of the wrong type fails every time until the key is gone
        alice.redis
                .getBucket(LocalKeys.SYSTEM_LOCAL, org.redisson.client.codec.StringCodec.INSTANCE)
                .set("oops");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (wrongTypeErrors() < before + 3) {
            assertTrue(System.nanoTime() < deadline, "the loop keeps trying");
            Thread.sleep(20);
        }
        alice.redis.getBucket(LocalKeys.SYSTEM_LOCAL).delete();
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-1", "test.echo", 60, "e30=", "[2]", "ret-1", 0));
        IncomingRequest request =
                IncomingRequest.parse(bob.pop("msgbus.test.echo").getBytes(StandardCharsets.UTF_8));
        assertEquals("1", request.source());
    }

    /** How many WRONGTYPE errors Redis has answered so far ({@code INFO errorstats}). */
    private static long wrongTypeErrors() throws Exception {
        for (String line : REDIS.command("INFO", "errorstats").split("\r\n")) {
            if (line.startsWith("errorstat_WRONGTYPE:count=")) {
                return Long.parseLong(line.substring("errorstat_WRONGTYPE:count=".length()));
            }
        }
        return 0;
    }

    @Test
    void stoppedGatewayPopsNoMore() throws Exception {
        assertTrue(alice.gateway.stop(Duration.ofSeconds(5)));
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-1", "test.echo", 60, "e30=", "[2]", "ret-1", 0));
        Thread.sleep(1200); // longer than one pop
        assertEquals(1, alice.length(LocalKeys.SYSTEM_LOCAL), "left for the next start");
        alice.gateway.onEnvelope(remoteRequest(BOB, BOB, ALICE, "u-late", "test.echo", NOW, 60, null)
                .toByteArray());
        assertEquals(0, alice.length("msgbus.test.echo"), "frames after the stop are dropped");
    }

    @Test
    void stopWaitsForWorkInProgress() throws Exception {
        peers.transport.hold(BOB);
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-1", "test.echo", 60, "e30=", "[2]", "ret-1", 0));
        peers.transport.nextTo(BOB);
        assertEquals(false, alice.gateway.stop(Duration.ofMillis(300)), "a send still pending");
        peers.transport.release();
        assertTrue(alice.gateway.stop(Duration.ofSeconds(5)));
    }

    @Test
    void workInProgressIsBounded() throws Exception {
        stopPeers();
        settings = new PeerSettings("v0-test", 1, Duration.ofSeconds(1), Duration.ofMillis(100));
        alice = start(ALICE);
        peers.transport.hold(BOB);
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-1", "test.echo", 60, "e30=", "[2]", "ret-1", 0));
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-2", "test.echo", 60, "e30=", "[4]", "ret-2", 0));
        assertEquals(
                BOB,
                peers.transport
                        .next(f -> f.from() == ALICE)
                        .envelope()
                        .getDestination()
                        .getTwin());
        Thread.sleep(1200); // more than a pop: the loop would have taken job-2 if it could
        assertEquals(1, alice.length(LocalKeys.SYSTEM_LOCAL), "job-2 waits in Redis while job-1 is in flight");
        peers.transport.release();
        assertEquals(
                DAVE,
                peers.transport
                        .next(f -> f.from() == ALICE)
                        .envelope()
                        .getDestination()
                        .getTwin());
    }

    @Test
    void aHangingSendHoldsUpNothingElse() throws Exception {
        TestPeers.Peer bob = start(BOB);
        peers.transport.hold(DAVE);
        // same client (same ret): the second request goes as soon as the first is handed to the transport
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-1", "test.slow", 60, "e30=", "[4]", "ret-1", 0));
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-2", "test.echo", 60, "e30=", "[2]", "ret-1", 0));
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-3", "test.echo", 60, "e30=", "[2]", "ret-3", 0));
        IncomingRequest first =
                IncomingRequest.parse(bob.pop("msgbus.test.echo").getBytes(StandardCharsets.UTF_8));
        IncomingRequest second =
                IncomingRequest.parse(bob.pop("msgbus.test.echo").getBytes(StandardCharsets.UTF_8));
        assertEquals("1", first.source());
        assertEquals("1", second.source());
    }
}
