package dev.rmbee.relay.redis;

import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.redis.resp.RespScript;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.OptionalOptions;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * How {@link StreamAppends} runs its script ({@link SenderShares#APPEND}): through Redisson, or
 * through the pipelined RESP client of the hot path ({@code rmb.redis.hot-client}). Either answers
 * the script's list as Redis gave it: {@link Long}s for numbers, {@code byte[]} for strings.
 */
interface AppendScript {

    /** Runs the script with {@code keys} (the first names the stream) and {@code args} (all bytes). */
    CompletionStage<List<Object>> call(String key, List<Object> keys, byte[][] args);

    /**
     * True when the stages complete on a thread of the client's own that may run the appends'
     * completions itself; false when they must be handed to the executor (Redisson's I/O threads).
     */
    boolean completesOnOwnThread();

    /** Through {@code hot}, or through Redisson when it is null. */
    static AppendScript of(RedissonClient redisson, RespCommands hot, RedisQueueLimits limits) {
        return hot == null ? redisson(redisson, limits) : resp(hot);
    }

    /** Through Redisson: {@code EVAL} with the text, no retries, the limits' timeout. */
    static AppendScript redisson(RedissonClient redisson, RedisQueueLimits limits) {
        // no retries: a retried script after a lost answer could store a batch twice, and the sender
        // of an append Redis did not take learns it within the timeout rather than Redisson's retries
        RScript script = redisson.getScript(OptionalOptions.defaults()
                .codec(ByteArrayCodec.INSTANCE)
                .timeout(limits.timeout())
                .retryAttempts(0));
        return new AppendScript() {
            @Override
            public CompletionStage<List<Object>> call(String key, List<Object> keys, byte[][] args) {
                return script.<List<Object>>evalAsync(
                        key, RScript.Mode.READ_WRITE, SenderShares.APPEND, RScript.ReturnType.LIST, keys, (Object[])
                                args);
            }

            @Override
            public boolean completesOnOwnThread() {
                return false;
            }
        };
    }

    /**
     * Through the RESP client: {@code EVALSHA} ({@code EVAL} after a {@code NOSCRIPT}), never
     * resent, failing after the client's command timeout (the limits' timeout, {@code
     * RespOptions#commandTimeout}).
     */
    static AppendScript resp(RespCommands redis) {
        RespScript script = new RespScript(SenderShares.APPEND);
        return new AppendScript() {
            @Override
            @SuppressWarnings("unchecked")
            public CompletionStage<List<Object>> call(String key, List<Object> keys, byte[][] args) {
                List<String> names = keys.stream().map(String::valueOf).toList();
                return script.eval(redis, names, args).thenApply(reply -> (List<Object>) reply);
            }

            @Override
            public boolean completesOnOwnThread() {
                return true;
            }
        };
    }
}
