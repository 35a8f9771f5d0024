package dev.rmbee.chain.rpc;

import static dev.rmbee.testing.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

class RpcSubscriptionTest {

    private static final URI URL = URI.create("ws://node-a:9944");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final JsonValue ID = Json.createValue("sub-1");

    private final ScriptedRpcNodes nodes = new ScriptedRpcNodes();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RpcConnection connection = RpcConnection.open(nodes, URL, scheduler, CALL_TIMEOUT, reason -> {})
            .join();
    private final ScriptedRpcChannel node = nodes.last();
    private final List<JsonValue> heads = new ArrayList<>();

    private CompletableFuture<Subscription> subscribeHeads() {
        return connection.subscribe("chain_subscribeNewHeads", List.of(), "chain_unsubscribeNewHeads", heads::add);
    }

    private static JsonValue head(int number) {
        return Json.createObjectBuilder()
                .add("number", "0x" + Integer.toHexString(number))
                .build();
    }

    @Test
    void notificationsAreRoutedBySubscriptionId() {
        CompletableFuture<Subscription> subscribed = subscribeHeads();
        node.reply(node.request("chain_subscribeNewHeads"), ID);

        node.notify("chain_newHead", ID, head(1));
        node.notify("chain_newHead", Json.createValue("someone-else"), head(99));
        node.notify("chain_newHead", ID, head(2));

        assertEquals("sub-1", subscribed.join().id());
        assertEquals(List.of(head(1), head(2)), heads);
    }

    @Test
    void notificationsThatComeBeforeTheSubscriptionIdAreDeliveredFirstAndInOrder() {
        CompletableFuture<Subscription> subscribed = subscribeHeads();
        List<Boolean> doneWhenDelivered = new ArrayList<>();
        heads.clear();

        node.notify("chain_newHead", ID, head(1));
        node.notify("chain_newHead", ID, head(2));
        assertTrue(heads.isEmpty());
        node.reply(node.request("chain_subscribeNewHeads"), ID);
        doneWhenDelivered.add(subscribed.isDone());
        node.notify("chain_newHead", ID, head(3));

        assertEquals(List.of(head(1), head(2), head(3)), heads);
        assertEquals(List.of(true), doneWhenDelivered);
    }

    @Test
    void numericSubscriptionIdsWork() {
        CompletableFuture<Subscription> subscribed = subscribeHeads();
        node.notify("chain_newHead", Json.createValue(7), head(1));
        node.reply(node.request("chain_subscribeNewHeads"), Json.createValue(7));
        node.notify("chain_newHead", Json.createValue("7"), head(2)); // a string "7" is another id

        assertEquals("7", subscribed.join().id());
        assertEquals(List.of(head(1)), heads);
    }

    @Test
    void earlyNotificationsOfAFailedSubscribeAreDropped() {
        CompletableFuture<Subscription> refused = subscribeHeads();
        node.notify("chain_newHead", ID, head(1));
        node.replyError(node.request("chain_subscribeNewHeads"), -32601, "Method not found", null);

        CompletableFuture<Subscription> subscribed = subscribeHeads();
        node.reply(node.requests("chain_subscribeNewHeads").get(1), ID);

        assertInstanceOf(RpcErrorException.class, failure(refused));
        assertTrue(subscribed.isDone());
        assertTrue(heads.isEmpty(), heads.toString());
    }

    @Test
    void aSubscribeAnsweredWithoutAnIdFails() {
        CompletableFuture<Subscription> subscribed = subscribeHeads();
        node.reply(node.request("chain_subscribeNewHeads"), JsonValue.TRUE);
        assertInstanceOf(RpcUnavailableException.class, failure(subscribed));
    }

    @Test
    void cancellingUnsubscribesAndStopsTheNotifications() {
        CompletableFuture<Subscription> subscribed = subscribeHeads();
        node.reply(node.request("chain_subscribeNewHeads"), ID);

        CompletableFuture<Boolean> cancelled = subscribed.join().cancel();
        JsonObject unsubscribe = node.request("chain_unsubscribeNewHeads");
        node.reply(unsubscribe, JsonValue.TRUE);
        node.notify("chain_newHead", ID, head(1));

        assertEquals(Json.createArrayBuilder().add("sub-1").build(), unsubscribe.getJsonArray("params"));
        assertTrue(cancelled.join());
        assertTrue(heads.isEmpty());
        assertFalse(subscribed.join().cancel().join(), "a second cancel");
    }

    @Test
    void cancellingOnALostConnectionIsFalseAndSendsNothing() {
        CompletableFuture<Subscription> subscribed = subscribeHeads();
        node.reply(node.request("chain_subscribeNewHeads"), ID);
        node.drop("gone");

        assertFalse(subscribed.join().cancel().join());
        assertTrue(node.requests("chain_unsubscribeNewHeads").isEmpty());
    }

    @Test
    void aFailingSubscriberDoesNotEndTheConnection() {
        CompletableFuture<Subscription> subscribed =
                connection.subscribe("chain_subscribeNewHeads", List.of(), "chain_unsubscribeNewHeads", value -> {
                    throw new IllegalStateException("subscriber bug");
                });
        node.reply(node.request("chain_subscribeNewHeads"), ID);
        node.notify("chain_newHead", ID, head(1));

        CompletableFuture<JsonValue> call = connection.call("system_chain");
        node.reply(node.request("system_chain"), Json.createValue("tfchain"));

        assertTrue(subscribed.isDone());
        assertEquals(Json.createValue("tfchain"), call.join());
    }
}
