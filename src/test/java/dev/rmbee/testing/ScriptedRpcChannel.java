package dev.rmbee.testing;

import dev.rmbee.chain.rpc.RpcChannel;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One open channel of {@link ScriptedRpcNodes}: records what the client sends, and lets the test
 * play the node: answers, errors, notifications, raw text, a dropped connection. Everything the
 * test plays reaches the client on the test's thread, at once.
 */
public final class ScriptedRpcChannel implements RpcChannel {

    private final ScriptedRpcNodes nodes;
    private final URI url;
    private final RpcChannel.Listener listener;
    private final List<JsonObject> requests = new ArrayList<>();
    private boolean ended;
    private boolean closedByClient;

    ScriptedRpcChannel(ScriptedRpcNodes nodes, URI url, RpcChannel.Listener listener) {
        this.nodes = nodes;
        this.url = url;
        this.listener = listener;
    }

    public URI url() {
        return url;
    }

    @Override
    public void send(String text) {
        JsonObject request;
        synchronized (this) {
            if (ended) {
                return;
            }
            try (JsonReader reader = Json.createReader(new StringReader(text))) {
                request = reader.readObject();
            }
            requests.add(request);
        }
        Function<JsonArray, JsonValue> answer = nodes.answerFor(request.getString("method"));
        if (answer != null) {
            reply(request, answer.apply(request.getJsonArray("params")));
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closedByClient = !ended;
        }
        end("closed by the client");
    }

    /** Every request received, in order. */
    public synchronized List<JsonObject> requests() {
        return List.copyOf(requests);
    }

    /** The last request of {@code method}. */
    public synchronized JsonObject request(String method) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).getString("method").equals(method)) {
                return requests.get(i);
            }
        }
        throw new AssertionError("no " + method + " request; got " + requests);
    }

    /** The requests of {@code method}, in order. */
    public synchronized List<JsonObject> requests(String method) {
        return requests.stream()
                .filter(r -> r.getString("method").equals(method))
                .toList();
    }

    public synchronized boolean closedByClient() {
        return closedByClient;
    }

    public synchronized boolean isOpen() {
        return !ended;
    }

    /** Answers {@code request} with {@code result}. */
    public void reply(JsonObject request, JsonValue result) {
        receive(message(request).add("result", result).build().toString());
    }

    /** Answers {@code request} with a JSON-RPC error ({@code data} may be null: none). */
    public void replyError(JsonObject request, int code, String message, JsonValue data) {
        JsonObjectBuilder error = Json.createObjectBuilder().add("code", code).add("message", message);
        if (data != null) {
            error.add("data", data);
        }
        receive(message(request).add("error", error).build().toString());
    }

    /** Sends the notification {@code method} of {@code subscription} with {@code result}. */
    public void notify(String method, JsonValue subscription, JsonValue result) {
        receive(Json.createObjectBuilder()
                .add("jsonrpc", "2.0")
                .add("method", method)
                .add(
                        "params",
                        Json.createObjectBuilder()
                                .add("subscription", subscription)
                                .add("result", result))
                .build()
                .toString());
    }

    /** Delivers {@code text} as one message from the node. */
    public void receive(String text) {
        synchronized (this) {
            if (ended) {
                throw new IllegalStateException("the channel has ended");
            }
        }
        listener.message(text);
    }

    /** The node drops the connection. */
    public void drop(String reason) {
        end(reason);
    }

    private void end(String reason) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        listener.closed(reason);
    }

    private static JsonObjectBuilder message(JsonObject request) {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", request.get("id"));
    }
}
