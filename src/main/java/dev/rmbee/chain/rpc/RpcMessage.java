package dev.rmbee.chain.rpc;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/** One inbound message of a node, classified. */
sealed interface RpcMessage {

    /** An answer to call {@code id}: {@code error} when it is not null, else {@code result}. */
    record Response(long id, JsonValue result, JsonValue error) implements RpcMessage {}

    /** A notification of subscription {@code subscription}. */
    record Notification(JsonValue subscription, JsonValue result) implements RpcMessage {}

    /** Well-formed, but nothing a client acts on (an answer to no call of ours, another notification). */
    record Ignored() implements RpcMessage {}

    /** Not JSON-RPC. */
    record Malformed() implements RpcMessage {}

    static RpcMessage parse(String text) {
        Optional<JsonObject> parsed = RpcJson.parseObject(text);
        if (parsed.isEmpty()) {
            return new Malformed();
        }
        JsonObject message = parsed.get();
        if (message.containsKey("method")) {
            return notification(message);
        }
        if (!message.containsKey("id") || !(message.containsKey("result") || message.containsKey("error"))) {
            return new Malformed();
        }
        if (message.get("id") instanceof JsonNumber id && id.isIntegral()) {
            return new Response(id.longValue(), message.get("result"), message.get("error"));
        }
        return new Ignored();
    }

    static boolean isSubscriptionId(JsonValue value) {
        return value instanceof JsonString || value instanceof JsonNumber;
    }

    private static RpcMessage notification(JsonObject message) {
        if (message.get("params") instanceof JsonObject params
                && isSubscriptionId(params.get("subscription"))
                && params.containsKey("result")) {
            return new Notification(params.get("subscription"), params.get("result"));
        }
        return new Ignored();
    }
}
