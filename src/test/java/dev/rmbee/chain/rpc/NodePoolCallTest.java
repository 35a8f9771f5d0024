package dev.rmbee.chain.rpc;

import static dev.rmbee.chain.rpc.NodePoolTest.A;
import static dev.rmbee.chain.rpc.NodePoolTest.B;
import static dev.rmbee.chain.rpc.NodePoolTest.CALL_TIMEOUT;
import static dev.rmbee.testing.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.ScriptedRpcChannel;
import dev.rmbee.testing.ScriptedRpcNodes;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class NodePoolCallTest {

    private static final JsonValue KEY = Json.createValue("0x19a2");

    private final ScriptedRpcNodes nodes = new ScriptedRpcNodes();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final NodePool pool = NodePoolTest.pool(nodes, scheduler);

    @Test
    void aCallGoesToTheCurrentConnection() {
        pool.start().join();
        CompletableFuture<JsonValue> call = pool.call("state_getStorage", KEY);
        nodes.last().reply(nodes.last().request("state_getStorage"), JsonValue.NULL);
        assertEquals(JsonValue.NULL, call.join());
    }

    @Test
    void withNoNodeConnectedACallFailsAtOnce() {
        nodes.refuse(A);
        pool.start();

        CompletableFuture<JsonValue> call = pool.call("state_getStorage", KEY);

        RpcUnavailableException error = assertInstanceOf(RpcUnavailableException.class, failure(call));
        assertTrue(error.getMessage().contains("no chain node connected"), error.getMessage());
        assertTrue(error.getMessage().contains("connection refused"), error.getMessage());
    }

    @Test
    void aCallTheLostConnectionDidNotAnswerIsRetriedOnceOnTheNext() {
        pool.start().join();
        ScriptedRpcChannel first = nodes.last();
        CompletableFuture<JsonValue> call = pool.call("state_getStorage", KEY);

        first.drop("connection reset");
        assertFalse(call.isDone());
        scheduler.advance(Duration.ofSeconds(1));
        ScriptedRpcChannel second = nodes.last();
        second.reply(second.request("state_getStorage"), Json.createValue("0x01"));

        assertEquals(B, second.url());
        assertEquals(Json.createValue("0x01"), call.join());
        assertEquals(
                first.request("state_getStorage").get("params"),
                second.request("state_getStorage").get("params"));
    }

    @Test
    void theRetryIsOnlyOnce() {
        pool.start().join();
        CompletableFuture<JsonValue> call = pool.call("state_getStorage", KEY);
        nodes.last().drop("connection reset");
        scheduler.advance(Duration.ofSeconds(1));

        nodes.last().drop("again");

        assertInstanceOf(RpcUnavailableException.class, failure(call));
    }

    @Test
    void theRetryWaitsForTheNextConnectionOnlyUpToTheCallTimeout() {
        pool.start().join();
        CompletableFuture<JsonValue> call = pool.call("state_getStorage", KEY);
        nodes.refuse(A);
        nodes.refuse(B);

        nodes.last().drop("connection reset");
        scheduler.advance(CALL_TIMEOUT);

        RpcUnavailableException error = assertInstanceOf(RpcUnavailableException.class, failure(call));
        assertTrue(error.getMessage().contains("no chain node connected within"), error.getMessage());
    }

    @Test
    void anErrorAnswerIsNotRetried() {
        pool.start().join();
        CompletableFuture<JsonValue> call = pool.call("state_getStorage", KEY);

        nodes.last().replyError(nodes.last().request("state_getStorage"), -32602, "Invalid params", null);

        assertInstanceOf(RpcErrorException.class, failure(call));
        assertEquals(1, nodes.attempts().size());
    }

    @Test
    void aTimeoutOnAConnectionThatStaysUpIsNotRetried() {
        pool.start().join();
        CompletableFuture<JsonValue> call = pool.call("state_getStorage", KEY);

        scheduler.advance(CALL_TIMEOUT);

        assertInstanceOf(RpcUnavailableException.class, failure(call));
        assertEquals(1, nodes.last().requests("state_getStorage").size());
    }

    @Test
    void closingThePoolFailsACallWaitingForItsRetry() {
        pool.start().join();
        CompletableFuture<JsonValue> call = pool.call("state_getStorage", KEY);
        nodes.last().drop("connection reset");

        pool.close();

        assertTrue(failure(call).getMessage().contains("closed"), failure(call).getMessage());
    }
}
