package dev.rmbee.peer.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * {@link BusCalls} through Redisson, with its byte-array codec (never its default one). The
 * scripts are called by their digest computed once, sparing Redisson's digest cache on every
 * call; a {@code NOSCRIPT} answer sends the script whole ({@code EVAL}, which also makes Redis keep
 * it).
 */
final class RedissonCalls implements BusCalls {

    private final RedissonClient redisson;

    RedissonCalls(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Override
    public CompletionStage<Long> evalLong(Script script, List<String> keys, byte[]... args) {
        return call(script, RScript.ReturnType.LONG, keys, args);
    }

    @Override
    public CompletionStage<List<byte[]>> evalList(Script script, List<String> keys, byte[]... args) {
        return this.<List<Object>>call(script, RScript.ReturnType.LIST, keys, args)
                .thenApply(RedissonCalls::values);
    }

    @Override
    public boolean completesInPlace() {
        return false;
    }

    @Override
    public CompletionStage<byte[]> get(String key) {
        return attempt(
                () -> redisson.<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).getAsync());
    }

    /** Runs {@code script} (read-write, raw bytes); a call that throws gives a failed stage. */
    private <T> CompletionStage<T> call(Script script, RScript.ReturnType type, List<String> keys, byte[]... args) {
        List<Object> names = new ArrayList<>(keys);
        Object[] values = args;
        return this.<T>attempt(() -> redisson.getScript(ByteArrayCodec.INSTANCE)
                        .<T>evalShaAsync(RScript.Mode.READ_WRITE, script.sha(), type, names, values))
                .exceptionallyCompose(error -> unknownScript(error)
                        ? attempt(() -> redisson.getScript(ByteArrayCodec.INSTANCE)
                                .<T>evalAsync(RScript.Mode.READ_WRITE, script.text(), type, names, values))
                        : CompletableFuture.failedStage(error));
    }

    private static List<byte[]> values(List<Object> reply) {
        List<byte[]> values = new ArrayList<>(reply.size());
        reply.forEach(value -> values.add((byte[]) value));
        return values;
    }

    private static boolean unknownScript(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private <T> CompletionStage<T> attempt(Supplier<? extends CompletionStage<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
