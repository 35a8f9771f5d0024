package dev.rmbee.federation.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.federation.ReplayGuard;
import dev.rmbee.federation.ReplayKey;
import dev.rmbee.redis.resp.RespCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * The replay memory shared by every instance of a relay on one Redis: one key per envelope taken,
 * {@code rmb.federation.seen:<32 hex digits>} ({@link ReplayKey#hex()}), written with {@code SET key
 * 1 NX PX <ttl>}, so of two instances taking the same envelope at once exactly one queues it, and
 * Redis forgets it when its TTL ends. The reference relay has no such key. One key per command, so
 * it works on a Redis Cluster. The commands go through the relay's pipelined RESP client when it
 * is given (the POSTs taken at once share its connection), else through Redisson.
 */
public final class RedisReplayGuard implements ReplayGuard {

    /** The prefix of the keys. */
    public static final String PREFIX = "rmb.federation.seen:";

    private static final byte[] MARK = {'1'};
    private static final byte[] SET = ascii("SET");
    private static final byte[] NX = ascii("NX");
    private static final byte[] PX = ascii("PX");
    private static final byte[] DEL = ascii("DEL");

    private final RedissonClient redis;
    private final RespCommands resp;
    private final Executor executor;

    /** @param executor completes the stages (never Redisson's I/O threads) */
    public RedisReplayGuard(RedissonClient redis, Executor executor) {
        this(redis, null, executor);
    }

    /**
     * @param resp the pipelined RESP client on the same Redis, the caller's; null: Redisson sends
     *     the commands
     * @param executor completes the stages (never the clients' I/O threads)
     */
    public RedisReplayGuard(RedissonClient redis, RespCommands resp, Executor executor) {
        this.redis = redis;
        this.resp = resp;
        this.executor = executor;
    }

    @Override
    public CompletionStage<Boolean> firstTime(ReplayKey key, Duration ttl) {
        Duration atLeastAMilli = ttl.toMillis() < 1 ? Duration.ofMillis(1) : ttl;
        if (resp != null) {
            String name = PREFIX + key.hex();
            byte[] millis = ascii(Long.toString(atLeastAMilli.toMillis()));
            // "OK" when set, a null reply when the key was there
            return complete(AsyncResults.call(() -> resp.send(name, SET, ascii(name), MARK, PX, millis, NX))
                    .thenApply(reply -> reply != null));
        }
        return complete(AsyncResults.call(() -> bucket(key).setIfAbsentAsync(MARK, atLeastAMilli)));
    }

    @Override
    public CompletionStage<Void> forget(ReplayKey key) {
        if (resp != null) {
            String name = PREFIX + key.hex();
            return complete(AsyncResults.call(() -> resp.send(name, DEL, ascii(name))))
                    .thenApply(deleted -> null);
        }
        return complete(AsyncResults.call(() -> bucket(key).deleteAsync())).thenApply(deleted -> null);
    }

    private RBucket<byte[]> bucket(ReplayKey key) {
        return redis.getBucket(PREFIX + key.hex(), ByteArrayCodec.INSTANCE);
    }

    private <T> CompletionStage<T> complete(CompletionStage<T> redisStage) {
        return AsyncResults.completeOn(executor, redisStage, AsyncResults::unwrap);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
