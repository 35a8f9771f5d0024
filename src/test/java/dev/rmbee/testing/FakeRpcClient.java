package dev.rmbee.testing;

import dev.rmbee.chain.rpc.RpcClient;
import dev.rmbee.chain.rpc.RpcConnection;
import dev.rmbee.chain.rpc.RpcUnavailableException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A chain node's calls without a connection, for unit tests of what sits on {@code SubstrateApi}:
 * each call is recorded; a method given an {@link #answer} is answered at once on the caller's
 * thread (an answer that throws fails the call), any other stays pending for the test to complete.
 * Subscriptions are not supported ({@link #connection()} fails).
 */
public final class FakeRpcClient implements RpcClient {

    /** One call: its method, its params and the answer the caller waits for. */
    public record Call(String method, JsonArray params, CompletableFuture<JsonValue> answer) {

        /** The first param as a string ({@code state_getStorage}'s key, in hex with 0x). */
        public String firstParam() {
            return params.getString(0);
        }
    }

    private final Map<String, Function<JsonArray, JsonValue>> answers = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /** Answers every call of {@code method} with {@code answer} of its params. */
    public void answer(String method, Function<JsonArray, JsonValue> answer) {
        answers.put(method, answer);
    }

    /** Leaves the calls of {@code method} pending from now on. */
    public void unanswer(String method) {
        answers.remove(method);
    }

    @Override
    public CompletableFuture<JsonValue> call(String method, JsonValue... params) {
        Call call = new Call(method, Json.createArrayBuilder(List.of(params)).build(), new CompletableFuture<>());
        calls.add(call);
        Function<JsonArray, JsonValue> answer = answers.get(method);
        if (answer != null) {
            try {
                call.answer.complete(answer.apply(call.params));
            } catch (RuntimeException e) {
                call.answer.completeExceptionally(e);
            }
        }
        return call.answer;
    }

    @Override
    public RpcConnection connection() {
        throw new RpcUnavailableException("a FakeRpcClient has no connection");
    }

    /** The calls of {@code method}, in order. */
    public List<Call> calls(String method) {
        return calls.stream().filter(call -> call.method.equals(method)).toList();
    }

    /** The {@code state_getStorage} calls for {@code key}. */
    public List<Call> storageCalls(byte[] key) {
        String hex = hex(key);
        return calls("state_getStorage").stream()
                .filter(call -> call.firstParam().equals(hex))
                .toList();
    }

    /** Bytes as the node writes them: {@code 0x} and lower-case hex. */
    public static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** A JSON string of {@code bytes} in hex. */
    public static JsonValue hexValue(byte[] bytes) {
        return Json.createValue(hex(bytes));
    }
}
