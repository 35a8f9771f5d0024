package dev.rmbee.chain.rpc;

import jakarta.json.JsonValue;
import java.util.concurrent.CompletableFuture;

/** What {@link SubstrateApi} calls through: one {@link RpcConnection}, or a {@link NodePool}. */
public interface RpcClient {

    /**
     * Calls {@code method} with {@code params} ({@link JsonValue#NULL} for a JSON null, never a Java
     * null): its result ({@link JsonValue#NULL} for null), or an {@link RpcErrorException} when the
     * node answered with an error, or an {@link RpcUnavailableException} when no answer came.
     */
    CompletableFuture<JsonValue> call(String method, JsonValue... params);

    /**
     * The connection subscriptions go to.
     *
     * @throws RpcUnavailableException when none is connected
     */
    RpcConnection connection();
}
