package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.relay.EmbeddedSessionQueues;
import dev.rmbee.relay.SessionDelivery;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboundFederationTest {

    private final Clock clock = Clock.systemUTC();
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

    private InboundFederation.Outcome post(byte[] body, boolean verify) {
        return new InboundFederation(sessions, queues, delivery, twins, Set.of("localhost"), verify)
                .accept(body)
                .toCompletableFuture()
                .join();
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

        Envelope unknownSource =
                request.toBuilder().setSource(SessionKey.of(99).toAddress()).build();
        assertEquals(new InboundFederation.Outcome(401, "unknown source twin"), post(unknownSource));

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
}
