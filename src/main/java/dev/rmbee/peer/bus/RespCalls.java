package dev.rmbee.peer.bus;

import dev.rmbee.redis.resp.RespCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link BusCalls} over the project's pipelined RESP client ({@link RespCommands}, one connection
 * to a single server): each call is encoded on the caller's thread and its stage completes on the
 * connection's reader thread, without Redisson's pool, command objects and event loop.
 */
final class RespCalls implements BusCalls {

    private static final byte[] GET = "GET".getBytes(StandardCharsets.US_ASCII);

    private final RespCommands redis;

    RespCalls(RespCommands redis) {
        this.redis = redis;
    }

    @Override
    public CompletionStage<Long> evalLong(Script script, List<String> keys, byte[]... args) {
        return eval(script, keys, args).thenApply(reply -> (Long) reply);
    }

    @Override
    public CompletionStage<List<byte[]>> evalList(Script script, List<String> keys, byte[]... args) {
        return eval(script, keys, args).thenApply(reply -> {
            List<?> items = (List<?>) reply;
            List<byte[]> values = new ArrayList<>(items.size());
            items.forEach(item -> values.add((byte[]) item));
            return values;
        });
    }

    @Override
    public boolean completesInPlace() {
        return true;
    }

    @Override
    public CompletionStage<byte[]> get(String key) {
        try {
            return redis.send(key, GET, key.getBytes(StandardCharsets.UTF_8)).thenApply(reply -> (byte[]) reply);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<Object> eval(Script script, List<String> keys, byte[]... args) {
        try {
            return script.resp().eval(redis, keys, args);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
