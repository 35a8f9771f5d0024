package dev.rmbee.chain.rpc;

import static dev.rmbee.testing.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.ScriptedRpcChannel;
import dev.rmbee.testing.ScriptedRpcNodes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RpcConnectionTest {

    private static final URI URL = URI.create("ws://node-a:9944");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final ScriptedRpcNodes nodes = new ScriptedRpcNodes();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> closed = new ArrayList<>();
    private final RpcConnection connection =
            RpcConnection.open(nodes, URL, scheduler, CALL_TIMEOUT, closed::add).join();
    private final ScriptedRpcChannel node = nodes.last();

    @Test
    void answersGoToTheirCallsByIdWhateverTheOrder() {
        CompletableFuture<JsonValue> first = connection.call("chain_getBlockHash", Json.createValue(0));
        CompletableFuture<JsonValue> second = connection.call("state_getRuntimeVersion");
        List<JsonObject> requests = node.requests();

        node.reply(requests.get(1), Json.createValue("second"));
        node.reply(requests.get(0), Json.createValue("first"));

        assertEquals(Json.createValue("first"), first.join());
        assertEquals(Json.createValue("second"), second.join());
        assertEquals("2.0", requests.get(0).getString("jsonrpc"));
        assertEquals("chain_getBlockHash", requests.get(0).getString("method"));
        assertEquals(Json.createArrayBuilder().add(0).build(), requests.get(0).getJsonArray("params"));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, requests.get(1).getJsonArray("params"));
        assertFalse(requests.get(0).get("id").equals(requests.get(1).get("id")));
    }

    @Test
    void aNullResultIsJsonNull() {
        CompletableFuture<JsonValue> call = connection.call("state_getStorage", Json.createValue("0x00"));
        node.reply(node.request("state_getStorage"), JsonValue.NULL);
        assertSame(JsonValue.NULL, call.join());
    }

    @Test
    void anErrorAnswerIsTheNodeSayingNo() {
        CompletableFuture<JsonValue> call = connection.call("author_submitAndWatchExtrinsic", Json.createValue("0x"));
        node.replyError(
                node.request("author_submitAndWatchExtrinsic"),
                1010,
                "Invalid Transaction",
                Json.createValue("Transaction has a bad signature"));

        RpcErrorException error = assertInstanceOf(RpcErrorException.class, failure(call));
        assertEquals(1010, error.code());
        assertEquals("Invalid Transaction", error.errorMessage());
        assertEquals("Transaction has a bad signature", error.data().orElseThrow());
        assertTrue(connection.isOpen());
    }

    @Test
    void errorDataThatIsNotAStringIsKeptAsJson() {
        CompletableFuture<JsonValue> call = connection.call("author_submitExtrinsic");
        node.replyError(
                node.request("author_submitExtrinsic"),
                1010,
                "Invalid Transaction",
                Json.createObjectBuilder()
                        .add("invalid", Json.createObjectBuilder().addNull("badProof"))
                        .build());

        RpcErrorException error = assertInstanceOf(RpcErrorException.class, failure(call));
        assertEquals("{\"invalid\":{\"badProof\":null}}", error.data().orElseThrow());
    }

    @Test
    void aCallWithoutAnAnswerTimesOutAndALateAnswerIsIgnored() {
        CompletableFuture<JsonValue> call = connection.call("state_getMetadata");
        scheduler.advance(CALL_TIMEOUT.minusMillis(1));
        assertFalse(call.isDone());

        scheduler.advance(Duration.ofMillis(1));

        RpcUnavailableException error = assertInstanceOf(RpcUnavailableException.class, failure(call));
        assertTrue(error.getMessage().contains("no answer to state_getMetadata"), error.getMessage());
        node.reply(node.request("state_getMetadata"), Json.createValue("0x6d657461"));
        assertTrue(connection.isOpen());
    }

    @Test
    void anAnsweredCallLeavesNoTimeoutBehind() {
        CompletableFuture<JsonValue> call = connection.call("system_chain");
        node.reply(node.request("system_chain"), Json.createValue("tfchain"));
        call.join();
        assertEquals(0, scheduler.pending());
    }

    @Test
    void aDroppedConnectionFailsEveryWaitingCallAndEveryLaterOne() {
        CompletableFuture<JsonValue> first = connection.call("state_getMetadata");
        CompletableFuture<JsonValue> second = connection.call("chain_getBlockHash");

        node.drop("connection reset");

        assertInstanceOf(RpcUnavailableException.class, failure(first));
        assertTrue(
                failure(second).getMessage().contains("connection reset"),
                failure(second).getMessage());
        assertInstanceOf(RpcUnavailableException.class, failure(connection.call("state_getRuntimeVersion")));
        assertFalse(connection.isOpen());
        assertEquals(List.of("connection reset"), closed);
    }

    @Test
    void closingEndsTheChannelAndFailsWaitingCalls() {
        CompletableFuture<JsonValue> call = connection.call("state_getMetadata");

        connection.close("heads stalled");
        connection.close();

        assertTrue(node.closedByClient());
        assertTrue(
                failure(call).getMessage().contains("heads stalled"),
                failure(call).getMessage());
        assertEquals(List.of("heads stalled"), closed);
    }

    @Test
    void textThatIsNotJsonRpcClosesTheConnectionInsteadOfHanging() {
        CompletableFuture<JsonValue> call = connection.call("state_getMetadata");

        node.receive("<html>502 Bad Gateway</html>");

        assertInstanceOf(RpcUnavailableException.class, failure(call));
        assertTrue(node.closedByClient());
        assertEquals(List.of("the node sent a message that is not JSON-RPC"), closed);
    }

    @Test
    void aJsonValueThatIsNotAMessageAlsoClosesTheConnection() {
        node.receive("[1,2,3]");
        assertFalse(connection.isOpen());
    }

    @Test
    void anOpenThatFailsIsUnavailable() {
        URI dead = URI.create("ws://dead:9944");
        nodes.refuse(dead);

        CompletableFuture<RpcConnection> opening =
                RpcConnection.open(nodes, dead, scheduler, CALL_TIMEOUT, closed::add);

        RpcUnavailableException error = assertInstanceOf(RpcUnavailableException.class, failure(opening));
        assertTrue(error.getMessage().contains("connection refused"), error.getMessage());
    }
}
