package dev.rmbee.peer;

import com.google.protobuf.ByteString;
import dev.rmbee.identity.InvalidSignatureException;
import dev.rmbee.peer.api.IncomingRequest;
import dev.rmbee.peer.api.IncomingResponse;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.testing.MutableClock;
import dev.rmbee.testing.RedisServerExtension;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fixture of the gateway tests: gateways of the shared test twins talking to each other through
 * an in-test relay ({@link RoutingTransport}), their local clients and services on a real Redis (one
 * database per twin), a fixed clock, what they have in progress ({@link TestPeers#awaitIdle}), and
 * helpers to write and check the reference's JSON.
 */
abstract class PeerTestBase {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    static final int ALICE = 1; // sr25519, e2e key
    static final int BOB = 2; // sr25519, e2e key
    static final int CHARLIE = 3; // ed25519, e2e key
    static final int DAVE = 4; // sr25519, e2e key, no gateway runs for it
    static final int EVE = 5; // sr25519, no e2e key registered
    static final int BROKEN_KEY = 9; // registered with a pk that is no secp256k1 point
    static final int UNREACHABLE_REGISTRY = 10; // its lookup fails

    static final long NOW = 1_800_000_000L;

    static LocalTwinRegistry twins;
    static TwinRegistry registry;
    static ScheduledThreadPoolExecutor executor;
    static TestPeers peers;

    final MutableClock clock = new MutableClock(Instant.ofEpochSecond(NOW));
    PeerSettings settings = new PeerSettings("v0-test", 64, Duration.ofSeconds(1), Duration.ofMillis(100));
    TestPeers.Peer alice;

    @BeforeAll
    static void network() throws Exception {
        twins = new LocalTwinRegistry(TwinFiles.read(Vectors.dir().resolve("twins.json")));
        byte[] notAPoint = new byte[33];
        notAPoint[0] = 0x05;
        twins.put(new Twin(BROKEN_KEY, new byte[32], Set.of("localhost"), notAPoint));
        registry = new TwinRegistry() {
            @Override
            public Optional<Twin> find(int twinId) throws RegistryException {
                if (twinId == UNREACHABLE_REGISTRY) {
                    throw new RegistryException("chain unreachable");
                }
                return twins.find(twinId);
            }

            @Override
            public java.util.OptionalInt findIdByAccount(byte[] account) {
                return twins.findIdByAccount(account);
            }
        };
        PeerActivity activity = new PeerActivity();
        executor = activity.executor(4, "peer-test");
        peers = new TestPeers(REDIS, activity);
    }

    @AfterAll
    static void shutdown() {
        peers.close();
        executor.shutdownNow();
    }

    @BeforeEach
    void startAlice() throws Exception {
        REDIS.command("FLUSHALL");
        alice = start(ALICE);
    }

    @AfterEach
    void stopPeers() {
        peers.stopAll();
    }

    TestPeers.Peer start(int twin) throws Exception {
        return peers.start(twin, registry, executor, clock, settings);
    }

    // ---- helpers ----

    static String request(String ref, String command, long exp, String dat, String dst, String ret, long now) {
        return "{\"ver\":1,\"ref\":" + (ref == null ? "null" : "\"" + ref + "\"") + ",\"cmd\":\"" + command
                + "\",\"exp\":" + exp + ",\"dat\":\"" + dat + "\",\"tag\":null,\"dst\":" + dst + ",\"ret\":\"" + ret
                + "\",\"shm\":\"application/json\",\"now\":" + now + "}";
    }

    static String localError(String ref, int code, String message) {
        return new String(IncomingResponse.localError(ref, code, message).toJson(), StandardCharsets.UTF_8);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What a service does with an incoming request: answers {@code dat} to its {@code src}. */
    static String answer(String incomingJson, String dat) throws Exception {
        IncomingRequest request = IncomingRequest.parse(utf8(incomingJson));
        return "{\"ver\":1,\"ref\":\"" + request.reference() + "\",\"dat\":\"" + dat + "\",\"dst\":\""
                + request.source() + "\",\"shm\":\"application/json\",\"now\":0,\"err\":null}";
    }

    /** The payload as the receiver sees it: decrypted with its e2e key when it is a cipher. */
    static byte[] payload(RoutingTransport.Frame frame, int receiver) throws Exception {
        Envelope envelope = frame.envelope();
        if (envelope.getPayloadCase() == Envelope.PayloadCase.CIPHER) {
            byte[] senderPk = TestPeers.e2eKey(envelope.getSource().getTwin()).publicKey();
            return TestPeers.e2eKey(receiver)
                    .decrypt(senderPk, envelope.getCipher().toByteArray());
        }
        return envelope.getPlain().toByteArray();
    }

    static void assertSignedBy(int twin, Envelope envelope) throws InvalidSignatureException {
        EnvelopeSignatures.verify(envelope, TestTwins.signer(twin).publicKey());
    }

    /**
     * A request from twin {@code from} to twin {@code to} as a remote peer sends it: stamped now (on
     * the test clock), expiring in 60 s, a plain {@code {}}; unsigned until the test signs it.
     */
    static TestEnvelopes.Builder remote(int from, int to, String uid, String command) {
        return TestEnvelopes.request(SessionKey.of(from), SessionKey.of(to), command)
                .uid(uid)
                .timestamp(NOW)
                .expiration(60)
                .payload("{}");
    }

    /** A request envelope from {@code from}, signed by {@code signer}, plain unless a cipher is given. */
    static Envelope remoteRequest(
            int from,
            int signer,
            int to,
            String uid,
            String command,
            long timestamp,
            long expiration,
            ByteString cipher) {
        TestEnvelopes.Builder request =
                remote(from, to, uid, command).timestamp(timestamp).expiration(expiration);
        if (cipher == null) {
            return request.signedBy(TestTwins.signer(signer));
        }
        Envelope.Builder encrypted = request.build().toBuilder().setCipher(cipher);
        return EnvelopeSignatures.sign(encrypted, TestTwins.signer(signer));
    }
}
