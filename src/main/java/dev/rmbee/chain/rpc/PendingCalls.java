package dev.rmbee.chain.rpc;

import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The calls of one connection waiting for their answers, by id, and its subscriptions' routes. Not
 * thread-safe: the connection's lock guards it; what it returns runs outside the lock.
 */
final class PendingCalls {

    /** A call waiting: a subscribe call has the {@code subscriber} of its notifications. */
    record Call(String method, CompletableFuture<JsonValue> result, Consumer<JsonValue> subscriber) {}

    /** An answered call and the deliveries of its subscription's early notifications (to run first). */
    record Answered(Call call, List<Runnable> early) {}

    private final Map<Long, Call> calls = new HashMap<>();
    private final SubscriptionRoutes routes = new SubscriptionRoutes();

    void add(long id, Call call) {
        calls.put(id, call);
        if (call.subscriber() != null) {
            routes.subscribing();
        }
    }

    /** The call {@code id} given up (timed out), or null when it is no longer waiting. */
    Call take(long id) {
        Call call = calls.remove(id);
        if (call != null && call.subscriber() != null) {
            routes.notSubscribed();
        }
        return call;
    }

    /** The call {@code response} answers, or null when none waits for it (it timed out). */
    Answered answered(RpcMessage.Response response) {
        Call call = calls.remove(response.id());
        if (call == null) {
            return null;
        }
        if (call.subscriber() == null) {
            return new Answered(call, List.of());
        }
        if (response.error() == null && RpcMessage.isSubscriptionId(response.result())) {
            return new Answered(call, routes.subscribed(SubscriptionRoutes.key(response.result()), call.subscriber()));
        }
        routes.notSubscribed();
        return new Answered(call, List.of());
    }

    /** The delivery of a notification, or null when it has no route. */
    Runnable route(RpcMessage.Notification notification) {
        return routes.route(SubscriptionRoutes.key(notification.subscription()), notification.result());
    }

    /** Stops routing subscription {@code id}; false when it was not routed. */
    boolean unroute(JsonValue id) {
        return routes.remove(SubscriptionRoutes.key(id));
    }

    /** Every waiting call, removed, and no routes left. */
    List<Call> drain() {
        List<Call> waiting = new ArrayList<>(calls.values());
        calls.clear();
        routes.clear();
        return waiting;
    }
}
