package dev.rmbee.chain.rpc;

import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the notifications of one connection go, by subscription id. A node may send a
 * subscription's first notification before the answer that names the subscription: while a
 * subscribe call is waiting for its answer, notifications for unknown ids are kept (up to a cap)
 * and handed to the subscription that turns out to own them; otherwise they are dropped. Not
 * thread-safe: the connection's lock guards it, and the deliveries it returns run outside it.
 */
final class SubscriptionRoutes {

    static final int MAX_EARLY = 1024;

    private record Early(String key, JsonValue result) {}

    private final Map<String, Consumer<JsonValue>> routes = new HashMap<>();
    private final List<Early> early = new ArrayList<>();
    private int subscribing;
    private long dropped;

    /** The key of a subscription id (a string or a number on the wire). */
    static String key(JsonValue id) {
        return id.toString();
    }

    /** A subscribe call was sent. */
    void subscribing() {
        subscribing++;
    }

    /** A subscribe call was answered with {@code key}: routes it; returns its early notifications' deliveries. */
    List<Runnable> subscribed(String key, Consumer<JsonValue> consumer) {
        routes.put(key, consumer);
        List<Runnable> deliveries = new ArrayList<>();
        for (Iterator<Early> it = early.iterator(); it.hasNext(); ) {
            Early notification = it.next();
            if (notification.key().equals(key)) {
                it.remove();
                deliveries.add(() -> consumer.accept(notification.result()));
            }
        }
        finishedSubscribing();
        return deliveries;
    }

    /** A subscribe call failed or timed out. */
    void notSubscribed() {
        finishedSubscribing();
    }

    /** The delivery of a notification, or null when it has no route yet (kept while subscribing) or none. */
    Runnable route(String key, JsonValue result) {
        Consumer<JsonValue> consumer = routes.get(key);
        if (consumer != null) {
            return () -> consumer.accept(result);
        }
        if (subscribing > 0 && early.size() < MAX_EARLY) {
            early.add(new Early(key, result));
        } else {
            dropped++;
        }
        return null;
    }

    /** Notifications dropped for want of a route, so far. */
    long dropped() {
        return dropped;
    }

    boolean remove(String key) {
        return routes.remove(key) != null;
    }

    void clear() {
        routes.clear();
        early.clear();
    }

    private void finishedSubscribing() {
        subscribing--;
        if (subscribing == 0) {
            dropped += early.size();
            early.clear();
        }
    }
}
