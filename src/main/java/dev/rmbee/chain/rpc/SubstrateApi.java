package dev.rmbee.chain.rpc;

import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Substrate calls rmb-ee makes (chain.md §2), typed: hashes and storage values as bytes (32
 * bytes for a hash), hex with {@code 0x} on the wire. Over a {@link NodePool} a call is retried
 * once on the next connection when its connection was lost; over one {@link RpcConnection} it is
 * not. Subscriptions go to the client's {@link RpcClient#connection() connection} and end with it.
 * An answer of the wrong shape fails with {@link RpcUnavailableException}; a notification of the
 * wrong shape is logged and skipped. Thread-safe; nothing blocks.
 */
public final class SubstrateApi {

    private static final Logger LOG = Logger.getLogger(SubstrateApi.class.getName());

    private final RpcClient client;

    public SubstrateApi(RpcClient client) {
        this.client = client;
    }

    /** {@code state_getRuntimeVersion} at the best block. */
    public CompletableFuture<RuntimeVersion> runtimeVersion() {
        return call("state_getRuntimeVersion").thenApply(value -> RuntimeVersion.of(value, "state_getRuntimeVersion"));
    }

    /** The hash of block {@code number} on the node's best chain, or empty when it has none. */
    public CompletableFuture<Optional<byte[]>> blockHash(long number) {
        return call("chain_getBlockHash", RpcJson.number(number))
                .thenApply(value -> ChainValues.hash(value, "chain_getBlockHash"));
    }

    /** The hash of the best block (a node always has one: null is a malformed answer). */
    public CompletableFuture<byte[]> bestBlockHash() {
        return call("chain_getBlockHash").thenApply(value -> ChainValues.requiredHash(value, "chain_getBlockHash"));
    }

    /** The hash of block 0 (a node always has one: null is a malformed answer). */
    public CompletableFuture<byte[]> genesisHash() {
        return blockHash(0)
                .thenApply(hash -> hash.orElseThrow(() -> ChainValues.malformed("genesis hash", JsonValue.NULL)));
    }

    /** {@code state_getMetadata}: {@code "meta"} ‖ version ‖ the metadata, as the node sent it. */
    public CompletableFuture<byte[]> metadata() {
        return call("state_getMetadata")
                .thenApply(value -> ChainValues.bytes(value, "state_getMetadata")
                        .orElseThrow(() -> ChainValues.malformed("state_getMetadata", value)));
    }

    /** The value at storage {@code key} at the best block, or empty when there is none. */
    public CompletableFuture<Optional<byte[]>> storage(byte[] key) {
        return call("state_getStorage", RpcJson.hexValue(key))
                .thenApply(value -> ChainValues.bytes(value, "state_getStorage"));
    }

    /** The value at storage {@code key} at block {@code blockHash}, or empty when there is none. */
    public CompletableFuture<Optional<byte[]>> storage(byte[] key, byte[] blockHash) {
        return call("state_getStorage", RpcJson.hexValue(key), RpcJson.hexValue(blockHash))
                .thenApply(value -> ChainValues.bytes(value, "state_getStorage"));
    }

    /** The header of block {@code blockHash}, or empty when the node has no such block. */
    public CompletableFuture<Optional<Header>> header(byte[] blockHash) {
        return call("chain_getHeader", RpcJson.hexValue(blockHash))
                .thenApply(value ->
                        value == JsonValue.NULL ? Optional.empty() : Optional.of(Header.of(value, "chain_getHeader")));
    }

    /** The extrinsics of block {@code blockHash} ({@code chain_getBlock}), each as encoded; empty when the node has no such block. */
    public CompletableFuture<Optional<List<byte[]>>> blockExtrinsics(byte[] blockHash) {
        String what = "chain_getBlock";
        return call(what, RpcJson.hexValue(blockHash)).thenApply(value -> {
            if (value == JsonValue.NULL) {
                return Optional.empty();
            }
            JsonValue extrinsics = ChainValues.member(ChainValues.member(value, "block", what), "extrinsics", what);
            if (extrinsics.getValueType() != JsonValue.ValueType.ARRAY) {
                throw ChainValues.malformed(what + ".block.extrinsics", extrinsics);
            }
            return Optional.of(extrinsics.asJsonArray().stream()
                    .map(item -> ChainValues.bytes(item, what + ".block.extrinsics")
                            .orElseThrow(() -> ChainValues.malformed(what + ".block.extrinsics", item)))
                    .toList());
        });
    }

    /** {@code system_accountNextIndex}: the next nonce of the account at {@code ss58Address}. */
    public CompletableFuture<Long> accountNextIndex(String ss58Address) {
        return call("system_accountNextIndex", RpcJson.string(ss58Address))
                .thenApply(value -> ChainValues.number(value, "system_accountNextIndex"));
    }

    /**
     * Follows the best head ({@code chain_subscribeNewHeads}); see {@link NewHeads} for how each
     * head's hash is found and in what order heads come.
     */
    public CompletableFuture<Subscription> subscribeNewHeads(Consumer<Head> listener) {
        return onConnection(connection -> connection.subscribe(
                "chain_subscribeNewHeads",
                List.of(),
                "chain_unsubscribeNewHeads",
                new NewHeads(connection, listener)::header));
    }

    /** Follows runtime upgrades ({@code state_subscribeRuntimeVersion}); the first notification is the current one. */
    public CompletableFuture<Subscription> subscribeRuntimeVersion(Consumer<RuntimeVersion> listener) {
        return onConnection(connection -> connection.subscribe(
                "state_subscribeRuntimeVersion",
                List.of(),
                "state_unsubscribeRuntimeVersion",
                typed(connection, value -> RuntimeVersion.of(value, "state_runtimeVersion"), listener)));
    }

    /**
     * Submits a signed extrinsic (its encoding with the length prefix) and follows its status until
     * {@link #unwatch}; a node refusing it fails the result with {@link RpcErrorException} (1010).
     * Not retried on another connection: the node may have taken it.
     */
    public CompletableFuture<Subscription> submitAndWatch(byte[] extrinsic, Consumer<ExtrinsicStatus> listener) {
        return onConnection(connection -> connection.subscribe(
                "author_submitAndWatchExtrinsic",
                List.of(RpcJson.hexValue(extrinsic)),
                "author_unwatchExtrinsic",
                typed(connection, ExtrinsicStatus::of, status -> status.ifPresent(listener))));
    }

    /** Stops following an extrinsic ({@code author_unwatchExtrinsic}); the same as {@link Subscription#cancel()}. */
    public CompletableFuture<Boolean> unwatch(Subscription watch) {
        return watch.cancel();
    }

    private CompletableFuture<JsonValue> call(String method, JsonValue... params) {
        return client.call(method, params);
    }

    private <T> CompletableFuture<T> onConnection(Function<RpcConnection, CompletableFuture<T>> command) {
        try {
            return command.apply(client.connection());
        } catch (RpcUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> Consumer<JsonValue> typed(
            RpcConnection connection, Function<JsonValue, T> read, Consumer<T> listener) {
        return value -> {
            T typed;
            try {
                typed = read.apply(value);
            } catch (RpcUnavailableException e) {
                LOG.log(Level.WARNING, "{0}: skipped a notification: {1}", new Object[] {
                    connection.url(), e.getMessage()
                });
                return;
            }
            listener.accept(typed);
        };
    }
}
