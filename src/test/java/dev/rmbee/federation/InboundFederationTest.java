package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.relay.EmbeddedSessionQueues;
import dev.rmbee.relay.SessionDelivery;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.relay.budget.QueueFullException;
import dev.rmbee.testing.MutableClock;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboundFederationTest {

    /** Starts at the real time: the test kit's envelopes are stamped with it. */
    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(TestEnvelopes.now()));

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SessionRegistry sessions = new SessionRegistry();
    private final EmbeddedSessionQueues queues = new EmbeddedSessionQueues(clock);
    private final SessionDelivery delivery = new SessionDelivery(queues, Runnable::run, scheduler, clock, 8);
    private final LocalTwinRegistry twins = registry();
    private final SessionKey alice = SessionKey.of(1);
    private final SessionKey bob = SessionKey.of(2);

    private static LocalTwinRegistry registry() {
        try {
            LocalTwinRegistry registry =
                    new LocalTwinRegistry(TwinFiles.read(Vectors.dir().resolve("twins.json")));
            registry.put(new Twin(77, new byte[32], Set.of("elsewhere.example"), null));
            return registry;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private final MemoryReplayGuard replays = new MemoryReplayGuard(clock, 1000);
    private IngressLimits limits = new IngressLimits(10, 5, Duration.ofHours(1));

    private InboundFederation inbound(boolean verify) {
        return new InboundFederation(
                sessions, queues, delivery, twins, Set.of("localhost"), verify, clock, limits, replays);
    }

    private InboundFederation.Outcome post(byte[] body, boolean verify) {
        return inbound(verify).accept(body).toCompletableFuture().join();
    }

    private InboundFederation.Outcome post(Envelope envelope) {
        return post(envelope.toByteArray(), true);
    }

    @Test
    void signedEnvelopeForATwinServedHereIsQueued() {
        Envelope request = TestTwins.request(alice, bob, "via federation");
        assertEquals(new InboundFederation.Outcome(202, ""), post(request));
        assertEquals(1, queues.size(bob));
        Envelope response = TestTwins.response(request, new byte[] {1});
        assertEquals(202, post(response).status());
        assertEquals(1, queues.size(alice));
    }

    @Test
    void garbageAndMissingDestinationAre400() {
        assertEquals(400, post(new byte[] {(byte) 0xff, 0x01}, true).status());
        Envelope noDestination = TestTwins.request(alice, bob, "x").toBuilder()
                .clearDestination()
                .build();
        assertEquals(
                new InboundFederation.Outcome(400, "bad request: message with missing destination"),
                post(noDestination.toByteArray(), false),
                "even without verification twin 0 is refused");
    }

    @Test
    void forgeriesAreRefusedAndNeverQueued() {
        Envelope request = TestTwins.request(alice, bob, "genuine");
        Envelope tampered =
                request.toBuilder().setPlain(ByteString.copyFromUtf8("forged")).build();
        InboundFederation.Outcome badSignature = post(tampered);
        assertEquals(401, badSignature.status());
        assertTrue(badSignature.message().startsWith("invalid envelope signature: "), badSignature.message());

        // signed by alice's key but claiming to come from charlie
        Envelope wrongKey =
                request.toBuilder().setSource(SessionKey.of(3).toAddress()).build();
        assertEquals(401, post(wrongKey).status());

        Envelope unsigned = request.toBuilder().clearSignature().build();
        assertEquals(
                new InboundFederation.Outcome(401, "invalid envelope signature: message is not signed"),
                post(unsigned));

        Envelope noSource = request.toBuilder().clearSource().build();
        assertEquals(new InboundFederation.Outcome(400, "bad request: message without source"), post(noSource));

        Envelope notOurs = TestTwins.request(alice, SessionKey.of(77), "not here");
        assertEquals(404, post(notOurs).status());

        Envelope ping = TestEnvelopes.ping(null).destination(bob).build();
        assertEquals(400, post(ping).status());

        assertEquals(0, queues.size(bob));
        assertEquals(0, queues.size(SessionKey.of(77)));
    }

    @Test
    void failFastToAnOfflineSessionIs404() {
        Envelope signed = TestEnvelopes.request(alice, bob, "test.echo")
                .payload("now")
                .tags("fail-fast")
                .signed();
        assertEquals(new InboundFederation.Outcome(404, "destination offline"), post(signed));
    }

    @Test
    void withoutVerificationAnythingParsableIsQueuedAsTheReferenceDoes() {
        Envelope unsigned =
                TestTwins.request(alice, bob, "x").toBuilder().clearSignature().build();
        assertEquals(202, post(unsigned.toByteArray(), false).status());
    }

    @Test
    void anExpiredEnvelopeIsRefusedAsABadRequestAndNeverQueued() {
        Envelope request = TestEnvelopes.request(alice, bob, "test.echo")
                .timestamp(TestEnvelopes.now())
                .expiration(60)
                .signed();
        clock.advance(Duration.ofSeconds(60));
        assertEquals(new InboundFederation.Outcome(400, "bad request: message has expired"), post(request));

        Envelope timeless = TestEnvelopes.request(alice, bob, "test.echo")
                .timestamp(0)
                .expiration(0)
                .signed();
        assertEquals(
                new InboundFederation.Outcome(400, "bad request: message has expired"),
                post(timeless),
                "no TTL at all counts as expired between relays, as the reference's federation counts it");
        assertEquals(
                400,
                post(request.toByteArray(), false).status(),
                "refused without verification too: the check costs nothing");
        assertEquals(0, queues.size(bob));
    }

    @Test
    void aReplayIsAcceptedButQueuedOnlyOnce() {
        Envelope request = TestTwins.request(alice, bob, "once");
        assertEquals(202, post(request).status());
        assertEquals(new InboundFederation.Outcome(202, ""), post(request), "the sender sees no difference");
        assertEquals(
                202,
                inbound(true)
                        .accept(request.toByteArray())
                        .toCompletableFuture()
                        .join()
                        .status());
        assertEquals(1, queues.size(bob), "queued once");

        Envelope response = TestTwins.response(request, new byte[] {1});
        assertEquals(202, post(response).status());
        assertEquals(1, queues.size(alice), "the response carries the request's uid: not a replay of it");
    }

    @Test
    void oneRequestToTwoTwinsHereUnderOneUidIsQueuedForBoth() {
        // a peer sends a request to several twins as several envelopes with one uid
        SessionKey charlie = SessionKey.of(3);
        Envelope toBob =
                TestEnvelopes.request(alice, bob, "test.echo").uid("shared").signed();
        Envelope toCharlie =
                TestEnvelopes.request(alice, charlie, "test.echo").uid("shared").signed();
        assertEquals(202, post(toBob).status());
        assertEquals(202, post(toCharlie).status());
        assertEquals(1, queues.size(bob));
        assertEquals(1, queues.size(charlie));
    }

    @Test
    void aReplayIsRememberedForTheEnvelopesTtlButNoLongerThanTheCap() {
        limits = new IngressLimits(10, 5, Duration.ofSeconds(100));
        Envelope request =
                TestEnvelopes.request(alice, bob, "test.echo").expiration(300).signed();
        assertEquals(202, post(request).status());
        clock.advance(Duration.ofSeconds(99));
        assertEquals(202, post(request).status());
        assertEquals(1, queues.size(bob), "still remembered");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(202, post(request).status());
        assertEquals(2, queues.size(bob), "forgotten after rmb.federation.replay.max-ttl: queued again");

        Envelope shortLived = TestEnvelopes.request(alice, bob, "test.echo")
                .timestamp(clock.instant().getEpochSecond())
                .expiration(10)
                .signed();
        assertEquals(202, post(shortLived).status());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(400, post(shortLived).status(), "after its TTL a replay is refused as expired");
        assertEquals(3, queues.size(bob));
    }

    @Test
    void anEnvelopeThatCouldNotBeQueuedIsNotRememberedSoTheSendersRetryGetsThrough() {
        boolean[] failNext = {true};
        queues.subscribe(session -> {
            if (failNext[0]) {
                failNext[0] = false;
                throw new IllegalStateException("the queue is away");
            }
        });
        Envelope request = TestTwins.request(alice, bob, "retried");
        assertEquals(500, post(request).status());
        assertEquals(0, replays.size(), "forgotten again");
        assertEquals(202, post(request).status());
        assertEquals(1, replays.size());
    }

    @Test
    void anEnvelopeOverTheQueueBudgetIsRetryableNotA500() {
        queues.subscribe(session -> {
            throw new QueueFullException("queue full for twin 2");
        });
        Envelope request = TestTwins.request(alice, bob, "does not fit");
        assertEquals(new InboundFederation.Outcome(503, "queue full for twin 2"), post(request));
        assertEquals(0, replays.size(), "forgotten, so that the sender's retry is queued once it fits");
    }

    @Test
    void anUnknownSourceTwinIsRetryableNotA4xx() {
        // a 4xx would be final for the sending relay ("destination offline"); this registry may lag behind the chain
        Envelope request = TestTwins.request(alice, bob, "from a new twin");
        Envelope unknownSource =
                request.toBuilder().setSource(SessionKey.of(99).toAddress()).build();
        assertEquals(new InboundFederation.Outcome(503, "unknown source twin"), post(unknownSource));
        assertEquals(0, queues.size(bob));
    }

    @Test
    void eachRemoteAddressHasItsBurstThenItsRate() {
        limits = new IngressLimits(10, 5, Duration.ofHours(1));
        InboundFederation ingress = inbound(true);
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.empty(), ingress.admit("192.0.2.7"), "within the burst: " + i);
        }
        Optional<InboundFederation.Outcome> refused = ingress.admit("192.0.2.7");
        assertEquals(503, refused.orElseThrow().status(), "retryable: the sending relay drops on a 4xx");
        assertEquals(Optional.empty(), ingress.admit("192.0.2.8"), "another address has its own bucket");

        clock.advance(Duration.ofMillis(99));
        assertTrue(ingress.admit("192.0.2.7").isPresent(), "a token takes 100 ms at 10/s");
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), ingress.admit("192.0.2.7"));
        assertTrue(ingress.admit("192.0.2.7").isPresent());

        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.empty(), ingress.admit("192.0.2.7"), "refilled up to the burst, no more: " + i);
        }
        assertTrue(ingress.admit("192.0.2.7").isPresent());
    }

    @Test
    void ipv6AddressesShareTheBucketOfTheirSlash64() {
        limits = new IngressLimits(1, 2, Duration.ofHours(1));
        InboundFederation ingress = inbound(true);
        assertEquals(Optional.empty(), ingress.admit("2001:db8:1:2::1"));
        assertEquals(Optional.empty(), ingress.admit("[2001:db8:1:2:ffff::9]"));
        assertTrue(ingress.admit("2001:db8:1:2:0:0:0:3").isPresent(), "one /64, one bucket");
        assertEquals(Optional.empty(), ingress.admit("2001:db8:1:3::1"), "the next /64 is another");
        assertEquals("not-an-address", AddressBuckets.key("not-an-address"));
        assertEquals("bad:address:x", AddressBuckets.key("bad:address:x"), "no DNS lookup, kept as it is");
    }

    @Test
    void aRateOfZeroTurnsTheBoundOff() {
        limits = new IngressLimits(0, 1, Duration.ofHours(1));
        InboundFederation ingress = inbound(true);
        for (int i = 0; i < 100; i++) {
            assertEquals(Optional.empty(), ingress.admit("192.0.2.7"));
        }
        assertThrows(IllegalArgumentException.class, () -> new IngressLimits(1, 1, Duration.ZERO));
    }

    @Test
    void theReplayMemoryIsBounded() {
        MemoryReplayGuard small = new MemoryReplayGuard(clock, 3);
        for (int i = 0; i < 10; i++) {
            ReplayKey key = ReplayKey.of(TestTwins.request(alice, bob, "n" + i));
            assertTrue(small.firstTime(key, Duration.ofMinutes(5))
                    .toCompletableFuture()
                    .join());
        }
        assertEquals(3, small.size());
        assertThrows(IllegalArgumentException.class, () -> new MemoryReplayGuard(clock, 0));
    }
}
