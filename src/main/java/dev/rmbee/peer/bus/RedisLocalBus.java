package dev.rmbee.peer.bus;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.async.AsyncResults;
import dev.rmbee.wire.proto.PeerTypes.Backlog;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * The local API on Redis through Redisson. Values are raw bytes ({@link ByteArrayCodec}): the JSON
 * exactly as clients push and read it, the Backlog as its protobuf encoding — never Redisson's
 * default codec, whose framing no other client would understand.
 *
 * <p>Commands, as MONITOR shows them: {@code BRPOP msgbus.system.local msgbus.system.reply <s>};
 * {@code MULTI}, {@code LPUSH}, {@code LTRIM <list> 0 9999}, {@code EXEC}; {@code PSETEX
 * msgbus.backlog.<uid> <ms> <bytes>} (Redisson's expiring SET; the reference sends {@code SETEX} in
 * seconds: same effect, whole seconds times 1000); {@code GET msgbus.backlog.<uid>}. Each command
 * touches one key except the BRPOP, whose two keys a Redis Cluster would need in one slot.
 *
 * <p>The Redisson client belongs to the caller, who shuts it down after the gateway stopped.
 */
public final class RedisLocalBus implements LocalBus {

    private final RedissonClient redisson;
    private final Executor executor;
    private final BatchOptions atomic =
            BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC);

    /**
     * @param redisson a connected client (stays the caller's)
     * @param executor completes the returned stages; in the container a managed executor
     */
    public RedisLocalBus(RedissonClient redisson, Executor executor) {
        this.redisson = Objects.requireNonNull(redisson, "redisson");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public CompletionStage<Optional<LocalItem>> pop(Duration timeout) {
        if (timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("the pop timeout must be at least one second (0 blocks forever)");
        }
        CompletionStage<Optional<LocalItem>> popped = call(() -> redisson.<byte[]>getBlockingDeque(
                                LocalKeys.SYSTEM_LOCAL, ByteArrayCodec.INSTANCE)
                        .pollLastFromAnyWithNameAsync(Duration.ofSeconds(timeout.toSeconds()), LocalKeys.SYSTEM_REPLY))
                .thenApply(entry -> entry == null
                        ? Optional.<LocalItem>empty()
                        : Optional.of(new LocalItem(entry.getKey(), entry.getValue())));
        return done(popped, "BRPOP " + LocalKeys.SYSTEM_LOCAL + " " + LocalKeys.SYSTEM_REPLY);
    }

    @Override
    public CompletionStage<Void> push(String list, byte[] json) {
        Objects.requireNonNull(json, "json");
        CompletionStage<Void> pushed = call(() -> {
                    RBatch batch = redisson.createBatch(atomic);
                    batch.<byte[]>getDeque(list, ByteArrayCodec.INSTANCE).addFirstAsync(json);
                    batch.<byte[]>getList(list, ByteArrayCodec.INSTANCE).trimAsync(0, LocalKeys.MAX_LIST_LENGTH - 1);
                    return batch.executeAsync();
                })
                .thenApply(result -> null);
        return done(pushed, "LPUSH " + list);
    }

    @Override
    public CompletionStage<Void> storeBacklog(Backlog backlog) {
        String key = LocalKeys.backlogKey(backlog.getUid());
        if (backlog.getUid().isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("backlog has no uid"));
        }
        if (backlog.getTtl() < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("backlog has no ttl"));
        }
        CompletionStage<Void> stored = call(() -> redisson.<byte[]>getBucket(key, ByteArrayCodec.INSTANCE)
                .setAsync(backlog.toByteArray(), Duration.ofSeconds(backlog.getTtl())));
        return done(stored, "SETEX " + key);
    }

    @Override
    public CompletionStage<Optional<Backlog>> backlog(String uid) {
        String key = LocalKeys.backlogKey(uid);
        CompletionStage<Optional<Backlog>> found = call(() ->
                        redisson.<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).getAsync())
                .thenApply(bytes -> {
                    if (bytes == null) {
                        return Optional.<Backlog>empty();
                    }
                    try {
                        return Optional.of(Backlog.parseFrom(bytes));
                    } catch (InvalidProtocolBufferException e) {
                        throw new IllegalStateException(
                                "the value of " + key + " is not a Backlog: " + e.getMessage(), e);
                    }
                });
        return done(found, "GET " + key);
    }

    /** Redisson's call as a stage; a call that throws (client shut down, ...) gives a failed stage. */
    private static <T> CompletionStage<T> call(java.util.function.Supplier<RFuture<T>> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> CompletionStage<T> done(CompletionStage<T> stage, String command) {
        return AsyncResults.completeOn(executor, stage, error -> {
            Throwable cause = AsyncResults.unwrap(error);
            return new LocalBusException("redis error: " + command + ": " + AsyncResults.describe(cause), cause);
        });
    }
}
