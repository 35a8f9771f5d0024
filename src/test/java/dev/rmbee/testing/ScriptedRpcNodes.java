package dev.rmbee.testing;

import dev.rmbee.chain.rpc.RpcChannel;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Chain nodes in memory for the JSON-RPC client's tests: an {@link RpcChannel.Opener} whose URLs
 * accept (a {@link ScriptedRpcChannel} the test drives), refuse, or never answer, and which answers
 * the methods given {@link #answer answers} by itself. Thread-safe enough for one test thread.
 */
public final class ScriptedRpcNodes implements RpcChannel.Opener {

    private final Set<URI> refused = new HashSet<>();
    private final Set<URI> hanging = new HashSet<>();
    private final List<URI> attempts = new ArrayList<>();
    private final List<ScriptedRpcChannel> channels = new ArrayList<>();
    private final List<CompletableFuture<RpcChannel>> hung = new ArrayList<>();
    private final Map<String, Function<JsonArray, JsonValue>> answers = new HashMap<>();

    /** Opening {@code url} fails (connection refused) until {@link #accept}. */
    public synchronized void refuse(URI url) {
        refused.add(url);
    }

    /** Opening {@code url} never completes (until the test completes it with {@link #hung()}). */
    public synchronized void hang(URI url) {
        hanging.add(url);
    }

    /** Opening {@code url} succeeds again. */
    public synchronized void accept(URI url) {
        refused.remove(url);
        hanging.remove(url);
    }

    /** Every channel answers {@code method} with {@code result} of its params, by itself. */
    public synchronized void answer(String method, Function<JsonArray, JsonValue> result) {
        answers.put(method, result);
    }

    synchronized Function<JsonArray, JsonValue> answerFor(String method) {
        return answers.get(method);
    }

    @Override
    public synchronized CompletableFuture<RpcChannel> open(URI url, RpcChannel.Listener listener) {
        attempts.add(url);
        if (refused.contains(url)) {
            return CompletableFuture.failedFuture(new IOException("connection refused: " + url));
        }
        if (hanging.contains(url)) {
            CompletableFuture<RpcChannel> never = new CompletableFuture<>();
            hung.add(never);
            return never;
        }
        ScriptedRpcChannel channel = new ScriptedRpcChannel(this, url, listener);
        channels.add(channel);
        return CompletableFuture.completedFuture(channel);
    }

    /** The URLs opened so far, in order. */
    public synchronized List<URI> attempts() {
        return List.copyOf(attempts);
    }

    /** The channels opened so far, in order. */
    public synchronized List<ScriptedRpcChannel> channels() {
        return List.copyOf(channels);
    }

    /** The channel opened last. */
    public synchronized ScriptedRpcChannel last() {
        if (channels.isEmpty()) {
            throw new IllegalStateException("no channel was opened");
        }
        return channels.get(channels.size() - 1);
    }

    /** The opens that never completed, in order (a test may complete one late). */
    public synchronized List<CompletableFuture<RpcChannel>> hung() {
        return List.copyOf(hung);
    }

    /** A channel to {@code url} that a test completes a hung open with. */
    public ScriptedRpcChannel channelFor(URI url, RpcChannel.Listener listener) {
        return new ScriptedRpcChannel(this, url, listener);
    }
}
