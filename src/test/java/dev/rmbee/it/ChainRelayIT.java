package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.auth.RelayTokens;
import dev.rmbee.registry.Twin;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.ChainRelayServer;
import dev.rmbee.testing.HealthProbe;
import dev.rmbee.testing.OfficialTwin;
import dev.rmbee.testing.TestChainNode;
import dev.rmbee.testing.TestChainNode.TwinEvent;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay on tfchain (the build's third server, {@link ChainRelayServer}) with a test chain node
 * on its two {@code rmb.chain.urls}: twins that exist only on the chain connect and are served,
 * the chain's twin events take effect without waiting for the cache, the node's first URL fails
 * over to the second, and with the chain down a twin the relay cannot look up is told to come back
 * (503), never refused. Twins are played with {@link TwinSocket} and the official client, with the
 * fixtures' keys under ids of this class's own (3000-3999, on the chain only unless said).
 */
class ChainRelayIT {

    private static final int UPGRADED = 101;
    /** The largest id on the chain: every id the tests use is below it, so the relay reads them. */
    private static final int LAST_ID = 999_999;
    /** Ids on no chain and in no file, a fresh one for each probe, so that none is ever cached. */
    private static final AtomicInteger UNUSED_IDS = new AtomicInteger(500_000);
    /** The relay was started by the build before the node existed; it retries at most every second. */
    private static final Duration FIRST_CONNECTION = Duration.ofMinutes(3);

    private static final int ALICE = 1;
    private static final int BOB = 2;
    private static final int CHARLIE = 3;

    private static final HealthProbe HEALTH = HealthProbe.of("127.0.0.1:" + ChainRelayServer.PORT);

    private static TestChainNode node;
    private static int firstPort;
    private static int secondPort;

    @BeforeAll
    static void startTheChainAndAwaitTheRelay() throws Exception {
        int[] ports = ChainRelayServer.chainNodePorts();
        firstPort = ports[0];
        secondPort = ports[1];
        awaitReadiness(false, "no chain node connected");
        node = TestChainNode.builder()
                .rpcPorts(ports)
                .blockInterval(Duration.ofMillis(500))
                .start();
        node.putTwin(chainTwin(LAST_ID, ALICE), TwinEvent.STORED);
        node.putTwin(chainTwin(3000, ALICE), TwinEvent.NONE);
        Await.until(
                "the relay connected to the chain: twin 3000, only on the chain, not refused with 503",
                () -> upgrade(3000, ALICE) != 503,
                FIRST_CONNECTION);
        assertEquals(UPGRADED, upgrade(3000, ALICE), node.describe());
        awaitReadiness(true, "ws://127.0.0.1:");
    }

    /**
     * The relay's readiness (MicroProfile Health): ready only while it reads the chain; its registry
     * check names tfchain, with the node's URL or why none is connected.
     */
    private static void awaitReadiness(boolean ready, String tfchain) {
        HealthProbe.Answer answer = Await.value(
                "relay 3 " + (ready ? "ready" : "not ready") + ", its registry check " + (ready ? "UP" : "DOWN"),
                () -> {
                    HealthProbe.Answer now = HEALTH.ready();
                    return now.checks().containsKey("registry")
                                    && now.status("registry").equals(ready ? "UP" : "DOWN")
                            ? Optional.of(now)
                            : Optional.empty();
                },
                FIRST_CONNECTION);
        assertEquals(ready ? 200 : 503, answer.httpStatus(), answer.toString());
        assertTrue(answer.data("registry", "tfchain").startsWith(tfchain), answer.toString());
    }

    @AfterAll
    static void stopTheChain() {
        if (node != null) {
            node.close();
        }
    }

    /** Whatever a test before did to the node, the relay reads the chain again before the next begins. */
    @BeforeEach
    void chainAnswers() {
        Await.until(
                "the relay answering from the chain (an unknown twin refused with 401, not 503)",
                () -> upgrade(UNUSED_IDS.getAndIncrement(), ALICE) == 401,
                FIRST_CONNECTION);
    }

    @Test
    void twoTwinsOnlyOnTheChainExchangeARequestAndItsResponse() throws Exception {
        node.putTwin(chainTwin(3001, ALICE), TwinEvent.STORED);
        node.putTwin(chainTwin(3002, BOB), TwinEvent.STORED);
        SessionKey a = session(3001, "asks");
        SessionKey b = session(3002, "answers");
        try (TwinSocket asking = connect(a, ALICE);
                TwinSocket answering = connect(b, BOB)) {
            Envelope request = TestEnvelopes.request(a, b, "test.echo")
                    .payload("who are you, 3002?")
                    .signedBy(TestTwins.signer(ALICE));
            asking.send(request);
            assertEquals(request, answering.nextEnvelope("the request of twin 3001"));
            Envelope response = TestEnvelopes.response(request)
                    .payload("twin 3002, from the chain")
                    .signedBy(TestTwins.signer(BOB));
            answering.send(response);
            assertEquals(response, asking.nextEnvelope("the response of twin 3002"));
        }
    }

    @Test
    void theOfficialClientCallsATwinOnlyOnTheChain() throws Exception {
        OfficialTwin.ensureInstalled();
        node.putTwin(chainTwin(3101, ALICE), TwinEvent.STORED);
        node.putTwin(chainTwin(3102, BOB), TwinEvent.STORED);
        Path twins = officialTwinsFile(officialTwin(3101, "chain-alice", ALICE), officialTwin(3102, "chain-bob", BOB));
        String payload = "{\"question\":\"are you on the chain, bob?\"}";
        try (OfficialTwin bob = OfficialTwin.serve("chain-bob", ChainRelayServer.webSocket(), null, twins);
                OfficialTwin alice = OfficialTwin.call(
                        "chain-alice", ChainRelayServer.webSocket(), null, 3102, "rmbee.echo", payload, twins)) {
            JsonObject response = json(alice.result());
            assertEquals(payload, response.getString("echo"), bob.describe());
            assertEquals("chain-bob", response.getString("by"));
            assertTrue(
                    bob.log().stream().anyMatch(line -> line.contains("from 3101 payload=cipher")),
                    "bob served twin 3101's encrypted request" + bob.describe());
        }
    }

    @Test
    void aNewKeyOfATwinUpdatedEventTakesEffectWithoutReadingTheTwinAgain() throws Exception {
        node.putTwin(chainTwin(3010, ALICE), TwinEvent.STORED);
        assertEquals(UPGRADED, upgrade(3010, ALICE));
        int reads = twinReads(3010, ALICE);

        node.putTwin(chainTwin(3010, BOB), TwinEvent.UPDATED);

        Await.until("alice's key of twin 3010 refused after its TwinUpdated", () -> upgrade(3010, ALICE) == 401);
        assertEquals(UPGRADED, upgrade(3010, BOB), "the new key is accepted");
        assertEquals(reads, twinReads(3010, ALICE), "the relay took the new key from the event, not from a read");
    }

    @Test
    void aDeletedTwinIsRefused() throws Exception {
        node.putTwin(chainTwin(3020, ALICE), TwinEvent.STORED);
        assertEquals(UPGRADED, upgrade(3020, ALICE));

        assertTrue(node.deleteTwin(3020));

        Await.until("twin 3020 refused after its TwinDeleted", () -> upgrade(3020, ALICE) == 401);
    }

    @Test
    void anUnknownTwinIsRefusedNotTurnedAway() throws Exception {
        assertEquals(401, upgrade(3500, ALICE), "an id below the chain's last one, which no twin has");
        assertEquals(401, upgrade(LAST_ID + 1, ALICE), "an id above the chain's last one");
    }

    @Test
    void theLocalRegistrysTwinWinsOverTheChainsTwinWithItsId() throws Exception {
        // chain-local-twins.json has twin 3900 with charlie's key
        node.putTwin(chainTwin(3900, ALICE), TwinEvent.STORED);
        assertEquals(UPGRADED, upgrade(3900, CHARLIE));
        assertEquals(401, upgrade(3900, ALICE));
    }

    @Test
    void aTwinPutAfterTheFirstUrlClosedConnectsThroughTheSecond() throws Exception {
        try {
            node.closePort(firstPort);
            node.putTwin(chainTwin(3030, ALICE), TwinEvent.STORED);

            int status = Await.value("the relay on the second URL: twin 3030 not turned away with 503", () -> {
                int upgrade = upgrade(3030, ALICE);
                return upgrade == 503 ? Optional.empty() : Optional.of(upgrade);
            });
            assertEquals(UPGRADED, status, node.describe());
        } finally {
            node.openPort(firstPort);
        }
    }

    @Test
    void withTheChainDownUncachedTwinsAreToldToComeBackAndCachedOnesWork() throws Exception {
        node.putTwin(chainTwin(3040, ALICE), TwinEvent.STORED);
        node.putTwin(chainTwin(3041, BOB), TwinEvent.STORED);
        SessionKey sender = session(3040, "sender");
        SessionKey cached = session(3041, "cached");
        assertEquals(UPGRADED, upgrade(3041, BOB));
        try (TwinSocket sending = connect(sender, ALICE)) {
            node.closePort(firstPort);
            node.closePort(secondPort);
            node.putTwin(chainTwin(3042, CHARLIE), TwinEvent.NONE);
            awaitReadiness(false, "no chain node connected");

            assertEquals(503, upgrade(3042, CHARLIE), "a twin the relay cannot look up now");
            Envelope toUncached = TestEnvelopes.request(sender, SessionKey.of(3042), "test.echo")
                    .payload("to a twin the relay cannot look up")
                    .signedBy(TestTwins.signer(ALICE));
            sending.send(toUncached);
            Envelope error = sending.nextEnvelope("the error for the request to twin 3042");
            assertEquals(toUncached.getUid(), error.getUid());
            assertTrue(
                    error.getError().getMessage().startsWith("twin registry unavailable"),
                    error.getError().getMessage());

            try (TwinSocket cachedTwin = connect(cached, BOB)) {
                Envelope toCached = TestEnvelopes.request(sender, cached, "test.echo")
                        .payload("to a cached twin")
                        .signedBy(TestTwins.signer(ALICE));
                sending.send(toCached);
                assertEquals(toCached, cachedTwin.nextEnvelope("the request to the cached twin 3041"));
            }

            node.openPort(firstPort);
            node.openPort(secondPort);
            int status = Await.value("the chain back: twin 3042 not turned away with 503", () -> {
                int upgrade = upgrade(3042, CHARLIE);
                return upgrade == 503 ? Optional.empty() : Optional.of(upgrade);
            });
            assertEquals(UPGRADED, status, node.describe());
            awaitReadiness(true, "ws://127.0.0.1:");
        } finally {
            node.openPort(firstPort);
            node.openPort(secondPort);
        }
    }

    /** Twin {@code id} as the chain has it: the account of fixture twin {@code keyOf}, this relay. */
    private static Twin chainTwin(int id, int keyOf) {
        JsonObject fixture = TestTwins.twin(keyOf);
        byte[] pk = fixture.isNull("pk") ? null : Vectors.hex(fixture.getString("pk"));
        return new Twin(id, Vectors.hex(fixture.getString("account")), Set.of(ChainRelayServer.domain()), pk);
    }

    private static SessionKey session(int twin, String role) {
        return new SessionKey(twin, "chain-" + role + "-" + Uids.next());
    }

    private static String token(int twin, String sid, int keyOf) {
        long now = TestEnvelopes.now();
        return RelayTokens.create(TestTwins.signer(keyOf), twin, sid, now, now + 300);
    }

    private static TwinSocket connect(SessionKey session, int keyOf) throws Exception {
        return TwinSocket.connect(ChainRelayServer.webSocket(), token(session.twin(), session.sid(), keyOf));
    }

    /** The HTTP status of an upgrade as twin {@code id} with the key of fixture twin {@code keyOf}. */
    private static int upgrade(int id, int keyOf) throws Exception {
        try {
            connect(session(id, "probe"), keyOf).close();
            return UPGRADED;
        } catch (TwinSocket.HandshakeRefused refused) {
            return refused.status();
        }
    }

    private static int twinReads(int id, int keyOf) {
        String key = node.storageKeys(id, Vectors.hex(TestTwins.twin(keyOf).getString("account")))
                .getString("twin");
        return node.storageReads(key);
    }

    /** A twin of the official client's twins file: a fixture twin's key under another id and name. */
    private static JsonObject officialTwin(int id, String name, int keyOf) {
        return Json.createObjectBuilder(TestTwins.twin(keyOf))
                .add("id", id)
                .add("name", name)
                .add("relays", Json.createArrayBuilder().add(ChainRelayServer.domain()))
                .build();
    }

    /** The twins file of the official client's own chain stub, beside its installation under target/. */
    private static Path officialTwinsFile(JsonObject... twins) throws Exception {
        Path file = OfficialTwin.dir().resolveSibling("chain-relay-it").resolve("twins.json");
        Files.createDirectories(file.getParent());
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (JsonObject twin : twins) {
            list.add(twin);
        }
        JsonObject content = Json.createObjectBuilder()
                .add("comment", "ChainRelayIT: chain twins with fixture keys, for the official client's chain stub")
                .add("twins", list)
                .build();
        Files.writeString(file, content.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static JsonObject json(String line) {
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            return reader.readObject();
        }
    }
}
