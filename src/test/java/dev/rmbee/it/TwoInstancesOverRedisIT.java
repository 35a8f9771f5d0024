package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.OfficialTwin;
import dev.rmbee.testing.RedisControl;
import dev.rmbee.testing.RedisInstanceB;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.StoppedServer;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two real instances of one relay on one Redis: relay 1 (instance A, the managed Liberty) and
 * instance B ({@link RedisInstanceB}, a second Liberty server), both in Redis mode on the build's
 * Redis with the same twins and domain, reached by real WebSocket clients ({@link TwinSocket}, and
 * the official TypeScript client). A twin on one reaches a twin on the other, both ways; a message
 * for an offline twin waits in Redis whichever instance took it and reaches the twin on whichever
 * instance it connects to; and an instance killed with SIGKILL mid-traffic loses nothing the relay
 * had accepted (at-least-once: duplicates allowed).
 */
class TwoInstancesOverRedisIT extends RelayDeployment {

    /** The Redis both instances share (the build's). */
    private static final int REDIS_PORT = Integer.getInteger("it.redis.port", 6391);

    /** Requests each of the two senders of the kill test sends before and after the kill (relay 1's limit: 500/min). */
    private static final int PER_SENDER_AND_HALF = 60;

    /** The receiver reconnected to A, what was queued (and unconfirmed) for it redelivered. */
    private static final Duration REDELIVERY = Duration.ofSeconds(60);

    /**
     * Instance B runs only while this class does: started here, stopped after it. Running beside the
     * other tests it would take some of relay 1's federation entries and serve them with a ranker of
     * its own (rankings are per instance), which tests of relay 1's ranking do not expect.
     */
    @BeforeAll
    static void startInstanceB() throws IOException {
        RedisInstanceB.start();
    }

    @AfterAll
    static void stopInstanceB() throws IOException {
        RedisInstanceB.stop();
    }

    private static SessionKey session(int twin, String role) {
        return new SessionKey(twin, "two-" + role + "-" + Uids.next());
    }

    /** Instance A's address (relay 1). */
    private URI instanceA() {
        return relay();
    }

    @Test
    void aTwinOnOneInstanceCallsATwinOnTheOtherBothWays() throws Exception {
        SessionKey alice = session(1, "alice");
        SessionKey bob = session(2, "bob");
        try (TwinSocket aliceOnA = TwinSocket.connectAs(instanceA(), alice);
                TwinSocket bobOnB = TwinSocket.connectAs(RedisInstanceB.webSocket(), bob)) {
            Envelope request = TestTwins.request(alice, bob, "{\"across\":\"instances\"}");
            aliceOnA.send(request);
            assertEquals(request, bobOnB.nextEnvelope("alice's request: A queued it in Redis, B delivered it"));

            byte[] answer = "{\"from\":\"instance B\"}".getBytes(StandardCharsets.UTF_8);
            bobOnB.send(TestTwins.response(request, answer));
            Envelope response = aliceOnA.nextEnvelope("bob's response: B queued it in Redis, A delivered it");
            assertEquals(request.getUid(), response.getUid());
            assertArrayEquals(answer, response.getPlain().toByteArray());

            Envelope fromB = TestTwins.request(bob, alice, "{\"and\":\"back\"}");
            bobOnB.send(fromB);
            assertEquals(fromB, aliceOnA.nextEnvelope("bob's own request: from B to alice on A"));
        }
    }

    @Test
    void aMessageQueuedThroughAWaitsForItsTwinToConnectToB() throws Exception {
        queuedThroughOneDeliveredThroughTheOther(
                instanceA(), session(1, "sender"), RedisInstanceB.webSocket(), session(4, "later"));
    }

    @Test
    void aMessageQueuedThroughBWaitsForItsTwinToConnectToA() throws Exception {
        queuedThroughOneDeliveredThroughTheOther(
                RedisInstanceB.webSocket(), session(5, "sender"), instanceA(), session(3, "later"));
    }

    /** {@code sender} on {@code via} sends to the offline {@code later}, which then connects to {@code to}. */
    private static void queuedThroughOneDeliveredThroughTheOther(URI via, SessionKey sender, URI to, SessionKey later)
            throws Exception {
        Envelope request = TestTwins.request(sender, later, "for a twin that connects to the other instance");
        // the reference's key (relay.md §14), so that every instance, of any implementation, finds it
        String queue = "stream:" + later;
        try (TwinSocket senderSocket = TwinSocket.connectAs(via, sender)) {
            senderSocket.send(request);
            Await.until(
                    "the request queued in Redis for the offline " + later + " through " + via,
                    () -> RedisControl.command(REDIS_PORT, "XLEN", queue).equals("1"));
        }
        try (TwinSocket laterSocket = TwinSocket.connectAs(to, later)) {
            assertEquals(request, laterSocket.nextEnvelope("the request that waited in Redis, through " + to));
        }
    }

    @Test
    void theOfficialClientCallsFromAAndIsServedOnB() {
        OfficialTwin.ensureInstalled();
        String payload = "{\"question\":\"which instance serves you, charlie?\"}";
        // the official client's relay address has no path (as in OfficialClientIT)
        URI a = URI.create("ws://" + base.getHost() + ":" + base.getPort());
        URI b = URI.create("ws://127.0.0.1:" + RedisInstanceB.PORT);
        try (OfficialTwin charlie = OfficialTwin.serve("charlie", b, null);
                OfficialTwin alice = OfficialTwin.call("alice", a, "two-instances", 3, "rmbee.echo", payload)) {
            JsonObject response;
            try (JsonReader reader = Json.createReader(new StringReader(alice.result()))) {
                response = reader.readObject();
            }
            assertEquals(payload, response.getString("echo"), response.toString());
            assertEquals("charlie", response.getString("by"), response.toString());
            assertTrue(
                    charlie.log().stream()
                            .anyMatch(line -> line.contains("rmbee.echo from 1:two-instances payload=cipher")),
                    "charlie, on B, served alice's end-to-end encrypted request from A" + charlie.describe());
        }
    }

    /**
     * Two senders on A, the receiver on B; B's JVM is killed with SIGKILL while A's requests for the
     * receiver are being delivered, and the senders go on. The receiver reconnects to A and gets
     * every request A accepted (some may come twice: those B delivered but had no confirmation of).
     * B is started again before the test ends, and serves again.
     */
    @Test
    void anInstanceKilledMidTrafficLosesNothingTheRelayAccepted() throws Exception {
        SessionKey receiver = session(2, "receiver");
        List<SessionKey> senders = List.of(session(3, "sender"), session(5, "sender"));
        List<String> sent = new ArrayList<>();
        List<Envelope> received = new ArrayList<>();
        List<TwinSocket> senderSockets = new ArrayList<>();
        try {
            for (SessionKey sender : senders) {
                senderSockets.add(TwinSocket.connectAs(instanceA(), sender));
            }
            try (TwinSocket onB = TwinSocket.connectAs(RedisInstanceB.webSocket(), receiver)) {
                CountDownLatch killed = new CountDownLatch(1);
                CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
                    send(senderSockets, senders, receiver, "before", sent);
                    await(killed);
                    send(senderSockets, senders, receiver, "after", sent);
                });
                received.addAll(onB.collect("requests from A delivered by B before the kill", 10));
                try (StoppedServer down = RedisInstanceB.killed()) {
                    killed.countDown();
                    traffic.get(60, TimeUnit.SECONDS);
                    onB.drainReceived().forEach(frame -> received.add(parse(frame)));
                    assertEquals(Set.of(), refused(senderSockets), "A refused none of the requests");
                    try (TwinSocket onA = TwinSocket.connectAs(instanceA(), receiver)) {
                        received.addAll(onA.collectUntil(
                                "every request A accepted (" + sent.size() + "), through A after B's death",
                                more -> missing(sent, concat(received, more)).isEmpty(),
                                REDELIVERY));
                    }
                    int duplicates = received.size() - uids(received).size();
                    assertEquals(
                            new LinkedHashSet<>(sent),
                            uids(received),
                            "every request sent and no other reached the receiver (" + duplicates + " twice)");
                    down.start();
                }
            }
        } finally {
            senderSockets.forEach(TwinSocket::close);
        }
        assertInstanceBServes();
    }

    /** Each sender sends {@link #PER_SENDER_AND_HALF} requests to {@code receiver}, interleaved. */
    private static void send(
            List<TwinSocket> sockets, List<SessionKey> senders, SessionKey receiver, String phase, List<String> sent) {
        try {
            for (int i = 0; i < PER_SENDER_AND_HALF; i++) {
                for (int s = 0; s < senders.size(); s++) {
                    String uid = "kill-" + phase + "-" + s + "-" + i + "-" + Uids.next();
                    Envelope request = TestEnvelopes.request(senders.get(s), receiver, "test.echo")
                            .uid(uid)
                            .payload(phase + " the kill, " + i)
                            .signed();
                    sockets.get(s).send(request);
                    synchronized (sent) {
                        sent.add(uid);
                    }
                }
            }
        } catch (Exception e) {
            throw new AssertionError("sending the " + phase + " requests", e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(Await.DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("instance B was not killed within " + Await.DEFAULT_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The uids of the error envelopes the senders got (requests A did not accept). */
    private static Set<String> refused(List<TwinSocket> senders) {
        Set<String> refused = new HashSet<>();
        for (TwinSocket sender : senders) {
            for (byte[] frame : sender.drainReceived()) {
                Envelope answer = parse(frame);
                if (answer.hasError()) {
                    refused.add(answer.getUid() + ": " + answer.getError().getMessage());
                }
            }
        }
        return refused;
    }

    private static Set<String> missing(List<String> sent, List<Envelope> received) {
        Set<String> missing;
        synchronized (sent) {
            missing = new LinkedHashSet<>(sent);
        }
        missing.removeAll(uids(received));
        return missing;
    }

    private static Set<String> uids(List<Envelope> envelopes) {
        return envelopes.stream().map(Envelope::getUid).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static List<Envelope> concat(List<Envelope> first, List<? extends Envelope> second) {
        List<Envelope> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static Envelope parse(byte[] frame) {
        try {
            return Envelope.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not an envelope", e);
        }
    }

    /** Instance B, started again, delivers what a twin on A sends. */
    private void assertInstanceBServes() throws Exception {
        SessionKey alice = session(1, "after-restart");
        SessionKey bob = session(2, "after-restart");
        try (TwinSocket aliceOnA = TwinSocket.connectAs(instanceA(), alice);
                TwinSocket bobOnB = TwinSocket.connectAs(RedisInstanceB.webSocket(), bob)) {
            Envelope request = TestTwins.request(alice, bob, "B is back");
            aliceOnA.send(request);
            assertEquals(request, bobOnB.nextEnvelope("a request through B, started again after the kill"));
        }
    }
}
