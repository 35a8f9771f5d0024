package dev.rmbee.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.registry.Twin;
import dev.rmbee.testing.TestChainNode.Submission;
import dev.rmbee.testing.TestChainNode.TwinEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test chain node answers like tfchain: its metadata and storage values are the vectors' bytes,
 * it announces heads, verifies a fixture extrinsic with polkadot-js and applies it, refuses a bad
 * signature like a real node, and drops connections on demand.
 */
class ChainNodeKitIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final JsonObject FIXTURES = Vectors.load("chain/polkadotjs-spec149.json");

    private static TestChainNode node;

    @BeforeAll
    static void start() {
        JsonObject source = FIXTURES.getJsonObject("source");
        JsonObject extrinsic = ed25519Fixture();
        node = TestChainNode.builder()
                .genesis(Vectors.hex(extrinsic.getString("genesisHash")))
                .specVersion(source.getInt("specVersion"))
                .transactionVersion(source.getInt("txVersion"))
                .blockInterval(Duration.ZERO)
                .start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void reset() {
        node.reset();
    }

    @Test
    void servesTheMetadataBytesInOneAssembledFrame() throws Exception {
        byte[] expected = Files.readAllBytes(Vectors.dir().resolve("chain/metadata-spec149.scale"));
        try (Rpc rpc = Rpc.open(node.urls().get(0))) {
            String metadata = rpc.call("state_getMetadata").getString("result");
            assertArrayEquals(expected, Vectors.hex(metadata));
            JsonObject version = rpc.call("state_getRuntimeVersion").getJsonObject("result");
            assertEquals("substrate-threefold", version.getString("specName"));
            assertEquals(149, version.getInt("specVersion"));
            assertEquals(
                    -32601,
                    rpc.call("state_noSuchMethod").getJsonObject("error").getInt("code"));
        }
    }

    @Test
    void servesATwinAsTheScaleOfRegistrySection22() throws Exception {
        JsonObject example = FIXTURES.getJsonArray("twinValues").getJsonObject(0);
        JsonObject decoded = example.getJsonObject("decoded");
        Twin twin = new Twin(
                decoded.getInt("id"),
                Vectors.hex(decoded.getString("accountId")),
                Set.of(decoded.getString("relay")),
                Vectors.hex(decoded.getString("pk")));
        node.putTwin(twin, TwinEvent.NONE);
        String key = FIXTURES.getJsonObject("storageKeys").getString("TfgridModule.Twins(1)");
        try (Rpc rpc = Rpc.open(node.urls().get(1))) {
            assertEquals(
                    example.getString("scale"),
                    rpc.call("state_getStorage", key).getString("result"));
            assertEquals(
                    JsonValue.NULL,
                    rpc.call("state_getStorage", key.replace("01000000", "02000000"))
                            .get("result"));
        }
        assertEquals(1, node.storageReads(key));
    }

    @Test
    void announcesAProducedBlock() throws Exception {
        try (Rpc rpc = Rpc.open(node.urls().get(0))) {
            rpc.call("chain_subscribeNewHeads");
            long first = headNumber(rpc.notification());
            long best = node.produceBlocks(1);
            assertEquals(first + 1, best);
            assertEquals(best, headNumber(rpc.notification()));
            assertEquals(
                    rpc.call("chain_getBlockHash").getString("result"),
                    node.status().getString("bestHash"));
        }
    }

    @Test
    void verifiesAndAppliesTheEd25519FixtureAndRefusesAFlippedSignature() throws Exception {
        JsonObject fixture = ed25519Fixture();
        byte[] signer = Vectors.hex(fixture.getString("signer"));
        node.putTwin(new Twin(1, signer, Set.of("old.example.org"), null), TwinEvent.NONE);
        String extrinsic = fixture.getString("extrinsic");
        String signature = fixture.getString("signature").substring(2);
        String flipped = extrinsic.replace(signature, flipFirstByte(signature));
        try (Rpc rpc = Rpc.open(node.urls().get(0))) {
            JsonObject refused =
                    rpc.call("author_submitAndWatchExtrinsic", flipped).getJsonObject("error");
            assertEquals(1010, refused.getInt("code"));
            assertTrue(
                    refused.getJsonObject("data").getJsonObject("invalid").containsKey("badProof"), refused::toString);

            rpc.call("author_submitAndWatchExtrinsic", extrinsic).getString("result");
            assertEquals("ready", rpc.notification().getString("result"));
            String inBlock = rpc.notification().getJsonObject("result").getString("inBlock");
            node.produceBlocks(1);
            assertEquals(inBlock, rpc.notification().getJsonObject("result").getString("finalized"));
        }
        Submission applied = node.submitted().get(1);
        assertEquals("success", applied.outcome());
        assertEquals("relay.grid.tf", applied.relay());
        assertArrayEquals(signer, applied.signer());
        assertEquals(
                "rejected:{\"invalid\":{\"badProof\":null}}",
                node.submitted().get(0).outcome());
        JsonObject storageKeys = FIXTURES.getJsonObject("storageKeys");
        JsonObject twinValue = FIXTURES.getJsonArray("twinValues").getJsonObject(0); // relay.grid.tf, the same pk
        String expected = twinValue
                .getString("scale")
                .replace(
                        twinValue
                                .getJsonObject("decoded")
                                .getString("accountId")
                                .substring(2),
                        HexFormat.of().formatHex(signer));
        try (Rpc rpc = Rpc.open(node.urls().get(0))) {
            assertEquals(
                    expected,
                    rpc.call("state_getStorage", storageKeys.getString("TfgridModule.Twins(1)"))
                            .getString("result"));
        }
    }

    @Test
    void dropsConnections() throws Exception {
        try (Rpc rpc = Rpc.open(node.urls().get(0))) {
            assertTrue(node.dropConnections() >= 1);
            rpc.closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(rpc.closed.isDone());
        }
        node.closePort(node.rpcPorts().get(0));
        assertThrows(Exception.class, () -> Rpc.open(node.urls().get(0)).close());
        node.openPort(node.rpcPorts().get(0));
        try (Rpc rpc = Rpc.open(node.urls().get(0))) {
            assertEquals(
                    JsonValue.ValueType.STRING,
                    rpc.call("chain_getBlockHash", 0).get("result").getValueType());
        }
    }

    @Test
    void upgradesItsRuntimeToTheSpec144Metadata() throws Exception {
        var spec144 = Vectors.dir().resolve("chain/metadata-spec144.hex");
        try (Rpc rpc = Rpc.open(node.urls().get(0))) {
            rpc.call("state_subscribeRuntimeVersion");
            assertEquals(149, rpc.notification().getJsonObject("result").getInt("specVersion"));
            node.upgradeRuntime(150, spec144);
            assertEquals(150, rpc.notification().getJsonObject("result").getInt("specVersion"));
            String metadata = rpc.call("state_getMetadata").getString("result");
            assertEquals(Files.readString(spec144).strip(), metadata);
        }
    }

    private static JsonObject ed25519Fixture() {
        return FIXTURES.getJsonArray("signedExtrinsics").getJsonObject(0);
    }

    private static long headNumber(JsonObject notification) {
        assertEquals("chain_newHead", notification.getString("method", ""), notification::toString);
        return Long.decode(notification.getJsonObject("result").getString("number"));
    }

    private static String flipFirstByte(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        bytes[0] ^= 1;
        return HexFormat.of().formatHex(bytes);
    }

    /** A raw JSON-RPC WebSocket client: answers by id, notifications in a queue, text parts assembled. */
    private static final class Rpc implements WebSocket.Listener, AutoCloseable {
        private final Map<Integer, CompletableFuture<JsonObject>> answers = new ConcurrentHashMap<>();
        private final BlockingQueue<JsonObject> notifications = new LinkedBlockingQueue<>();
        private final CompletableFuture<Void> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final AtomicInteger ids = new AtomicInteger();
        private WebSocket socket;

        static Rpc open(URI url) throws Exception {
            Rpc rpc = new Rpc();
            rpc.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .connectTimeout(TIMEOUT)
                    .buildAsync(url, rpc)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return rpc;
        }

        JsonObject call(String method, Object... params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonObject> answer = new CompletableFuture<>();
            answers.put(id, answer);
            var array = Json.createArrayBuilder();
            for (Object param : params) {
                array = param instanceof Integer n ? array.add(n) : array.add(param.toString());
            }
            JsonObject request = Json.createObjectBuilder()
                    .add("jsonrpc", "2.0")
                    .add("id", id)
                    .add("method", method)
                    .add("params", array)
                    .build();
            socket.sendText(request.toString(), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        JsonObject notification() throws InterruptedException {
            JsonObject notification = notifications.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (notification == null) {
                throw new AssertionError("no notification within " + TIMEOUT);
            }
            return notification.containsKey("params") && notification.get("params") instanceof JsonObject params
                    ? Json.createObjectBuilder(params)
                            .add("method", notification.getString("method"))
                            .build()
                    : notification;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonObject message;
                try (JsonReader reader = Json.createReader(new StringReader(text.toString()))) {
                    message = reader.readObject();
                }
                text.setLength(0);
                if (message.containsKey("id") && !message.isNull("id")) {
                    answers.remove(message.getInt("id")).complete(message);
                } else {
                    notifications.add(message);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(null);
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
