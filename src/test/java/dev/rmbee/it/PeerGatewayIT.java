package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.e2e.E2eKey;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.peer.PeerGateway;
import dev.rmbee.peer.PeerIdentity;
import dev.rmbee.peer.PeerSettings;
import dev.rmbee.peer.api.Base64Data;
import dev.rmbee.peer.api.IncomingRequest;
import dev.rmbee.peer.api.IncomingResponse;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.peer.bus.RedisLocalBus;
import dev.rmbee.peer.link.LinkStatus;
import dev.rmbee.peer.link.RelayLinkSettings;
import dev.rmbee.peer.link.RelayLinks;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.RedisServerExtension;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.StoppedServer;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestRedisson;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Peer mode end to end, as local programs use it: JSON pushed into one peer's Redis is answered by
 * a service reading another peer's Redis, through real relays.
 *
 * <ul>
 *   <li>peer-a (twin 20) is the Arquillian server itself in peer mode (arquillian.xml), its local
 *       API on the integration tests' Redis, connected to both relays;
 *   <li>peer-b (21, sr25519 with e2e key), peer-c (22, ed25519, no e2e key: plain payloads) and
 *       peer-d (23, registered on relay 2 only, so relay 1 reaches it by federation) run in this
 *       JVM on databases 1–3 of a Redis of their own; b and c use both relays, d relay 2 only.
 * </ul>
 *
 * Each test starts with every peer's links connected; the one that stops relay 2 starts it again.
 */
class PeerGatewayIT extends RelayDeployment {

    @RegisterExtension
    static final RedisServerExtension LOCAL_REDIS = new RedisServerExtension();

    /** Generous: after relay 2's restart, relay 1's federation retry may be up to 30 s away. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final int A = 20;
    private static final int B = 21;
    private static final int C = 22;
    private static final int D = 23;
    private static final int RELAY1_PORT = Integer.getInteger("it.http.port", 9182);
    private static final String RELAY1 = "ws://127.0.0.1:" + RELAY1_PORT + "/";
    private static final String RELAY2 = EmbeddedRelayServer.webSocket().toString();
    private static final RelayLinkSettings QUICK = RelayLinkSettings.DEFAULTS
            .withKeepAlive(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(4))
            .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));

    private static ScheduledExecutorService executor;
    private static RedissonClient peerARedis;
    private static LocalPeer peerB;
    private static LocalPeer peerC;
    private static LocalPeer peerD;

    @BeforeAll
    static void startPeers() throws Exception {
        executor = Executors.newScheduledThreadPool(8);
        LocalTwinRegistry registry = new LocalTwinRegistry();
        for (String file : System.getProperty("it.registry.files").split(",")) {
            TwinFiles.read(Path.of(file.trim())).forEach(registry::put);
        }
        peerARedis = redis("redis://127.0.0.1:" + Integer.getInteger("it.redis.port", 6391), 0);
        peerB = new LocalPeer(registry, "//PeerB", KeyType.SR25519, 1, List.of(RELAY1, RELAY2));
        peerC = new LocalPeer(registry, "//PeerC", KeyType.ED25519, 2, List.of(RELAY1, RELAY2));
        peerD = new LocalPeer(registry, "//PeerD", KeyType.SR25519, 3, List.of(RELAY2));
        allConnected();
    }

    /** Every test starts with all links of the peers of this JVM up (relay 2 may just have come back). */
    @BeforeEach
    void allPeersConnected() {
        allConnected();
    }

    private static void allConnected() {
        for (LocalPeer peer : List.of(peerB, peerC, peerD)) {
            peer.awaitConnected();
        }
    }

    @AfterAll
    static void stopPeers() {
        for (LocalPeer peer : new LocalPeer[] {peerB, peerC, peerD}) {
            if (peer != null) {
                peer.close();
            }
        }
        if (peerARedis != null) {
            peerARedis.shutdown(0, 5, TimeUnit.SECONDS);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private static RedissonClient redis(String address, int database) {
        return TestRedisson.connect(address, database, 8);
    }

    /** LPUSH, as the reference's clients do. */
    private static void push(RedissonClient redis, String list, String json) {
        redis.<String>getDeque(list, StringCodec.INSTANCE).addFirst(json);
    }

    /** BRPOP: the oldest item of {@code list}, waiting up to {@link #WAIT}; fails naming the list when none came. */
    private static String popOrFail(RedissonClient redis, String list) throws InterruptedException {
        String item = redis.<String>getBlockingDeque(list, StringCodec.INSTANCE)
                .pollLast(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(item, "nothing arrived on " + list + " within " + WAIT.toSeconds() + " s");
        return item;
    }

    private static String request(String ref, String cmd, long exp, String dat, String dst, String ret, long now) {
        return "{\"ver\":1,\"ref\":\"" + ref + "\",\"cmd\":\"" + cmd + "\",\"exp\":" + exp + ",\"dat\":\"" + dat
                + "\",\"tag\":null,\"dst\":" + dst + ",\"ret\":\"" + ret + "\",\"shm\":\"application/json\",\"now\":"
                + now + "}";
    }

    private static String b64(String text) {
        return Base64Data.encode(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(String base64) {
        return new String(Base64Data.decode(base64), StandardCharsets.UTF_8);
    }

    /**
     * A service on {@code peer}: takes one request of {@code cmd} and answers it, as a reference
     * service would (reply JSON on msgbus.system.reply with ref and dst copied from the request).
     */
    private static IncomingRequest serveOne(RedissonClient redis, String cmd, Function<IncomingRequest, String> answer)
            throws Exception {
        IncomingRequest request =
                IncomingRequest.parse(popOrFail(redis, "msgbus." + cmd).getBytes(StandardCharsets.UTF_8));
        assertEquals(LocalKeys.SYSTEM_REPLY, request.replyTo());
        push(
                redis,
                LocalKeys.SYSTEM_REPLY,
                "{\"ver\":1,\"ref\":\"" + request.reference() + "\",\"dat\":\""
                        + b64(answer.apply(request)) + "\",\"dst\":\"" + request.source()
                        + "\",\"shm\":\"application/json\","
                        + "\"now\":0,\"err\":null}");
        return request;
    }

    @Test
    void aRequestPushedIntoOnePeersRedisIsAnsweredByAServiceOfAnother() throws Exception {
        long sentAt = TestEnvelopes.now();
        push(peerARedis, LocalKeys.SYSTEM_LOCAL, request("it-1", "it.echo", 60, b64("hello"), "[21]", "it.ret.1", 0));

        String raw = popOrFail(peerB.redis, "msgbus.it.echo");
        IncomingRequest received = IncomingRequest.parse(raw.getBytes(StandardCharsets.UTF_8));
        assertEquals(
                "{\"ver\":1,\"ref\":\"" + received.reference() + "\",\"src\":\"20\",\"cmd\":\"it.echo\","
                        + "\"exp\":60,\"dat\":\"" + b64("hello") + "\",\"tag\":null,\"ret\":\"msgbus.system.reply\","
                        + "\"shm\":\"application/json\",\"now\":" + received.timestamp() + "}",
                raw,
                "the reference's incoming-request shape, byte for byte");
        assertEquals(36, received.reference().length(), "ref is the envelope uid");
        assertTrue(
                received.timestamp() >= sentAt && received.timestamp() <= TestEnvelopes.now(),
                "now is the sending time");
        // the service answers as the Python tester's echo does (extra members are ignored)
        push(
                peerB.redis,
                LocalKeys.SYSTEM_REPLY,
                "{\"ver\":1,\"ref\":\"" + received.reference() + "\",\"dat\":\""
                        + b64("world") + "\",\"dst\":\"20\",\"shm\":\"application/json\",\"now\":" + TestEnvelopes.now()
                        + ",\"err\":null,\"cmd\":\"it.echo\",\"exp\":60,\"ret\":\"msgbus.system.reply\"}");

        String response = popOrFail(peerARedis, "it.ret.1");
        IncomingResponse parsed = IncomingResponse.parse(response.getBytes(StandardCharsets.UTF_8));
        assertEquals(
                "{\"ver\":1,\"ref\":\"it-1\",\"dat\":\"" + b64("world") + "\",\"src\":\"21\","
                        + "\"shm\":\"application/json\",\"now\":" + parsed.timestamp() + ",\"err\":null}",
                response,
                "the reference's incoming-response shape, byte for byte");
    }

    @Test
    void aTwinWithoutE2eKeyAsksAndAnswersInPlain() throws Exception {
        // c (no e2e key) asks a service behind the server's peer, and a asks c
        push(
                peerC.redis,
                LocalKeys.SYSTEM_LOCAL,
                request("it-2", "it.plain", 60, b64("from c"), "[20]", "it.ret.2", 0));
        IncomingRequest atA = serveOne(peerARedis, "it.plain", request -> "to c");
        assertEquals("22", atA.source());
        assertEquals("from c", text(atA.data()));
        IncomingResponse back =
                IncomingResponse.parse(popOrFail(peerC.redis, "it.ret.2").getBytes(StandardCharsets.UTF_8));
        assertEquals("to c", text(back.data()));
        assertEquals("20", back.source());
        assertNull(back.error());

        push(peerARedis, LocalKeys.SYSTEM_LOCAL, request("it-3", "it.plain", 60, b64("to c"), "[22]", "it.ret.3", 0));
        serveOne(peerC.redis, "it.plain", request -> "from c again");
        IncomingResponse answer =
                IncomingResponse.parse(popOrFail(peerARedis, "it.ret.3").getBytes(StandardCharsets.UTF_8));
        assertEquals("22", answer.source());
        assertEquals("from c again", text(answer.data()));
    }

    @Test
    void fanOutToThreeDestinationsGivesThreeResponses() throws Exception {
        push(
                peerARedis,
                LocalKeys.SYSTEM_LOCAL,
                request("it-4", "it.fan", 90, b64("all"), "[21,22,23]", "it.ret.4", 0));
        Set<String> requestUids = new HashSet<>();
        requestUids.add(serveOne(peerB.redis, "it.fan", request -> "b").reference());
        requestUids.add(serveOne(peerC.redis, "it.fan", request -> "c").reference());
        requestUids.add(serveOne(peerD.redis, "it.fan", request -> "d").reference());
        assertEquals(1, requestUids.size(), "one uid shared by the three envelopes");

        Set<String> answers = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            IncomingResponse response =
                    IncomingResponse.parse(popOrFail(peerARedis, "it.ret.4").getBytes(StandardCharsets.UTF_8));
            assertEquals("it-4", response.reference());
            answers.add(response.source() + "=" + text(response.data()));
        }
        assertEquals(Set.of("21=b", "22=c", "23=d"), answers);
    }

    @Test
    void badRequestsGetErrorsOrAreSkippedAndTheLoopGoesOn() throws Exception {
        push(
                peerARedis,
                LocalKeys.SYSTEM_LOCAL,
                request("it-exp", "it.bad", 60, b64("x"), "[21]", "it.ret.5", TestEnvelopes.now() - 120));
        push(peerARedis, LocalKeys.SYSTEM_LOCAL, request("it-b64", "it.bad", 60, "not base64!", "[21]", "it.ret.5", 0));
        push(
                peerARedis,
                LocalKeys.SYSTEM_LOCAL,
                request("it-unknown", "it.bad", 60, b64("x"), "[4077]", "it.ret.5", 0));
        push(peerARedis, LocalKeys.SYSTEM_LOCAL, "{this is not json");
        push(
                peerARedis,
                LocalKeys.SYSTEM_LOCAL,
                "{\"ver\":1,\"cmd\":\"it.bad\",\"exp\":\"60\",\"dat\":\"\",\"dst\":[21],"
                        + "\"ret\":\"it.ret.5\",\"now\":0}");
        push(
                peerARedis,
                LocalKeys.SYSTEM_LOCAL,
                request("it-good", "it.good", 60, b64("still here"), "[21]", "it.ret.6", 0));

        List<IncomingResponse> errors = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            errors.add(IncomingResponse.parse(popOrFail(peerARedis, "it.ret.5").getBytes(StandardCharsets.UTF_8)));
        }
        Set<String> codes = new HashSet<>();
        for (IncomingResponse error : errors) {
            assertNotNull(error.error(), "an error response: " + error);
            assertEquals("", error.source(), "a local error has src \"\"");
            assertEquals(0, error.timestamp(), "a local error has now 0");
            assertEquals("", error.data());
            codes.add((error.reference() == null ? "null" : error.reference()) + ":"
                    + error.error().code());
        }
        assertEquals(Set.of("it-exp:102", "it-b64:400", "it-unknown:103", "null:400"), codes);
        // a good request of the same command, pushed after them: the first (and only) one b's service gets
        push(
                peerARedis,
                LocalKeys.SYSTEM_LOCAL,
                request("it-bad-marker", "it.bad", 60, b64("marker"), "[21]", "it.ret.5b", 0));
        IncomingRequest first = serveOne(peerB.redis, "it.bad", request -> "marker served");
        assertEquals("marker", text(first.data()), "no bad request was sent before it");
        assertEquals(
                "marker served",
                text(IncomingResponse.parse(popOrFail(peerARedis, "it.ret.5b").getBytes(StandardCharsets.UTF_8))
                        .data()));

        IncomingRequest good = serveOne(peerB.redis, "it.good", request -> "ok");
        assertEquals("still here", text(good.data()), "the loop went on after the malformed items");
        assertEquals(
                "ok",
                text(IncomingResponse.parse(popOrFail(peerARedis, "it.ret.6").getBytes(StandardCharsets.UTF_8))
                        .data()));
    }

    @Test
    void aForgedEnvelopeNeverReachesTheService() throws Exception {
        SessionKey forger = new SessionKey(1, "gateway-forger-" + Uids.next());
        SessionKey peerA = SessionKey.of(A);
        Envelope genuine = TestTwins.request(
                forger,
                peerA,
                Uids.next(),
                "it.forged",
                "{}".getBytes(StandardCharsets.UTF_8),
                TestEnvelopes.now(),
                60);
        byte[] signature = genuine.getSignature().toByteArray();
        signature[10] ^= 0x01;
        Envelope forged =
                genuine.toBuilder().setSignature(ByteString.copyFrom(signature)).build();
        // both relays serve the forger's twin and peer-a may answer through either: listen on both
        try (TwinSocket onRelay1 = TwinSocket.connect(URI.create(RELAY1), TestTwins.token(forger));
                TwinSocket onRelay2 = TwinSocket.connect(URI.create(RELAY2), TestTwins.token(forger))) {
            onRelay1.send(forged.toByteArray());
            Envelope error = firstFrame("peer-a's error for the forged envelope", onRelay1, onRelay2);
            assertEquals(genuine.getUid(), error.getUid());
            assertTrue(error.hasError(), "an error envelope: " + error);
            assertEquals(104, error.getError().getCode(), error.getError().getMessage());
            EnvelopeSignatures.verify(
                    error, SubstrateKeys.signer("//PeerA", KeyType.SR25519).publicKey());

            // the genuine envelope of the same command, sent after the forged one was refused, is the
            // first that reaches msgbus.it.forged
            Envelope marker = TestTwins.request(
                    forger,
                    peerA,
                    Uids.next(),
                    "it.forged",
                    "{}".getBytes(StandardCharsets.UTF_8),
                    TestEnvelopes.now(),
                    60);
            onRelay1.send(marker);
            IncomingRequest first = serveOne(peerARedis, "it.forged", request -> "genuine");
            assertEquals(marker.getUid(), first.reference(), "the forged envelope never reached msgbus.it.forged");
            Envelope answer = firstFrame("peer-a's answer to the genuine request", onRelay1, onRelay2);
            assertEquals(marker.getUid(), answer.getUid());
            assertTrue(answer.hasResponse(), "a response: " + answer);
        }
    }

    /** The first envelope to arrive on any of the sockets. */
    private static Envelope firstFrame(String expected, TwinSocket... sockets) throws Exception {
        byte[] frame = Await.value(
                expected + " on any of " + sockets.length + " connections",
                () -> {
                    for (TwinSocket socket : sockets) {
                        Optional<byte[]> next = socket.poll();
                        if (next.isPresent()) {
                            return next;
                        }
                    }
                    return Optional.empty();
                },
                WAIT);
        return Envelope.parseFrom(frame);
    }

    @Test
    void aRelayRestartMidTrafficLosesNoRequestAndTheOtherRelayCarriesOn() throws Exception {
        // d lives on relay 2 only: relay 1 reaches it by federation, and d's links go down with relay 2
        push(peerARedis, LocalKeys.SYSTEM_LOCAL, request("it-r0", "it.restart", 120, b64("r0"), "[23]", "it.ret.7", 0));
        serveOne(peerD.redis, "it.restart", request -> "answer " + text(request.data()));
        assertEquals(
                "answer r0",
                text(IncomingResponse.parse(popOrFail(peerARedis, "it.ret.7").getBytes(StandardCharsets.UTF_8))
                        .data()));

        try (StoppedServer down = EmbeddedRelayServer.down()) {
            Await.until(
                    "d's only link, to relay 2, down",
                    () -> peerD.links.status().stream().noneMatch(LinkStatus::connected),
                    WAIT);
            for (int i = 1; i <= 5; i++) {
                push(
                        peerARedis,
                        LocalKeys.SYSTEM_LOCAL,
                        request("it-r" + i, "it.restart", 120, b64("r" + i), "[23]", "it.ret.7", 0));
            }
            // meanwhile a and b, who have both relays, go on through relay 1
            push(
                    peerARedis,
                    LocalKeys.SYSTEM_LOCAL,
                    request("it-other", "it.other", 60, b64("via 1"), "[21]", "it.ret.8", 0));
            serveOne(peerB.redis, "it.other", request -> "through relay 1");
            assertEquals(
                    "through relay 1",
                    text(IncomingResponse.parse(
                                    popOrFail(peerARedis, "it.ret.8").getBytes(StandardCharsets.UTF_8))
                            .data()));
            assertTrue(
                    peerD.links.status().stream().noneMatch(LinkStatus::connected),
                    "d is unreachable for now: " + peerD.links.status());
            down.start();
        }
        peerD.awaitConnected();

        Set<String> served = new HashSet<>();
        for (int i = 1; i <= 5; i++) {
            served.add(text(serveOne(peerD.redis, "it.restart", request -> "answer " + text(request.data()))
                    .data()));
        }
        assertEquals(Set.of("r1", "r2", "r3", "r4", "r5"), served, "every request waiting in relay 1 arrived");
        Set<String> answers = new HashSet<>();
        for (int i = 1; i <= 5; i++) {
            IncomingResponse response =
                    IncomingResponse.parse(popOrFail(peerARedis, "it.ret.7").getBytes(StandardCharsets.UTF_8));
            answers.add(response.reference() + "=" + text(response.data()));
        }
        assertEquals(
                Set.of("it-r1=answer r1", "it-r2=answer r2", "it-r3=answer r3", "it-r4=answer r4", "it-r5=answer r5"),
                answers);

        // and after the restart, new requests work as before
        push(peerARedis, LocalKeys.SYSTEM_LOCAL, request("it-r6", "it.restart", 60, b64("r6"), "[23]", "it.ret.7", 0));
        serveOne(peerD.redis, "it.restart", request -> "answer " + text(request.data()));
        assertEquals(
                "answer r6",
                text(IncomingResponse.parse(popOrFail(peerARedis, "it.ret.7").getBytes(StandardCharsets.UTF_8))
                        .data()));
    }

    /** A peer gateway in this JVM: relay links, its local API on one database of the local Redis. */
    private static final class LocalPeer implements AutoCloseable {
        final String name;
        final RedissonClient redis;
        final RelayLinks links;
        final PeerGateway gateway;

        LocalPeer(LocalTwinRegistry registry, String secret, KeyType type, int database, List<String> relays)
                throws Exception {
            name = secret;
            redis = redis(LOCAL_REDIS.address(), database);
            Signer signer = SubstrateKeys.signer(secret, type);
            PeerIdentity identity =
                    PeerIdentity.resolve(registry, signer, E2eKey.fromSecret(secret, type), OptionalInt.empty());
            PeerGateway[] started = new PeerGateway[1];
            links = new RelayLinks(
                    relays,
                    identity.twinId(),
                    signer,
                    frame -> started[0].onEnvelope(frame),
                    executor,
                    executor,
                    Clock.systemUTC(),
                    QUICK);
            gateway = new PeerGateway(
                    identity,
                    registry,
                    links,
                    new RedisLocalBus(redis, executor, identity.twinId()),
                    executor,
                    Clock.systemUTC(),
                    PeerSettings.defaults("it"));
            started[0] = gateway;
            gateway.start();
            links.start();
        }

        void awaitConnected() {
            Await.until(
                    "all relay links of " + name + " connected",
                    () -> links.status().stream().allMatch(LinkStatus::connected),
                    WAIT);
        }

        @Override
        public void close() {
            links.close();
            gateway.stop(Duration.ofSeconds(3));
            redis.shutdown(0, 5, TimeUnit.SECONDS);
        }
    }
}
