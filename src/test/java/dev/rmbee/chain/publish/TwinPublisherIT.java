package dev.rmbee.chain.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.chain.twins.ChainTwins;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.e2e.E2eKey;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinCache;
import dev.rmbee.retry.Backoff;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.TestChainNode;
import dev.rmbee.testing.TestChainNode.Submission;
import dev.rmbee.testing.TestChainNode.SubmitFailure;
import dev.rmbee.testing.TestChainNode.TwinEvent;
import dev.rmbee.testing.TestTwins;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A peer's start-up against the test chain node: its twin id by account, and publishing its relays
 * and e2e key with an update_twin that polkadot-js decodes and verifies in the node — once when
 * something differs, never when nothing does, refused before paying when the chain would refuse the
 * relay, and every way the node or the runtime can say no reported as a failure, retried by the
 * schedule until the node accepts.
 */
class TwinPublisherIT {

    private static final int SR25519_TWIN = 20; // //PeerA
    private static final int ED25519_TWIN = 22; // //PeerC
    private static final List<URI> RELAYS =
            List.of(URI.create("wss://relay1.example.org:443/"), URI.create("wss://relay2.example.org"));
    private static final Duration FINALITY_TIMEOUT = Duration.ofSeconds(20);

    private static TestChainNode node;
    private static ExecutorService executor;
    private static ScheduledExecutorService scheduler;

    private ChainTwins chain;

    @BeforeAll
    static void startNode() {
        node = TestChainNode.builder().blockInterval(Duration.ofMillis(100)).start();
        executor = Executors.newCachedThreadPool();
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
        if (executor != null) {
            executor.shutdownNow();
            scheduler.shutdownNow();
        }
    }

    @BeforeEach
    void startChain() throws InterruptedException {
        node.reset();
        putOldTwin(SR25519_TWIN);
        putOldTwin(ED25519_TWIN);
        chain = new ChainTwins(
                new ChainTwins.Settings(
                        node.urls(),
                        new TwinCache.Limits(100, Duration.ofMinutes(5), 100, Duration.ofMinutes(1)),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        600,
                        new Backoff("test reconnect", Duration.ofMillis(20), Duration.ofMillis(300))),
                executor,
                scheduler,
                Clock.systemUTC());
        chain.start();
        Await.until("the runtime is read", () -> chain.runtime() != null);
    }

    @AfterEach
    void closeChain() {
        chain.close();
    }

    @Test
    void thePeerFindsItsTwinIdByItsAccount() throws Exception {
        assertEquals(OptionalInt.of(SR25519_TWIN), chain.registry().findIdByAccount(account(SR25519_TWIN)));
        assertEquals(OptionalInt.of(ED25519_TWIN), chain.registry().findIdByAccount(account(ED25519_TWIN)));
        assertEquals(OptionalInt.empty(), chain.registry().findIdByAccount(account(21)));
    }

    @Test
    void aFirstSr25519PublishSubmitsOneUpdateAndASecondInAnotherOrderNone() throws Exception {
        PublishOutcome first = publish(SR25519_TWIN, RELAYS);

        assertEquals(PublishOutcome.Kind.PUBLISHED, first.kind(), first::toString);
        Submission update = onlySubmission();
        assertEquals("Sr25519", update.signatureType());
        assertPublished(SR25519_TWIN, update);

        PublishOutcome second = publish(
                SR25519_TWIN,
                List.of(URI.create("wss://relay2.example.org/"), URI.create("wss://relay1.example.org:8443")));
        assertEquals(PublishOutcome.Kind.UNCHANGED, second.kind(), second::toString);
        assertEquals(1, node.submitted().size(), "nothing submitted the second time");
    }

    @Test
    void anEd25519PublishIsVerifiedAndApplied() throws Exception {
        PublishOutcome outcome = publish(ED25519_TWIN, RELAYS);

        assertEquals(PublishOutcome.Kind.PUBLISHED, outcome.kind(), outcome::toString);
        Submission update = onlySubmission();
        assertEquals("Ed25519", update.signatureType());
        assertPublished(ED25519_TWIN, update);
    }

    @Test
    void aRelayTheChainWouldRefuseFailsBeforeAnythingIsSubmitted() throws Exception {
        PublishOutcome outcome = publish(SR25519_TWIN, List.of(URI.create("wss://x.example.org")));

        assertEquals(PublishOutcome.Kind.FAILED, outcome.kind());
        assertTrue(outcome.detail().contains("one-letter first label"), outcome::toString);
        assertEquals(List.of(), node.submitted());
    }

    @ParameterizedTest
    @EnumSource(
            value = SubmitFailure.class,
            names = {"PAYMENT", "BAD_PROOF", "DROPPED", "NEVER_FINALIZE"})
    void aSubmissionTheNodeRefusesFails(SubmitFailure failure) throws Exception {
        node.failNextSubmit(failure);
        Duration timeout = failure == SubmitFailure.NEVER_FINALIZE ? Duration.ofSeconds(2) : FINALITY_TIMEOUT;

        PublishOutcome outcome = new TwinPublisher(chain, timeout)
                .publish(SR25519_TWIN, signer(SR25519_TWIN), RELAYS, pk(SR25519_TWIN))
                .get();

        assertEquals(PublishOutcome.Kind.FAILED, outcome.kind(), outcome::toString);
        String reason = switch (failure) {
            case PAYMENT -> "payment";
            case BAD_PROOF -> "badProof";
            case DROPPED -> "dropped";
            default -> "not finalized within 2 s";
        };
        assertTrue(outcome.detail().contains(reason), outcome::toString);
        assertEquals(1, node.submitted().size());
    }

    @Test
    void anExtrinsicFailedInItsBlockFailsNamingTheError() throws Exception {
        node.stallHeads();
        CompletableFuture<PublishOutcome> publishing = new TwinPublisher(chain, FINALITY_TIMEOUT)
                .publish(SR25519_TWIN, signer(SR25519_TWIN), RELAYS, pk(SR25519_TWIN));
        Await.until(
                "the update waits in the node's pool",
                () -> node.submitted().size() == 1
                        && node.submitted().get(0).outcome().equals("ready"));

        assertTrue(node.deleteTwin(SR25519_TWIN)); // the block that deletes it also includes the update
        node.resumeHeads();

        PublishOutcome outcome = publishing.get();
        assertEquals(PublishOutcome.Kind.FAILED, outcome.kind(), outcome::toString);
        assertTrue(outcome.detail().contains("TfgridModule.TwinNotExists"), outcome::toString);
        assertEquals("failed:TwinNotExists", node.submitted().get(0).outcome());
    }

    @Test
    void theScheduleRetriesAFailedPublishUntilTheNodeAcceptsIt() throws Exception {
        node.failNextSubmit(SubmitFailure.PAYMENT);
        TwinPublisher publisher = new TwinPublisher(chain, FINALITY_TIMEOUT);
        try (PublishSchedule schedule = new PublishSchedule(
                () -> publisher.publish(SR25519_TWIN, signer(SR25519_TWIN), RELAYS, pk(SR25519_TWIN)),
                scheduler,
                new Backoff("test publish", Duration.ofMillis(50), Duration.ofMillis(200)),
                () -> 0.5)) {

            PublishOutcome first = schedule.start().get();
            assertEquals(PublishOutcome.Kind.FAILED, first.kind(), first::toString);

            Await.until("published on a retry", () -> schedule.outcome().kind() == PublishOutcome.Kind.PUBLISHED);
        }
        List<Submission> submitted = node.submitted();
        assertEquals(2, submitted.size(), submitted::toString);
        assertTrue(submitted.get(0).outcome().startsWith("rejected:"), submitted::toString);
        assertEquals("success", submitted.get(1).outcome());
    }

    private PublishOutcome publish(int twinId, List<URI> relays) throws Exception {
        return new TwinPublisher(chain, FINALITY_TIMEOUT)
                .publish(twinId, signer(twinId), relays, pk(twinId))
                .get();
    }

    /** The update_twin the node verified and applied, and the twin on chain now. */
    private void assertPublished(int twinId, Submission update) throws Exception {
        assertArrayEquals(account(twinId), update.signer());
        assertEquals("tfgridModule", update.section());
        assertEquals("updateTwin", update.method());
        assertEquals("relay1.example.org_relay2.example.org", update.relay());
        assertArrayEquals(pk(twinId), update.pk());
        assertEquals(33, update.pk().length);
        assertEquals("success", update.outcome());
        Twin onChain = chain.chain().find(twinId).orElseThrow();
        assertEquals(Set.of("relay1.example.org", "relay2.example.org"), onChain.relays());
        assertArrayEquals(pk(twinId), onChain.pk());
    }

    private static Submission onlySubmission() {
        List<Submission> submitted = node.submitted();
        assertEquals(1, submitted.size(), submitted::toString);
        return submitted.get(0);
    }

    private static void putOldTwin(int id) {
        node.putTwin(new Twin(id, account(id), Set.of("old.example.org"), null), TwinEvent.NONE);
    }

    private static Signer signer(int id) {
        return TestTwins.signer(id);
    }

    private static byte[] account(int id) {
        return signer(id).publicKey();
    }

    private static byte[] pk(int id) {
        JsonObject twin = TestTwins.twin(id);
        return E2eKey.fromSecret(twin.getString("secret"), KeyType.parse(twin.getString("keyType")))
                .publicKey();
    }
}
