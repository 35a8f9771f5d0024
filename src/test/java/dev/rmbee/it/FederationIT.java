package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.RecordingRelay;
import dev.rmbee.testing.RelayAdmin;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.StoppedServer;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Two relays with different domains forward to each other over HTTP: relay 1 is the Arquillian
 * server (Redis mode), relay 2 the embedded-mode server the build starts. Twins of the federation
 * fixture (src/test/resources/federation-twins.json): frank on relay 1, grace on relay 2, heidi on an
 * unresponsive address and relay 2, each test in sessions of its own. The tests that stop relay 2 start it again before they end; the ranking
 * test adds twins of its own whose relays are stand-ins it runs ({@link RecordingRelay}).
 */
class FederationIT extends RelayDeployment {

    /** A request may wait in relay 1 until relay 2 is back: its retry is up to 30 s away. */
    private static final Duration LONG_WAIT = Duration.ofSeconds(90);

    /** Twins of the ranking test: relays an unresponsive and a healthy stand-in, both, or one of them. */
    private static final int BOTH = 4180;

    private static final int HEALTHY_ONLY = 4181;
    private static final int UNRESPONSIVE_ONLY = 4182;

    /** The port of heidi's first relay (federation-twins.json), where nothing answers. */
    private static final int BLACKHOLE_PORT = Integer.getInteger("it.blackhole.port", 9184);

    private static SessionKey frank(String role) {
        return new SessionKey(6, "federation-" + role + "-" + Uids.next());
    }

    private static SessionKey grace(String role) {
        return new SessionKey(7, "federation-" + role + "-" + Uids.next());
    }

    private static TwinSocket onRelay2(SessionKey session) throws Exception {
        return TwinSocket.connectAs(EmbeddedRelayServer.webSocket(), session);
    }

    private static Envelope request(SessionKey from, SessionKey to, String text, long expiration) {
        return TestEnvelopes.request(from, to, "fed.echo")
                .payload(text)
                .expiration(expiration)
                .signed();
    }

    @Test
    void twinsOnTwoRelaysCallEachOther() throws Exception {
        SessionKey frank = frank("caller");
        SessionKey grace = grace("callee");
        try (TwinSocket f = TwinSocket.connectAs(relay(), frank);
                TwinSocket g = onRelay2(grace)) {
            Envelope request = request(frank, grace, "hello across relays", 60);
            f.send(request);
            assertEquals(
                    request, g.nextEnvelope("frank's request at grace"), "relay 1 posted it to relay 2, byte for byte");
            g.send(TestEnvelopes.response(request).payload("hello back").signed());
            Envelope response = f.nextEnvelope("grace's response at frank");
            assertEquals(Envelope.MessageCase.RESPONSE, response.getMessageCase());
            assertEquals(request.getUid(), response.getUid());
            assertArrayEquals(
                    "hello back".getBytes(StandardCharsets.UTF_8),
                    response.getPlain().toByteArray());
        }
    }

    @Test
    void failFastToAnOfflineTwinOfTheOtherRelayFailsAtOnce() throws Exception {
        SessionKey frank = frank("fail-fast");
        try (TwinSocket f = TwinSocket.connectAs(relay(), frank)) {
            Envelope request = TestEnvelopes.request(frank, grace("never-connected"), "fed.echo")
                    .payload("now or never")
                    .expiration(60)
                    .tags("fail-fast")
                    .signed();
            f.send(request);
            Envelope error = f.nextEnvelope("relay 2's refusal, passed on to frank");
            assertEquals(request.getUid(), error.getUid());
            assertEquals(
                    "remote relay rejected permanently: destination offline",
                    error.getError().getMessage());
        }
    }

    /**
     * Heidi's relays (the fixture) are an address that takes connections and never answers, then relay
     * 2: whichever relay 1 tries first, her envelope reaches her through relay 2, byte for byte.
     */
    @Test
    void aTwinWhoseOtherRelayNeverAnswersIsReachedThroughRelay2() throws Exception {
        SessionKey frank = frank("to-heidi");
        SessionKey heidi = new SessionKey(8, "federation-heidi-" + Uids.next());
        try (RecordingRelay unresponsive = RecordingRelay.on(BLACKHOLE_PORT, envelope -> RecordingRelay.HOLD);
                TwinSocket f = TwinSocket.connectAs(relay(), frank);
                TwinSocket h = onRelay2(heidi)) {
            Envelope request = request(frank, heidi, "past the black hole", 60);
            f.send(request);
            assertEquals(request, h.nextEnvelope("frank's request at heidi, through relay 2"));
            List<String> tried = unresponsive.uids();
            assertTrue(tried.isEmpty() || tried.equals(List.of(request.getUid())), "only this envelope: " + tried);
        }
    }

    /**
     * Relay 1 ranks a twin's relays by their recent failures. Stand-ins play the relays: one takes
     * requests and never answers, one answers 202 (or 503 when told). The failures are arranged so
     * that the order is never a coin toss: the healthy relay fails once first, so the unresponsive
     * one (no failure yet) is tried first, times out, and the healthy one takes the envelope; once
     * the unresponsive relay failed more often, deliveries go to the healthy relay without trying it.
     */
    @Test
    void anUnresponsiveRelayIsPassedForTheNextAndThenRankedLast() throws Exception {
        SessionKey frank = frank("ranking");
        RelayAdmin admin = RelayAdmin.of(domain());
        Set<String> refuseOnce = ConcurrentHashMap.newKeySet();
        try (RecordingRelay unresponsive = RecordingRelay.start(envelope -> RecordingRelay.HOLD);
                RecordingRelay healthy =
                        RecordingRelay.start(envelope -> refuseOnce.remove(envelope.getUid()) ? 503 : 202);
                TwinSocket f = TwinSocket.connectAs(relay(), frank)) {
            admin.putTwin(BOTH, List.of(unresponsive.domain(), healthy.domain()));
            admin.putTwin(HEALTHY_ONLY, List.of(healthy.domain()));
            admin.putTwin(UNRESPONSIVE_ONLY, List.of(unresponsive.domain()));

            // the healthy relay fails once (503) and takes the retry: one failure counted against it
            Envelope refused = request(frank, SessionKey.of(HEALTHY_ONLY), "refused once", 60);
            refuseOnce.add(refused.getUid());
            f.send(refused);
            healthy.awaitPosts("the refused envelope retried", refused.getUid(), 2);

            // so the unresponsive relay, without failures, comes first: it gets the envelope and never
            // answers; after the request timeout the healthy one takes it
            Envelope probe = request(frank, SessionKey.of(BOTH), "through the black hole", 60);
            f.send(probe);
            unresponsive.awaitPosts("the unresponsive relay tried first", probe.getUid(), 1);
            healthy.awaitPosts("the healthy relay taking it after the timeout", probe.getUid(), 1);
            assertEquals(probe, healthy.received().get(healthy.received().size() - 1), "byte for byte");

            // one more failure of the unresponsive relay: an envelope for a twin it alone serves, until
            // that envelope expires (its error reaches frank after the attempt that timed out)
            Envelope lost = request(frank, SessionKey.of(UNRESPONSIVE_ONLY), "into the black hole", 5);
            f.send(lost);
            unresponsive.awaitPosts("an attempt on the unresponsive relay alone", lost.getUid(), 1);
            Envelope expired = f.nextEnvelope("the error for the envelope that expired", LONG_WAIT);
            assertEquals(lost.getUid(), expired.getUid());
            assertEquals(RelayEnvelopes.EXPIRED_MESSAGE, expired.getError().getMessage());
            assertEquals(RelayEnvelopes.EXPIRED_CODE, expired.getError().getCode(), "the code a peer answers");

            // ranked last now: the healthy relay takes every envelope, and the unresponsive one is not tried
            List<String> ranked = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Envelope envelope = request(frank, SessionKey.of(BOTH), "ranked " + i, 60);
                ranked.add(envelope.getUid());
                f.send(envelope);
                healthy.awaitPosts("envelope " + i + " at the healthy relay", envelope.getUid(), 1);
            }
            // a marker for the unresponsive relay alone: it serves connections in order, so once the
            // marker arrived, any attempt of relay 1 on it for the five would have been recorded
            Envelope marker = request(frank, SessionKey.of(UNRESPONSIVE_ONLY), "marker", 5);
            f.send(marker);
            unresponsive.awaitPosts("the marker at the unresponsive relay", marker.getUid(), 1);
            List<String> tried = unresponsive.uids();
            assertTrue(
                    ranked.stream().noneMatch(tried::contains),
                    "the unresponsive relay was tried again: " + tried + " (ranked: " + ranked + ")");
            assertEquals(List.of(probe.getUid(), lost.getUid()), tried.subList(0, 2));
        } finally {
            admin.deleteTwin(BOTH);
            admin.deleteTwin(HEALTHY_ONLY);
            admin.deleteTwin(UNRESPONSIVE_ONLY);
        }
    }

    @Test
    void relay2DownThenUpWithinTheTtlStillDelivers() throws Exception {
        SessionKey frank = frank("patient");
        SessionKey grace = grace("back-later");
        try (TwinSocket f = TwinSocket.connectAs(relay(), frank)) {
            Envelope request = request(frank, grace, "while relay 2 was down", 300);
            try (StoppedServer down = EmbeddedRelayServer.down()) {
                // relay 2's address answers 503 meanwhile: relay 1 fails, and retries
                try (RecordingRelay standIn = RecordingRelay.on(EmbeddedRelayServer.PORT, envelope -> 503)) {
                    f.send(request);
                    standIn.awaitPosts("relay 1 trying and retrying relay 2's address", request.getUid(), 2);
                }
                down.start();
            }
            try (TwinSocket g = onRelay2(grace)) {
                assertEquals(request, g.nextEnvelope("the request, retried until relay 2 took it", LONG_WAIT));
            }
        }
    }

    @Test
    void ttlRunningOutWhileRelay2IsDownReachesTheSender() throws Exception {
        SessionKey frank = frank("too-late");
        try (TwinSocket f = TwinSocket.connectAs(relay(), frank);
                StoppedServer down = EmbeddedRelayServer.down()) {
            Envelope request = request(frank, grace("unreachable"), "too late", 5);
            f.send(request);
            Envelope error = f.nextEnvelope("the error for the expired request", LONG_WAIT);
            assertEquals(request.getUid(), error.getUid());
            assertEquals(RelayEnvelopes.EXPIRED_MESSAGE, error.getError().getMessage());
            down.start();
        }
    }
}
