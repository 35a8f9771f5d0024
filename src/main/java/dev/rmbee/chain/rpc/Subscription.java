package dev.rmbee.chain.rpc;

import jakarta.json.JsonValue;
import java.util.concurrent.CompletableFuture;

/**
 * A subscription on one connection (chain.md §2): its notifications go to the consumer given to
 * {@link RpcConnection#subscribe} until it is cancelled or the connection ends. A subscription does
 * not survive its connection: who needs it again subscribes on the next one.
 */
public final class Subscription {

    private final RpcConnection connection;
    private final JsonValue id;
    private final String unsubscribeMethod;

    Subscription(RpcConnection connection, JsonValue id, String unsubscribeMethod) {
        this.connection = connection;
        this.id = id;
        this.unsubscribeMethod = unsubscribeMethod;
    }

    /** The node's id of the subscription, as text. */
    public String id() {
        return RpcJson.text(id);
    }

    JsonValue idValue() {
        return id;
    }

    String unsubscribeMethod() {
        return unsubscribeMethod;
    }

    public RpcConnection connection() {
        return connection;
    }

    /**
     * Stops routing its notifications and asks the node to end it: true when the node confirmed;
     * false when it did not (already ended, connection gone, an error answer). Never fails.
     */
    public CompletableFuture<Boolean> cancel() {
        return connection.unsubscribe(this);
    }

    @Override
    public String toString() {
        return "subscription " + id() + " on " + connection.url();
    }
}
