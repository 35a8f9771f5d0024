package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.peer.api.IncomingRequest;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.RedisMonitor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loop over the system lists: it survives Redis errors, stops cleanly, bounds the work in
 * progress, and a send that hangs holds up nothing else.
 */
class PeerDrainIT extends PeerTestBase {

    @Test
    void aRedisErrorPausesTheLoopWhichThenGoesOn() throws Exception {
        TestPeers.Peer bob = start(BOB);
        long before = wrongTypeErrors();
        // BRPOP on a key of the wrong type fails every time until the key is gone
        alice.redis
                .getBucket(LocalKeys.SYSTEM_LOCAL, org.redisson.client.codec.StringCodec.INSTANCE)
                .set("oops");
        Await.until("the loop keeps trying (three WRONGTYPE errors)", () -> wrongTypeErrors() >= before + 3);
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
        TestPeers.Peer stopped = alice;
        assertTrue(stopped.gateway.stop(Duration.ofSeconds(30)));
        stopped.push(LocalKeys.SYSTEM_LOCAL, request("job-1", "test.echo", 60, "e30=", "[2]", "ret-1", 0));
        // a loop that still ran would always have a BRPOP out (or be about to send one), so the
        // gateways would never be idle; idle, nothing of the stopped gateway will take job-1
        peers.awaitIdle("the stopped gateway has nothing in progress");
        assertEquals(1, stopped.length(LocalKeys.SYSTEM_LOCAL), "left for the next start");

        stopped.gateway.onEnvelope(remoteRequest(BOB, BOB, ALICE, "u-late", "test.echo", NOW, 60, null)
                .toByteArray());
        peers.awaitIdle("the stopped gateway is done with the late frame");
        assertEquals(0, stopped.length("msgbus.test.echo"), "frames after the stop are dropped");
        assertEquals(List.of(), peers.transport.drain(), "and not answered");

        // the next start takes what was left
        start(ALICE);
        assertEquals(
                BOB,
                peers.transport
                        .next(f -> f.from() == ALICE)
                        .envelope()
                        .getDestination()
                        .getTwin());
        assertEquals(0, stopped.length(LocalKeys.SYSTEM_LOCAL));
    }

    @Test
    void stopWaitsForWorkInProgress() throws Exception {
        stopPeers();
        // one message at a time: once job-1 is in flight, the loop waits for its permit instead of
        // popping, so that stopping it ends at once and only the pending send holds the stop up
        settings = new PeerSettings("v0-test", 1, Duration.ofSeconds(1), Duration.ofMillis(100));
        alice = start(ALICE);
        peers.transport.hold(BOB);
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-1", "test.echo", 60, "e30=", "[2]", "ret-1", 0));
        peers.transport.nextTo(BOB);
        peers.awaitIdle("alice's loop waits for job-1's permit");
        assertEquals(false, alice.gateway.stop(Duration.ofMillis(300)), "a send still pending");
        peers.transport.release();
        assertTrue(alice.gateway.stop(Duration.ofSeconds(30)));
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
        // a loop that did not wait for a permit would pop job-2 (or wait in a BRPOP for more) and
        // never be idle; idle, it waits for job-1 to finish
        peers.awaitIdle("alice's loop waits for job-1's permit");
        assertEquals(1, alice.length(LocalKeys.SYSTEM_LOCAL), "job-2 waits in Redis while job-1 is in flight");
        assertEquals(List.of(), peers.transport.drain(), "nothing but job-1 was sent");
        assertEquals(new PeerGateway.InFlight(1, 0, 1), alice.gateway.inFlight(), "what operators see");
        peers.transport.release();
        assertEquals(
                DAVE,
                peers.transport
                        .next(f -> f.from() == ALICE)
                        .envelope()
                        .getDestination()
                        .getTwin());
        Await.until(
                "nothing in flight once job-2 is sent",
                () -> alice.gateway.inFlight().equals(new PeerGateway.InFlight(0, 0, 1)));
    }

    @Test
    void itemsThatWaitAreTakenSeveralAtOnceAndStayTakenUntilSent() throws Exception {
        stopPeers();
        settings = new PeerSettings("v0-test", 3, Duration.ofSeconds(1), Duration.ofMillis(100));
        for (int i = 1; i <= 5; i++) {
            alice.push(LocalKeys.SYSTEM_LOCAL, request("job-" + i, "test.echo", 60, "e30=", "[2]", "ret-" + i, 0));
        }
        peers.transport.hold(BOB);
        List<String> commands = new ArrayList<>();
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            alice = start(ALICE);
            while (commands.stream().filter(c -> c.startsWith("\"RPOPLPUSH\"")).count() < 3) {
                commands.add(RedisMonitor.command(monitor.next()));
            }
        }
        assertEquals(
                List.of(),
                commands.stream()
                        .filter(c -> c.startsWith("\"BRPOPLPUSH\" \"msgbus.system.local\""))
                        .toList(),
                "three waiting items taken in one call, not one by one: " + commands);
        for (int i = 0; i < 3; i++) {
            peers.transport.nextTo(BOB);
        }
        peers.awaitIdle("alice's loop waits for permits");
        assertEquals(2, alice.length(LocalKeys.SYSTEM_LOCAL), "beyond the bound the items wait in Redis");
        assertEquals(
                3,
                alice.length(LocalKeys.takenList(ALICE, LocalKeys.SYSTEM_LOCAL)),
                "taken, not finished while their sends are held");
        assertEquals(new PeerGateway.InFlight(3, 0, 3), alice.gateway.inFlight());
        peers.transport.release();
        for (int i = 0; i < 2; i++) {
            peers.transport.nextTo(BOB);
        }
        Await.until(
                "every item finished and out of the taken list",
                () -> alice.length(LocalKeys.takenList(ALICE, LocalKeys.SYSTEM_LOCAL)) == 0
                        && alice.length(LocalKeys.SYSTEM_LOCAL) == 0);
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
